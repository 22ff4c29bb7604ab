package coach

import (
	"slices"
	"time"
)

// HangFacts summarises a user's logged hangs around a hang about to be
// logged that starts at Added, so that logging it needs neither the whole
// history for the milestone check nor the recent one for the beginner
// guard unless they can matter. A store reads them in one statement.
type HangFacts struct {
	Added time.Time // the start of the hang about to be logged
	// Total counts the hangs logged before it, or is 101 when there are
	// more (no decision here turns on a larger count);
	// First is the earliest of them (zero without any).
	Total int
	First time.Time
	// Prev is the latest start at or before Added and Next the earliest
	// after it (zero where there is none).
	Prev, Next time.Time
	// Since is GentleSince of the moment the facts are for. Recent counts
	// the hangs that start after it, up to PlanWindow; a store need read
	// it only when NeedsRecent says so (it is -1 when not read).
	Since  time.Time
	Recent int
}

// GentleSince is the start of the gentle weeks that end at now: a user
// whose window of recent hangs all start after it is still a beginner.
func GentleSince(now time.Time) time.Time {
	return now.Add(-gentleDays * 24 * time.Hour)
}

// NeedsRecent reports whether Beginner needs Recent for facts with total
// hangs (as Total), the earliest starting at first, read since: only for a
// user with GuardHangs hangs or more whose first is not after since, so a
// new user's log never counts their recent hangs.
func NeedsRecent(total int, first, since time.Time) bool {
	return total >= GuardHangs && !first.IsZero() && !first.After(since)
}

// Beginner is IsBeginner at the moment of GentleSince (Since), for the
// history the facts summarise, when the history IsBeginner is given is the
// user's PlanWindow most recent hangs. Those all start after Since when
// the first hang does, or when at least PlanWindow hangs do.
func (f HangFacts) Beginner() bool {
	if !NeedsRecent(f.Total, f.First, f.Since) {
		return true
	}
	return f.Recent >= PlanWindow
}

// MayReachMilestone reports whether logging the hang could reach a
// personal milestone (see Reached) in loc: false only when it provably
// cannot, which is when it is not the 10th, 50th or 100th hang, another
// hang was logged on its day (so the days of the streak stay the same),
// and it starts less than a week after the first hang or its day lies
// wholly a week or more after it (so the first week was marked by an
// earlier hang).
func (f HangFacts) MayReachMilestone(loc *time.Location) bool {
	if loc == nil {
		loc = time.UTC
	}
	if n := f.Total + 1; n == 10 || n == 50 || n == 100 {
		return true
	}
	day := DayOf(f.Added, loc)
	sameDay := (!f.Prev.IsZero() && DayOf(f.Prev, loc) == day) || (!f.Next.IsZero() && DayOf(f.Next, loc) == day)
	if !sameDay {
		return true
	}
	first := f.First
	if first.IsZero() || f.Added.Before(first) {
		first = f.Added
	}
	// The first week is marked by the first hang starting a week or more
	// after the first ever: not this one if it starts sooner, nor if
	// another hang of its day (so one no sooner) came first.
	weekOn := first.Add(7 * 24 * time.Hour)
	return !f.Added.Before(weekOn) && day.Start(loc).Before(weekOn)
}

// PlanWindow is how many of a user's most recent hangs a plan looks at,
// and PlanDeviceHangs how many of them on the planned device it uses
// (see MakePlan); a store may read only those (a plan history).
const (
	PlanWindow      = scanLimit
	PlanDeviceHangs = deviceLimit
)

// PlanDevice is the device MakePlan plans for: the profile's, else the
// inversion table.
func PlanDevice(p Profile) Device {
	if slices.Contains(Devices(), p.Device) {
		return p.Device
	}
	return Table
}

// easiestRung is the shortest duration and the lowest angle of any rung of
// any ladder: every plan MakePlan makes is a rung.
var easiestRung = func() rung {
	e := rung{angle: 180, dur: time.Hour}
	for _, d := range Devices() {
		for _, l := range Levels() {
			for _, r := range makeLadder(d, l) {
				e.angle, e.dur = min(e.angle, r.angle), min(e.dur, r.dur)
			}
		}
	}
	return e
}()

// WithinEveryPlan reports whether a hang of target at angle (0: not given)
// is within any plan MakePlan can make, so that BeyondPlan is false
// whatever the user's history: the guard then needs no history.
func WithinEveryPlan(target time.Duration, angle int) bool {
	return target <= 2*easiestRung.dur && target <= GuardMaxTarget && angle <= easiestRung.angle+GuardAngleSlack
}
