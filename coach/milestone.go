package coach

import (
	"slices"
	"time"
)

// MilestoneKind is what a personal milestone counts.
type MilestoneKind string

// The personal milestones.
const (
	StreakMilestone    MilestoneKind = "streak"     // a 7-, 30- or 100-day streak (4, 12, 52 weeks)
	HangsMilestone     MilestoneKind = "hangs"      // 10, 50 or 100 hangs
	FirstWeekMilestone MilestoneKind = "first_week" // still hanging a week after the first hang
)

// Milestone is a personal milestone reached by a hang.
type Milestone struct {
	Kind   MilestoneKind
	N      int  // the streak or the number of hangs
	ByWeek bool // a streak milestone counts weeks
}

// Reached returns the personal milestones that the hang starting at added
// reached: in holds all the user's sessions, that one included. A streak
// milestone is reached when the hang made the streak grow to it; a hang
// count when the hang is the 10th, 50th or 100th; the first week when it is
// the first hang at least 7 days after the first ever.
func Reached(in StreakInput, added time.Time) []Milestone {
	i := slices.IndexFunc(in.Sessions, func(t time.Time) bool { return t.Equal(added) })
	if i < 0 {
		return nil
	}
	var out []Milestone
	before := in
	before.Sessions = slices.Delete(slices.Clone(in.Sessions), i, i+1)
	cur, _ := CurrentRun(in)
	prev, _ := CurrentRun(before)
	if cur > prev && IsStreakMilestone(in.Plan, cur) {
		out = append(out, Milestone{Kind: StreakMilestone, N: cur, ByWeek: in.Plan.ByWeek()})
	}
	if n := len(in.Sessions); n == 10 || n == 50 || n == 100 {
		out = append(out, Milestone{Kind: HangsMilestone, N: n})
	}
	first := slices.MinFunc(in.Sessions, func(a, b time.Time) int { return a.Compare(b) })
	weekOn := first.Add(7 * 24 * time.Hour)
	if !added.Before(weekOn) {
		later := 0
		for _, t := range in.Sessions {
			if !t.Before(weekOn) {
				later++
			}
		}
		if later == 1 {
			out = append(out, Milestone{Kind: FirstWeekMilestone})
		}
	}
	return out
}
