package coach

import (
	"errors"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// zone loads a time zone or fails the test.
func zone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// at parses a local wall-clock time "2026-03-08 01:59" in loc.
func at(t testing.TB, loc *time.Location, s string) time.Time {
	t.Helper()
	tm, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	if err != nil {
		t.Fatal(err)
	}
	return tm
}

// day parses "2026-11-24" or fails the test.
func day(t testing.TB, s string) Day {
	t.Helper()
	d, err := ParseDay("day", s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// days parses several days.
func days(t testing.TB, ss ...string) []Day {
	t.Helper()
	out := make([]Day, len(ss))
	for i, s := range ss {
		out[i] = day(t, s)
	}
	return out
}

// noonEach returns one session at noon in loc on each day from first to
// last inclusive.
func noonEach(t testing.TB, loc *time.Location, first, last string) []time.Time {
	t.Helper()
	var out []time.Time
	for d := day(t, first); !d.After(day(t, last)); d = d.AddDays(1) {
		out = append(out, d.Start(loc).Add(12*time.Hour))
	}
	return out
}

func TestDayOf(t *testing.T) {
	ny := zone(t, "America/New_York")
	berlin := zone(t, "Europe/Berlin")
	tests := []struct {
		t    time.Time
		loc  *time.Location
		want string
	}{
		{time.Date(2026, 11, 24, 23, 30, 0, 0, time.UTC), time.UTC, "2026-11-24"},
		{time.Date(2026, 11, 24, 23, 30, 0, 0, time.UTC), berlin, "2026-11-25"},
		{time.Date(2026, 11, 24, 23, 30, 0, 0, time.UTC), nil, "2026-11-24"},
		{time.Date(2026, 11, 25, 3, 0, 0, 0, time.UTC), ny, "2026-11-24"},
		{at(t, ny, "2026-03-08 01:59"), ny, "2026-03-08"},
		{at(t, ny, "2026-03-08 03:00"), ny, "2026-03-08"},
		{at(t, ny, "2026-11-01 23:59"), ny, "2026-11-01"},
		{at(t, berlin, "2026-03-29 00:30"), berlin, "2026-03-29"},
	}
	for _, tt := range tests {
		if got := DayOf(tt.t, tt.loc).String(); got != tt.want {
			t.Errorf("DayOf(%v, %v) = %s, want %s", tt.t, tt.loc, got, tt.want)
		}
	}
}

func TestDayArithmetic(t *testing.T) {
	tests := []struct {
		from string
		n    int
		want string
	}{
		{"2026-11-24", 0, "2026-11-24"},
		{"2026-11-24", 7, "2026-12-01"},
		{"2026-12-31", 1, "2027-01-01"},
		{"2027-01-01", -1, "2026-12-31"},
		{"2028-02-28", 1, "2028-02-29"},
		{"2027-02-28", 1, "2027-03-01"},
		{"2100-02-28", 1, "2100-03-01"},
		{"2000-02-28", 1, "2000-02-29"},
		{"1970-01-01", -1, "1969-12-31"},
		{"2026-03-01", -29, "2026-01-31"},
		{"2026-01-01", 365, "2027-01-01"},
	}
	for _, tt := range tests {
		d := day(t, tt.from)
		got := d.AddDays(tt.n)
		if got.String() != tt.want {
			t.Errorf("%s.AddDays(%d) = %s, want %s", tt.from, tt.n, got, tt.want)
		}
		if s := got.Sub(d); s != tt.n {
			t.Errorf("%s.Sub(%s) = %d, want %d", got, d, s, tt.n)
		}
		if tt.n > 0 && (!d.Before(got) || d.After(got) || !got.After(d)) {
			t.Errorf("%s and %s compare wrongly", d, got)
		}
	}
	// Out-of-range fields roll over as in time.Date.
	if got := (Day{2026, 2, 30}).AddDays(0); got != (Day{2026, 3, 2}) {
		t.Errorf("Day{2026, 2, 30}.AddDays(0) = %v, want 2026-03-02", got)
	}
	if got := (Day{2026, 13, 1}).AddDays(0); got != (Day{2027, 1, 1}) {
		t.Errorf("Day{2026, 13, 1}.AddDays(0) = %v, want 2027-01-01", got)
	}
}

// TestDayMatchesTime checks the day arithmetic against package time over
// many random days, including far past and future ones.
func TestDayMatchesTime(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	epoch := time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
	for range 20000 {
		n := r.IntN(2_000_000) - 1_000_000
		tm := epoch.AddDate(0, 0, n)
		d := DayOf(tm, time.UTC)
		if got := d.num(); got != n {
			t.Fatalf("%s.num() = %d, want %d", d, got, n)
		}
		if got := dayFromNum(n); got != d {
			t.Fatalf("dayFromNum(%d) = %v, want %v", n, got, d)
		}
		if got := d.Weekday(); got != tm.Weekday() {
			t.Fatalf("%s.Weekday() = %v, want %v", d, got, tm.Weekday())
		}
		k := r.IntN(1000) - 500
		if got, want := d.AddDays(k), DayOf(tm.AddDate(0, 0, k), time.UTC); got != want {
			t.Fatalf("%s.AddDays(%d) = %v, want %v", d, k, got, want)
		}
	}
}

func TestDayStart(t *testing.T) {
	ny := zone(t, "America/New_York")
	tests := []struct {
		d    string
		want time.Time
	}{
		{"2026-03-08", time.Date(2026, 3, 8, 5, 0, 0, 0, time.UTC)},
		{"2026-03-09", time.Date(2026, 3, 9, 4, 0, 0, 0, time.UTC)},
		{"2026-11-01", time.Date(2026, 11, 1, 4, 0, 0, 0, time.UTC)},
		{"2026-11-02", time.Date(2026, 11, 2, 5, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		if got := day(t, tt.d).Start(ny); !got.Equal(tt.want) {
			t.Errorf("%s.Start(New York) = %v, want %v", tt.d, got.UTC(), tt.want)
		}
	}
	if got := day(t, "2026-11-24").Start(nil); !got.Equal(time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("Start(nil) = %v, want midnight UTC", got)
	}
}

func TestParseDay(t *testing.T) {
	tests := []struct {
		in   string
		want Day
		ok   bool
	}{
		{"2026-11-24", Day{2026, 11, 24}, true},
		{" 2028-02-29 ", Day{2028, 2, 29}, true},
		{"2027-02-29", Day{}, false},
		{"2026-13-01", Day{}, false},
		{"24.11.2026", Day{}, false},
		{"", Day{}, false},
	}
	for _, tt := range tests {
		got, err := ParseDay("date", tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseDay(%q) = %v, %v, want %v (ok %v)", tt.in, got, err, tt.want, tt.ok)
		}
		if err != nil {
			inputError(t, err, "date")
		}
	}
	if got := (Day{2026, 3, 8}).String(); got != "2026-03-08" {
		t.Errorf("Day.String() = %q, want %q", got, "2026-03-08")
	}
	if !(Day{}).IsZero() || (Day{2026, 1, 1}).IsZero() {
		t.Error("IsZero is wrong")
	}
}

func TestStreaks(t *testing.T) {
	berlin := zone(t, "Europe/Berlin")
	ny := zone(t, "America/New_York")
	concat := func(ts ...[]time.Time) []time.Time {
		var out []time.Time
		for _, s := range ts {
			out = append(out, s...)
		}
		return out
	}
	tests := []struct {
		name          string
		in            StreakInput
		current, best int
	}{
		{name: "no sessions", in: StreakInput{Loc: berlin, Today: day(t, "2026-11-24")}},
		{
			name:    "first ever session today",
			in:      StreakInput{Sessions: []time.Time{at(t, berlin, "2026-11-24 07:00")}, Loc: berlin, Today: day(t, "2026-11-24")},
			current: 1, best: 1,
		},
		{
			name:    "yesterday only: today is not over",
			in:      StreakInput{Sessions: []time.Time{at(t, berlin, "2026-11-23 21:00")}, Loc: berlin, Today: day(t, "2026-11-24")},
			current: 1, best: 1,
		},
		{
			name:    "two days ago only: broken",
			in:      StreakInput{Sessions: []time.Time{at(t, berlin, "2026-11-22 21:00")}, Loc: berlin, Today: day(t, "2026-11-24")},
			current: 0, best: 1,
		},
		{
			name:    "three days to today, two sessions today, any order",
			in:      StreakInput{Sessions: []time.Time{at(t, berlin, "2026-11-24 08:00"), at(t, berlin, "2026-11-22 08:00"), at(t, berlin, "2026-11-24 20:00"), at(t, berlin, "2026-11-23 08:00")}, Loc: berlin, Today: day(t, "2026-11-24")},
			current: 3, best: 3,
		},
		{
			name:    "23:59 and 00:01 local are two days",
			in:      StreakInput{Sessions: []time.Time{at(t, berlin, "2026-11-22 23:59"), at(t, berlin, "2026-11-23 00:01")}, Loc: berlin, Today: day(t, "2026-11-24")},
			current: 2, best: 2,
		},
		{
			name: "local days, not UTC days",
			// 22:30 and 23:30 UTC on the same UTC day are 23:30 and 00:30 in Berlin.
			in:      StreakInput{Sessions: []time.Time{time.Date(2026, 11, 22, 22, 30, 0, 0, time.UTC), time.Date(2026, 11, 22, 23, 30, 0, 0, time.UTC)}, Loc: berlin, Today: day(t, "2026-11-24")},
			current: 2, best: 2,
		},
		{
			name:    "nil location is UTC",
			in:      StreakInput{Sessions: []time.Time{time.Date(2026, 11, 22, 22, 30, 0, 0, time.UTC), time.Date(2026, 11, 22, 23, 30, 0, 0, time.UTC)}, Today: day(t, "2026-11-23")},
			current: 1, best: 1,
		},
		{
			name:    "New York spring forward",
			in:      StreakInput{Sessions: []time.Time{at(t, ny, "2026-03-07 23:30"), at(t, ny, "2026-03-08 01:59"), at(t, ny, "2026-03-08 03:01"), at(t, ny, "2026-03-09 00:10")}, Loc: ny, Today: day(t, "2026-03-09")},
			current: 3, best: 3,
		},
		{
			name: "New York fall back: the repeated hour is one day",
			in: StreakInput{Sessions: []time.Time{
				at(t, ny, "2026-10-31 23:00"),
				time.Date(2026, 11, 1, 5, 30, 0, 0, time.UTC), // 01:30 EDT
				time.Date(2026, 11, 1, 6, 30, 0, 0, time.UTC), // 01:30 EST
				at(t, ny, "2026-11-01 23:59"),
				at(t, ny, "2026-11-02 00:00"),
			}, Loc: ny, Today: day(t, "2026-11-02")},
			current: 3, best: 3,
		},
		{
			name:    "Berlin DST both ways",
			in:      StreakInput{Sessions: concat(noonEach(t, berlin, "2026-03-28", "2026-03-30"), noonEach(t, berlin, "2026-10-24", "2026-10-26")), Loc: berlin, Today: day(t, "2026-10-27")},
			current: 3, best: 3,
		},
		{
			name:    "rest day bridges without adding",
			in:      StreakInput{Sessions: concat(noonEach(t, berlin, "2026-11-18", "2026-11-20"), noonEach(t, berlin, "2026-11-22", "2026-11-24")), Rests: days(t, "2026-11-21"), Loc: berlin, Today: day(t, "2026-11-24")},
			current: 6, best: 6,
		},
		{
			name:    "without the rest day the run breaks",
			in:      StreakInput{Sessions: concat(noonEach(t, berlin, "2026-11-18", "2026-11-20"), noonEach(t, berlin, "2026-11-22", "2026-11-24")), Loc: berlin, Today: day(t, "2026-11-24")},
			current: 3, best: 3,
		},
		{
			name:    "rest day yesterday keeps the current streak",
			in:      StreakInput{Sessions: noonEach(t, berlin, "2026-11-20", "2026-11-22"), Rests: days(t, "2026-11-23"), Loc: berlin, Today: day(t, "2026-11-24")},
			current: 3, best: 3,
		},
		{
			name:    "rest day today does not save a missed yesterday",
			in:      StreakInput{Sessions: noonEach(t, berlin, "2026-11-20", "2026-11-22"), Rests: days(t, "2026-11-24"), Loc: berlin, Today: day(t, "2026-11-24")},
			current: 0, best: 3,
		},
		{
			name:    "pause bridges ten days",
			in:      StreakInput{Sessions: concat(noonEach(t, berlin, "2026-11-01", "2026-11-05"), noonEach(t, berlin, "2026-11-16", "2026-11-18")), Pauses: []Pause{{From: day(t, "2026-11-06"), To: day(t, "2026-11-15")}}, Loc: berlin, Today: day(t, "2026-11-18")},
			current: 8, best: 8,
		},
		{
			name:    "pause one day short breaks",
			in:      StreakInput{Sessions: concat(noonEach(t, berlin, "2026-11-01", "2026-11-05"), noonEach(t, berlin, "2026-11-16", "2026-11-18")), Pauses: []Pause{{From: day(t, "2026-11-06"), To: day(t, "2026-11-14")}}, Loc: berlin, Today: day(t, "2026-11-18")},
			current: 3, best: 5,
		},
		{
			name:    "open-ended pause keeps the streak alive",
			in:      StreakInput{Sessions: noonEach(t, berlin, "2026-11-01", "2026-11-05"), Pauses: []Pause{{From: day(t, "2026-11-06")}}, Loc: berlin, Today: day(t, "2026-11-24")},
			current: 5, best: 5,
		},
		{
			name:    "rest and pause side by side",
			in:      StreakInput{Sessions: concat(noonEach(t, berlin, "2026-11-01", "2026-11-01"), noonEach(t, berlin, "2026-11-05", "2026-11-05")), Rests: days(t, "2026-11-02"), Pauses: []Pause{{From: day(t, "2026-11-03"), To: day(t, "2026-11-04")}}, Loc: berlin, Today: day(t, "2026-11-05")},
			current: 2, best: 2,
		},
		{
			name:    "best streak from an earlier run after a gap of weeks",
			in:      StreakInput{Sessions: concat(noonEach(t, berlin, "2026-01-01", "2026-01-10"), noonEach(t, berlin, "2026-02-01", "2026-02-04"), noonEach(t, berlin, "2026-11-22", "2026-11-24")), Loc: berlin, Today: day(t, "2026-11-24")},
			current: 3, best: 10,
		},
		{
			name:    "sessions after today are ignored",
			in:      StreakInput{Sessions: concat(noonEach(t, berlin, "2026-11-23", "2026-11-24"), noonEach(t, berlin, "2026-11-26", "2026-11-30")), Loc: berlin, Today: day(t, "2026-11-24")},
			current: 2, best: 2,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			current, best := Streaks(tt.in)
			if current != tt.current || best != tt.best {
				t.Errorf("Streaks(%s) = %d, %d, want %d, %d", tt.name, current, best, tt.current, tt.best)
			}
		})
	}
}

// TestStreaksMatchesDayWalk compares Streaks with a plain day-by-day walk
// over random histories.
func TestStreaksMatchesDayWalk(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	loc := zone(t, "America/New_York")
	base := day(t, "2026-01-01")
	for i := range 500 {
		in := StreakInput{Loc: loc, Today: base.AddDays(r.IntN(80))}
		for range r.IntN(60) {
			in.Sessions = append(in.Sessions, base.Start(loc).Add(time.Duration(r.Int64N(int64(90*24*time.Hour)))))
		}
		for range r.IntN(6) {
			in.Rests = append(in.Rests, base.AddDays(r.IntN(90)))
		}
		for range r.IntN(3) {
			p := Pause{From: base.AddDays(r.IntN(90))}
			if r.IntN(3) > 0 {
				p.To = p.From.AddDays(r.IntN(10) - 1) // sometimes before From: ignored
			}
			in.Pauses = append(in.Pauses, p)
		}
		if r.IntN(3) == 0 {
			in.Plan.GymDays = Weekdays(1 + r.IntN(127))
		}
		current, best := Streaks(in)
		wantCurrent, wantBest := walkStreaks(in)
		if current != wantCurrent || best != wantBest {
			t.Fatalf("case %d: Streaks(%+v) = %d, %d, want %d, %d", i, in, current, best, wantCurrent, wantBest)
		}
	}
}

// walkStreaks is the obvious, slow reference for Streaks.
func walkStreaks(in StreakInput) (current, best int) {
	active := map[Day]bool{}
	var first Day
	for _, s := range in.Sessions {
		d := DayOf(s, in.Loc)
		if d.After(in.Today) {
			continue
		}
		active[d] = true
		if first.IsZero() || d.Before(first) {
			first = d
		}
	}
	if first.IsZero() {
		return 0, 0
	}
	bridged := func(d Day) bool { return refBridged(in, d) }
	run := 0
	for d := first; !d.After(in.Today); d = d.AddDays(1) {
		switch {
		case active[d]:
			run++
			best = max(best, run)
		case d == in.Today || bridged(d):
		default:
			run = 0
		}
	}
	return run, best
}

func TestCanRest(t *testing.T) {
	tests := []struct {
		name  string
		rests []Day
		today string
		want  error
	}{
		{"none yet", nil, "2026-11-24", nil},
		{"already today", days(t, "2026-11-24"), "2026-11-24", ErrAlreadyRested},
		{"used on Monday", days(t, "2026-11-23"), "2026-11-24", ErrRestAllowanceUsed},
		{"used on Sunday of the same week", days(t, "2026-11-23"), "2026-11-29", ErrRestAllowanceUsed},
		{"last week's Sunday does not count", days(t, "2026-11-22"), "2026-11-23", nil},
		{"new week on Monday", days(t, "2026-11-29"), "2026-11-30", nil},
		{"ISO week across the new year", days(t, "2026-12-28"), "2027-01-03", ErrRestAllowanceUsed},
		{"next ISO week", days(t, "2027-01-03"), "2027-01-04", nil},
		{"many old rests", days(t, "2026-01-05", "2026-02-02", "2026-11-16"), "2026-11-24", nil},
	}
	for _, tt := range tests {
		if got := CanRest(tt.rests, day(t, tt.today)); !errors.Is(got, tt.want) || (got == nil) != (tt.want == nil) {
			t.Errorf("CanRest(%s, %s) = %v, want %v", tt.name, tt.today, got, tt.want)
		}
	}
}

func TestParsePauseDays(t *testing.T) {
	tests := []struct {
		in   int64
		want int
		ok   bool
	}{
		{1, 1, true},
		{14, 14, true},
		{60, 60, true},
		{0, 0, false},
		{-3, 0, false},
		{61, 0, false},
		{1 << 40, 0, false},
	}
	for _, tt := range tests {
		got, err := ParsePauseDays("days", tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParsePauseDays(%d) = %d, %v, want %d (ok %v)", tt.in, got, err, tt.want, tt.ok)
		}
		if err != nil {
			inputError(t, err, "days")
		}
	}
}

func TestPause(t *testing.T) {
	p := NewPause(day(t, "2026-11-24"), 7)
	if diff := cmp.Diff(Pause{From: day(t, "2026-11-24"), To: day(t, "2026-11-30")}, p); diff != "" {
		t.Errorf("NewPause(2026-11-24, 7) mismatch (-want +got):\n%s", diff)
	}
	tests := []struct {
		p    Pause
		d    string
		want bool
	}{
		{p, "2026-11-23", false},
		{p, "2026-11-24", true},
		{p, "2026-11-30", true},
		{p, "2026-12-01", false},
		{Pause{From: day(t, "2026-11-24")}, "2030-01-01", true},
		{Pause{}, "2026-11-24", false},
	}
	for _, tt := range tests {
		if got := tt.p.Contains(day(t, tt.d)); got != tt.want {
			t.Errorf("%+v.Contains(%s) = %v, want %v", tt.p, tt.d, got, tt.want)
		}
	}
}

// refBridged is the reference versions' plain check that d is a rest day,
// inside a pause or off the gym plan.
func refBridged(in StreakInput, d Day) bool {
	for _, r := range in.Rests {
		if r == d {
			return true
		}
	}
	for _, p := range in.Pauses {
		if p.Contains(d) {
			return true
		}
	}
	return in.Plan.GymDays != 0 && !in.Plan.GymDays.Has(d.Weekday())
}
