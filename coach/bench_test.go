package coach

import (
	"math/rand/v2"
	"testing"
	"time"
)

// benchHistory returns n sessions over about n/3 days, newest first, with
// rest days and pauses sprinkled in.
func benchHistory(b *testing.B, n int) ([]Session, StreakInput) {
	loc := zone(b, "Europe/Berlin")
	r := rand.New(rand.NewPCG(9, 10))
	now := time.Date(2026, 11, 24, 18, 0, 0, 0, time.UTC)
	sessions := make([]Session, n)
	starts := make([]time.Time, n)
	t := now
	for i := range sessions {
		t = t.Add(-time.Duration(r.Int64N(int64(16 * time.Hour))))
		sessions[i] = Session{Start: t, Duration: time.Duration(60+r.IntN(240)) * time.Second, Device: Table, Angle: 20 + 10*r.IntN(5)}
		starts[i] = t
	}
	in := StreakInput{Sessions: starts, Loc: loc, Today: DayOf(now, loc)}
	for d := DayOf(t, loc); d.Before(in.Today); d = d.AddDays(7) {
		in.Rests = append(in.Rests, d)
		if r.IntN(20) == 0 {
			in.Pauses = append(in.Pauses, NewPause(d.AddDays(1), 1+r.IntN(10)))
		}
	}
	return sessions, in
}

func BenchmarkStreaksConsistencyMinutes(b *testing.B) {
	sessions, in := benchHistory(b, 10_000)
	from := DayOf(sessions[len(sessions)-1].Start, in.Loc)
	for b.Loop() {
		Streaks(in)
		Consistency(in, Day{})
		MinutesPerDay(sessions, in.Loc, from, in.Today)
	}
}

func BenchmarkMakePlan(b *testing.B) {
	sessions, in := benchHistory(b, 10_000)
	now := in.Today.Start(in.Loc).Add(20 * time.Hour)
	for b.Loop() {
		MakePlan(Profile{Device: Table}, sessions, now)
	}
}
