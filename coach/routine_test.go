package coach

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestRoutines(t *testing.T) {
	rs := Routines()
	if diff := cmp.Diff([]string{"decompress", "core", "legs"}, RoutineNames()); diff != "" {
		t.Errorf("RoutineNames() mismatch (-want +got):\n%s", diff)
	}
	for _, r := range rs {
		t.Run(r.Name, func(t *testing.T) {
			if r.Title == "" || len(r.Steps) < 2 {
				t.Errorf("routine %q has title %q and %d steps, want a title and steps", r.Name, r.Title, len(r.Steps))
			}
			for i, s := range r.Steps {
				if s.Title == "" || s.Text == "" || s.Hold < 0 || s.Hold > MaxHang {
					t.Errorf("step %d = %+v, want a title, a text and a hold within [0, %v]", i, s, MaxHang)
				}
			}
			if got := r.TotalHold(); got <= 0 || got > CautionAbove {
				t.Errorf("%s.TotalHold() = %v, want within (0, %v]", r.Name, got, CautionAbove)
			}
			last := r.Steps[len(r.Steps)-1].Text + r.Steps[len(r.Steps)-2].Text
			if !strings.Contains(last, "slowly") {
				t.Errorf("routine %q ends with %q, want it to come up slowly", r.Name, last)
			}
		})
	}
	// Routines returns fresh values: changing one must not change the next.
	rs[0].Steps[0].Title = "changed"
	if Routines()[0].Steps[0].Title == "changed" {
		t.Error("Routines() shares its steps between calls")
	}
}

func TestRoutineContent(t *testing.T) {
	tests := []struct {
		name     string
		mentions []string
		logged   time.Duration
	}{
		{"decompress", []string{"rotat", "horizontal", "slowly"}, 2 * time.Minute},
		{"core", []string{"crunches", "toe touches", "Set 3 of 3", "Rest"}, 3 * time.Minute},
		{"legs", []string{"10 inverted squats", "Set 3 of 3", "Rest"}, 2 * time.Minute},
	}
	for _, tt := range tests {
		r, err := FindRoutine(tt.name)
		if err != nil {
			t.Fatalf("FindRoutine(%q) = %v", tt.name, err)
		}
		var all strings.Builder
		for _, s := range r.Steps {
			all.WriteString(s.Title + " " + s.Text + "\n")
		}
		for _, m := range tt.mentions {
			if !strings.Contains(all.String(), m) {
				t.Errorf("routine %q does not mention %q", tt.name, m)
			}
		}
		if got := r.TotalHold(); got != tt.logged {
			t.Errorf("%s.TotalHold() = %v, want %v", tt.name, got, tt.logged)
		}
	}
}

func TestFindRoutine(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"decompress", "decompress"},
		{" Core ", "core"},
		{"LEGS", "legs"},
		{"", ""},
		{"yoga", ""},
	}
	for _, tt := range tests {
		r, err := FindRoutine(tt.in)
		if r.Name != tt.want {
			t.Errorf("FindRoutine(%q) = %q, %v, want %q", tt.in, r.Name, err, tt.want)
		}
		if tt.want != "" {
			continue
		}
		ie := inputError(t, err, "routine")
		for _, n := range RoutineNames() {
			if !strings.Contains(ie.Accepted, n) {
				t.Errorf("FindRoutine(%q) accepted = %q, want it to list %q", tt.in, ie.Accepted, n)
			}
		}
	}
}

func TestRoutineCheckDevice(t *testing.T) {
	tests := []struct {
		routine string
		device  Device
		ok      bool
	}{
		{"decompress", Table, true},
		{"decompress", Chair, true},
		{"decompress", Boots, true},
		{"decompress", "", true},
		{"core", BentKnee, true},
		{"legs", Boots, true},
		{"legs", BentKnee, true},
		{"legs", Table, false},
		{"legs", Chair, false},
		{"legs", "", false}, // empty is the default, a table
	}
	for _, tt := range tests {
		r, _ := FindRoutine(tt.routine)
		err := r.CheckDevice(tt.device)
		if (err == nil) != tt.ok || r.Allows(tt.device) != tt.ok {
			t.Errorf("%s.CheckDevice(%q) = %v, Allows = %v, want ok %v", tt.routine, tt.device, err, r.Allows(tt.device), tt.ok)
		}
		if err != nil {
			ie := inputError(t, err, "device")
			if want := "legs needs gravity boots or a bent-knee device"; ie.Accepted != want {
				t.Errorf("%s.CheckDevice(%q) accepted = %q, want %q", tt.routine, tt.device, ie.Accepted, want)
			}
		}
	}
}

func TestTotalHold(t *testing.T) {
	tests := []struct {
		name string
		r    Routine
		want time.Duration
	}{
		{"logged", Routine{Logged: 2 * time.Minute, Steps: []Step{{Hold: time.Minute}}}, 2 * time.Minute},
		{"sum of holds", Routine{Steps: []Step{{Hold: time.Minute}, {}, {Hold: 30 * time.Second}}}, 90 * time.Second},
		{"capped", Routine{Logged: time.Hour}, MaxHang},
		{"capped sum", Routine{Steps: slices.Repeat([]Step{{Hold: 4 * time.Minute}}, 3)}, MaxHang},
		{"empty", Routine{}, 0},
	}
	for _, tt := range tests {
		if got := tt.r.TotalHold(); got != tt.want {
			t.Errorf("TotalHold(%s) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestJoinOr(t *testing.T) {
	tests := []struct {
		in   []string
		want string
	}{
		{nil, ""},
		{[]string{"a"}, "a"},
		{[]string{"a", "b"}, "a or b"},
		{[]string{"a", "b", "c"}, "a, b or c"},
	}
	for _, tt := range tests {
		if got := joinOr(tt.in); got != tt.want {
			t.Errorf("joinOr(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
