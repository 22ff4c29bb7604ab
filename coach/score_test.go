package coach

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

func TestConsistency(t *testing.T) {
	berlin := zone(t, "Europe/Berlin")
	today := day(t, "2026-11-24")
	const a, keep = ConsistencyAlpha, 1 - ConsistencyAlpha
	month := 1 - math.Pow(keep, 30)
	tests := []struct {
		name string
		in   StreakInput
		from Day
		want float64
	}{
		{name: "no sessions", in: StreakInput{Loc: berlin, Today: today}},
		{
			name: "first ever session today",
			in:   StreakInput{Sessions: noonEach(t, berlin, "2026-11-24", "2026-11-24"), Loc: berlin, Today: today},
			want: 1,
		},
		{
			name: "a month of daily hangs",
			in:   StreakInput{Sessions: noonEach(t, berlin, "2026-10-26", "2026-11-24"), Loc: berlin, Today: today},
			want: 1,
		},
		{
			name: "today does not count until it has a session",
			in:   StreakInput{Sessions: noonEach(t, berlin, "2026-10-25", "2026-11-23"), Loc: berlin, Today: today},
			want: 1,
		},
		{
			name: "one missed day dents",
			in:   StreakInput{Sessions: noonEach(t, berlin, "2026-10-24", "2026-11-22"), Loc: berlin, Today: today},
			want: month * keep / (1 - math.Pow(keep, 31)),
		},
		{
			name: "a rest day carries the score",
			in:   StreakInput{Sessions: noonEach(t, berlin, "2026-10-24", "2026-11-22"), Rests: days(t, "2026-11-23"), Loc: berlin, Today: today},
			want: 1,
		},
		{
			name: "a pause carries the score",
			in:   StreakInput{Sessions: noonEach(t, berlin, "2026-10-04", "2026-11-02"), Pauses: []Pause{NewPause(day(t, "2026-11-03"), 30)}, Loc: berlin, Today: today},
			want: 1,
		},
		{
			name: "a gap of weeks",
			in:   StreakInput{Sessions: noonEach(t, berlin, "2026-10-04", "2026-11-02"), Loc: berlin, Today: today},
			want: month * math.Pow(keep, 21) / (1 - math.Pow(keep, 51)),
		},
		{
			name: "from before the first session counts the days before as missed",
			in:   StreakInput{Sessions: noonEach(t, berlin, "2026-11-24", "2026-11-24"), Loc: berlin, Today: today},
			from: day(t, "2026-11-22"),
			want: a / (1 - math.Pow(keep, 3)),
		},
		{
			name: "from after the first session ignores earlier ones",
			in:   StreakInput{Sessions: noonEach(t, berlin, "2026-01-01", "2026-11-24"), Loc: berlin, Today: today},
			from: day(t, "2026-10-26"),
			want: 1,
		},
		{
			name: "from after today",
			in:   StreakInput{Sessions: noonEach(t, berlin, "2026-11-20", "2026-11-24"), Loc: berlin, Today: today},
			from: day(t, "2026-11-25"),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Consistency(tt.in, tt.from); math.Abs(got-tt.want) > 1e-9 {
				t.Errorf("Consistency(%s) = %.6f, want %.6f", tt.name, got, tt.want)
			}
		})
	}
}

func TestConsistencyShape(t *testing.T) {
	loc := time.UTC
	today := day(t, "2026-11-24")
	score := func(first, last string) float64 {
		return Consistency(StreakInput{Sessions: noonEach(t, loc, first, last), Loc: loc, Today: today}, Day{})
	}
	if got := score("2026-10-26", "2026-11-24"); math.Abs(got-1) > 1e-9 {
		t.Errorf("a month of daily hangs scores %.3f, want 1", got)
	}
	if got := score("2026-01-01", "2026-11-24"); math.Abs(got-1) > 1e-9 {
		t.Errorf("a year of daily hangs scores %.6f, want 1", got)
	}
	full, missed := score("2026-10-26", "2026-11-24"), score("2026-10-24", "2026-11-22")
	if missed < full-0.09 || missed >= full {
		t.Errorf("one missed day takes %.3f to %.3f, want a small dent", full, missed)
	}
}

// TestConsistencyMatchesDayWalk compares Consistency with the formula
// applied day by day over random histories.
func TestConsistencyMatchesDayWalk(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	loc := zone(t, "Europe/Berlin")
	base := day(t, "2026-01-01")
	for i := range 500 {
		in := StreakInput{Loc: loc, Today: base.AddDays(r.IntN(100))}
		for range r.IntN(80) {
			in.Sessions = append(in.Sessions, base.Start(loc).Add(time.Duration(r.Int64N(int64(100*24*time.Hour)))))
		}
		for range r.IntN(8) {
			in.Rests = append(in.Rests, base.AddDays(r.IntN(100)))
		}
		for range r.IntN(3) {
			p := Pause{From: base.AddDays(r.IntN(100))}
			if r.IntN(3) > 0 {
				p.To = p.From.AddDays(r.IntN(20))
			}
			in.Pauses = append(in.Pauses, p)
		}
		if r.IntN(3) == 0 {
			in.Plan.GymDays = Weekdays(1 + r.IntN(127))
		}
		var from Day
		if r.IntN(3) == 0 {
			from = base.AddDays(r.IntN(100) - 10)
		}
		got, want := Consistency(in, from), walkConsistency(in, from)
		if math.Abs(got-want) > 1e-9 || got < 0 || got > 1 {
			t.Fatalf("case %d: Consistency(%+v, %v) = %v, want %v", i, in, from, got, want)
		}
	}
}

// walkConsistency is the obvious, slow reference for Consistency.
func walkConsistency(in StreakInput, from Day) float64 {
	active := map[Day]bool{}
	var first Day
	for _, s := range in.Sessions {
		d := DayOf(s, in.Loc)
		active[d] = true
		if !d.After(in.Today) && (first.IsZero() || d.Before(first)) {
			first = d
		}
	}
	if from.IsZero() {
		from = first
	}
	if from.IsZero() {
		return 0
	}
	bridged := func(d Day) bool { return refBridged(in, d) }
	score, steps := 0.0, 0
	for d := from; !d.After(in.Today); d = d.AddDays(1) {
		switch {
		case active[d]:
			score = ConsistencyAlpha + (1-ConsistencyAlpha)*score
			steps++
		case d == in.Today || bridged(d):
		default:
			score *= 1 - ConsistencyAlpha
			steps++
		}
	}
	if steps == 0 {
		return 0
	}
	return min(score/(1-math.Pow(1-ConsistencyAlpha, float64(steps))), 1)
}

func TestConsistencyExplained(t *testing.T) {
	for _, want := range []string{"0%", "100%", "Rest days", "paused", "today"} {
		if !strings.Contains(ConsistencyExplained, want) {
			t.Errorf("ConsistencyExplained does not mention %q", want)
		}
	}
}
