package coach

import (
	"testing"
	"time"
)

func TestParseDays(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"mon,wed,fri", "mon,wed,fri", true},
		{"Mon, Wed, Fri", "mon,wed,fri", true},
		{"monday tuesday", "mon,tue", true},
		{"weekdays", "mon,tue,wed,thu,fri", true},
		{"weekends", "sat,sun", true},
		{"daily", "mon,tue,wed,thu,fri,sat,sun", true},
		{"mon-fri", "mon,tue,wed,thu,fri", true},
		{"fri-mon", "mon,fri,sat,sun", true},
		{"sun", "sun", true},
		{"thurs,tues", "tue,thu", true},
		{"", "", false},
		{"funday", "", false},
		{"mo", "", false},
		{",,,", "", false},
		{"mon-", "", false},
		{"mon,xyz", "", false},
	}
	for _, tt := range tests {
		got, err := ParseDays("days", tt.in)
		if (err == nil) != tt.ok || (tt.ok && got.String() != tt.want) {
			t.Errorf("ParseDays(%q) = %q, %v, want %q (ok %v)", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestWeekdaysLabel(t *testing.T) {
	for in, want := range map[string]string{"daily": "every day", "weekdays": "weekdays", "sat,sun": "weekends", "mon,fri": "Mon, Fri"} {
		w, _ := ParseDays("days", in)
		if got := w.Label(); got != want {
			t.Errorf("Label(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseClock(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"18:45", 18*60 + 45, true},
		{"7:30", 7*60 + 30, true},
		{"07:05", 7*60 + 5, true},
		{"00:00", 0, true},
		{"23:59", 23*60 + 59, true},
		{"6:45pm", 18*60 + 45, true},
		{"6pm", 18 * 60, true},
		{"12am", 0, true},
		{"12:30pm", 12*60 + 30, true},
		{"", 0, false},
		{"24:00", 0, false},
		{"7:60", 0, false},
		{"7:5", 0, false},
		{"1830", 0, false},
		{"13pm", 0, false},
		{"-1:30", 0, false},
		{"noon", 0, false},
		{"123:00", 0, false},
	}
	for _, tt := range tests {
		got, err := ParseClock("end", tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseClock(%q) = %d, %v, want %d (ok %v)", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func mustLoad(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestGymScheduleNext(t *testing.T) {
	ny := mustLoad(t, "America/New_York")
	mwf, _ := ParseDays("days", "mon,wed,fri")
	daily, _ := ParseDays("days", "daily")
	at := func(y int, m time.Month, d, h, mi int, loc *time.Location) time.Time {
		return time.Date(y, m, d, h, mi, 0, 0, loc)
	}
	tests := []struct {
		name  string
		g     GymSchedule
		after time.Time
		want  time.Time
	}{
		{"later today", GymSchedule{Days: mwf, End: 18 * 60, Delay: 5 * time.Minute}, at(2026, 11, 23, 9, 0, ny), at(2026, 11, 23, 18, 5, ny)}, // a Monday
		{"exactly at is not after", GymSchedule{Days: mwf, End: 18 * 60, Delay: 5 * time.Minute}, at(2026, 11, 23, 18, 5, ny), at(2026, 11, 25, 18, 5, ny)},
		{"skips unlisted days", GymSchedule{Days: mwf, End: 7*60 + 30}, at(2026, 11, 25, 8, 0, ny), at(2026, 11, 27, 7, 30, ny)},
		{"delay past midnight", GymSchedule{Days: mwf, End: 23*60 + 50, Delay: 20 * time.Minute}, at(2026, 11, 24, 0, 5, ny), at(2026, 11, 24, 0, 10, ny)},
		{"delay past midnight, next", GymSchedule{Days: mwf, End: 23*60 + 50, Delay: 20 * time.Minute}, at(2026, 11, 24, 0, 10, ny), at(2026, 11, 26, 0, 10, ny)},
		{"yesterday's late end still ahead", GymSchedule{Days: mwf, End: 23 * 60, Delay: 2 * time.Hour}, at(2026, 11, 24, 0, 30, ny), at(2026, 11, 24, 1, 0, ny)},
		// 07:30 stays 07:30 local on both sides of the autumn change.
		{"autumn DST keeps wall time", GymSchedule{Days: daily, End: 7*60 + 30}, at(2026, 10, 31, 8, 0, ny), at(2026, 11, 1, 7, 30, ny)},
		{"spring DST keeps wall time", GymSchedule{Days: daily, End: 7*60 + 30}, at(2026, 3, 7, 8, 0, ny), at(2026, 3, 8, 7, 30, ny)},
		// 02:30 does not exist on 8 March 2026 in New York: it fires once, at 03:30 EDT.
		{"skipped time fires once, forward", GymSchedule{Days: daily, End: 2*60 + 30}, at(2026, 3, 7, 12, 0, ny), time.Date(2026, 3, 8, 7, 30, 0, 0, time.UTC)},
		// 01:30 happens twice on 1 November 2026: the first one counts.
		{"repeated hour fires at its first occurrence", GymSchedule{Days: daily, End: 60 + 30}, at(2026, 10, 31, 12, 0, ny), time.Date(2026, 11, 1, 5, 30, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		if got := tt.g.Next(tt.after, ny); !got.Equal(tt.want) {
			t.Errorf("%s: Next(%v) = %v, want %v", tt.name, tt.after, got.In(ny), tt.want.In(ny))
		}
	}
	// The repeated hour's second occurrence does not fire again: the next
	// reminder after the first is the following day's.
	g := GymSchedule{Days: daily, End: 60 + 30}
	first := g.Next(at(2026, 10, 31, 12, 0, ny), ny)
	if next := g.Next(first, ny); !next.Equal(at(2026, 11, 2, 1, 30, ny)) {
		t.Errorf("after the first 01:30, Next = %v, want 2 Nov 01:30", next.In(ny))
	}
	berlin := mustLoad(t, "Europe/Berlin")
	// 02:30 happens twice in Berlin on 25 October 2026: the first (CEST) counts.
	twice := GymSchedule{Days: daily, End: 2*60 + 30}
	if got := twice.Next(time.Date(2026, 10, 24, 12, 0, 0, 0, berlin), berlin); !got.Equal(time.Date(2026, 10, 25, 0, 30, 0, 0, time.UTC)) {
		t.Errorf("Berlin repeated 02:30 = %v, want 00:30 UTC (02:30 CEST)", got)
	}
	if got := (GymSchedule{}).Next(at(2026, 1, 1, 0, 0, ny), ny); !got.IsZero() {
		t.Errorf("Next with no days = %v, want zero", got)
	}
}

func FuzzParseDays(f *testing.F) {
	for _, s := range []string{"mon,wed,fri", "weekdays", "daily", "mon-fri", "", "x", "sun-sat", "Tue Thu", "Mon Wed Fri", "weekends", "fri-mon"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		w, err := ParseDays("days", s)
		if err != nil {
			return
		}
		if w == 0 || w > 0x7f {
			t.Fatalf("ParseDays(%q) = %b, want a non-empty set of 7 days", s, w)
		}
		if again, err := ParseDays("days", w.String()); err != nil || again != w {
			t.Fatalf("ParseDays(%q) = %v, but its String %q reparses as %v, %v", s, w, w.String(), again, err)
		}
	})
}

func FuzzParseClock(f *testing.F) {
	for _, s := range []string{"18:45", "7:30", "6pm", "12am", "24:00", "", "1:1", "99:99", "19:00", "7pm", "7:30 pm", "13pm"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseClock("end", s)
		if err != nil {
			return
		}
		if m < 0 || m >= 24*60 {
			t.Fatalf("ParseClock(%q) = %d, want 0..1439", s, m)
		}
		if again, err := ParseClock("end", FormatClock(m)); err != nil || again != m {
			t.Fatalf("ParseClock(%q) = %d, but %q reparses as %d, %v", s, m, FormatClock(m), again, err)
		}
	})
}

func TestParseAsTyped(t *testing.T) {
	clocks := map[string]int{"19:00": 19 * 60, "7pm": 19 * 60, "7:30 pm": 19*60 + 30, "7 PM": 19 * 60, "12am": 0, "12:15pm": 12*60 + 15}
	for in, want := range clocks {
		if got, err := ParseClock("end", in); err != nil || got != want {
			t.Errorf("ParseClock(%q) = %d, %v, want %d", in, got, err, want)
		}
	}
	days := map[string]Weekdays{"mon,wed,fri": 0x2a, "Mon Wed Fri": 0x2a, "mon, wed, fri": 0x2a, "mon-fri": 0x3e, "MON-FRI": 0x3e,
		"weekdays": 0x3e, "weekends": 0x41, "daily": 0x7f, "Every day": 0x7f, "fri-mon": 0x63}
	for in, want := range days {
		if got, err := ParseDays("days", in); err != nil || got != want {
			t.Errorf("ParseDays(%q) = %v, %v, want %v", in, got, err, want)
		}
	}
}

func TestTomorrowAndReminderNext(t *testing.T) {
	ny, _ := time.LoadLocation("America/New_York")
	// Saturday 31 October 2026, 08:00 EDT: tomorrow 08:00 is EST, 25 hours on.
	now := time.Date(2026, 10, 31, 12, 0, 0, 0, time.UTC)
	if got, want := Tomorrow(now, ny), time.Date(2026, 11, 1, 13, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("Tomorrow(%v) = %v, want %v", now, got, want)
	}
	r := Reminder{Days: 0x7f, Minute: 19 * 60}
	if got, want := r.Next(now, ny), time.Date(2026, 10, 31, 23, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("Reminder.Next = %v, want %v", got, want)
	}
}
