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
		angle   int
		want    string // the accepted devices; empty when it fits
	}{
		{"decompress", Table, 30, ""},
		{"decompress", Chair, 30, ""},
		{"decompress", Boots, 90, ""},
		{"decompress", "", 20, ""},
		{"core", BentKnee, 90, ""},
		{"core", Boots, 90, ""},
		{"core", Table, 60, ""},
		{"core", Chair, 30, ""}, // the reduced variant
		{"core", Table, 30, "core fits gravity boots, a bent-knee device, a table at 60° or more or a chair (a reduced variant)"},
		{"core", "", 50, "core fits gravity boots, a bent-knee device, a table at 60° or more or a chair (a reduced variant)"},
		{"legs", Boots, 90, ""},
		{"legs", BentKnee, 90, "legs fits gravity boots"}, // no bar to curl up to
		{"legs", Table, 90, "legs fits gravity boots"},
		{"legs", Chair, 70, "legs fits gravity boots"},
		{"legs", "", 30, "legs fits gravity boots"}, // empty is the default, a table
	}
	for _, tt := range tests {
		r, _ := FindRoutine(tt.routine)
		err := r.CheckDevice(tt.device, tt.angle)
		if (err == nil) != (tt.want == "") || r.Allows(tt.device, tt.angle) != (tt.want == "") {
			t.Errorf("%s.CheckDevice(%q, %d) = %v, Allows = %v, want fit %v", tt.routine, tt.device, tt.angle, err, r.Allows(tt.device, tt.angle), tt.want == "")
		}
		if err != nil {
			if ie := inputError(t, err, "device"); ie.Accepted != tt.want {
				t.Errorf("%s.CheckDevice(%q, %d) accepted = %q, want %q", tt.routine, tt.device, tt.angle, ie.Accepted, tt.want)
			}
		}
	}
}

// TestRoutineForDevice checks that every routine, on every device it fits,
// says how to get in and out on that device and nothing of another's.
func TestRoutineForDevice(t *testing.T) {
	tests := []struct {
		name    string
		device  Device
		angle   int
		want    []string
		notWant []string
	}{
		{"decompress", Table, 30, []string{"Lean back slowly", "pausing near horizontal"}, []string{"boot", "bar"}},
		{"decompress", Chair, 30, []string{"seat belt", "pausing near horizontal"}, []string{"boot"}},
		{"decompress", Boots, 90, []string{"locked on a sturdy bar", "unhook one boot at a time"}, []string{"Lean back", "horizontal"}},
		{"decompress", BentKnee, 90, []string{"pads", "sit a moment before standing"}, []string{"Lean back", "horizontal", "boot"}},
		{"core", Boots, 90, []string{"crunches", "Set 3 of 3", "Hold the bar"}, []string{"horizontal"}},
		{"core", BentKnee, 90, []string{"crunches", "Come up and sit"}, []string{"horizontal", "boot"}},
		{"core", Table, 60, []string{"crunches", "Set 3 of 3", "horizontal"}, []string{"boot"}},
		{"core", Chair, 40, []string{"reduced", "partial crunches", "Set 2 of 2"}, []string{"Set 3 of 3", "boot"}},
		{"legs", Boots, 90, []string{"10 inverted squats", "unhook one boot at a time"}, []string{"horizontal"}},
	}
	for _, tt := range tests {
		r, err := RoutineFor(tt.name, tt.device, tt.angle)
		if err != nil {
			t.Fatalf("RoutineFor(%s, %s, %d) = %v", tt.name, tt.device, tt.angle, err)
		}
		var all strings.Builder
		all.WriteString(r.Title + "\n")
		for _, s := range r.Steps {
			all.WriteString(s.Title + " " + s.Text + "\n")
		}
		for _, w := range tt.want {
			if !strings.Contains(all.String(), w) {
				t.Errorf("RoutineFor(%s, %s) does not say %q:\n%s", tt.name, tt.device, w, all.String())
			}
		}
		for _, w := range tt.notWant {
			if strings.Contains(all.String(), w) {
				t.Errorf("RoutineFor(%s, %s) says %q, which is another device's:\n%s", tt.name, tt.device, w, all.String())
			}
		}
	}
	if _, err := RoutineFor("legs", BentKnee, 90); err == nil {
		t.Error("RoutineFor(legs, bentknee) = nil error, want the devices it fits")
	}
}

func TestDeviceWords(t *testing.T) {
	tests := []struct {
		device  Device
		cap     time.Duration
		comeUp  string
		caution time.Duration // the shortest hang that earns a caution
	}{
		{Table, 5 * time.Minute, "pausing near horizontal", 5*time.Minute + time.Second},
		{Chair, 5 * time.Minute, "pausing near horizontal", 5*time.Minute + time.Second},
		{"", 5 * time.Minute, "pausing near horizontal", 5*time.Minute + time.Second},
		{Boots, 3 * time.Minute, "unhook one boot at a time", 3*time.Minute + time.Second},
		{BentKnee, 3 * time.Minute, "sit a moment before standing", 3*time.Minute + time.Second},
	}
	for _, tt := range tests {
		if got := tt.device.PlanCap(); got != tt.cap {
			t.Errorf("%q.PlanCap() = %v, want %v", tt.device, got, tt.cap)
		}
		if got := tt.device.ComeUp(); !strings.Contains(got, tt.comeUp) {
			t.Errorf("%q.ComeUp() = %q, want %q", tt.device, got, tt.comeUp)
		}
		if got := Caution(tt.device, tt.caution-time.Second); got != "" {
			t.Errorf("Caution(%q, %v) = %q, want none", tt.device, tt.caution-time.Second, got)
		}
		if got := Caution(tt.device, tt.caution); !strings.Contains(got, "past the top of the plan") || !strings.Contains(got, "1–2 minutes") {
			t.Errorf("Caution(%q, %v) = %q, want the plan's top and the post-lift dose", tt.device, tt.caution, got)
		}
	}
	if got := Caution(Table, 6*time.Minute); got != CautionText {
		t.Errorf("Caution(table, 6m) = %q, want CautionText %q", got, CautionText)
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
