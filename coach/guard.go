package coach

import "time"

// Beginner guard parameters.
const (
	// GuardHangs is how many logged hangs end the beginner guard.
	GuardHangs = 10
	// GuardMaxTarget is the longest target the guard lets through at once.
	GuardMaxTarget = 3 * time.Minute
	// GuardAngleSlack is how far above the plan's angle the guard lets an
	// angle go.
	GuardAngleSlack = 15
)

// IsBeginner reports whether the beginner guard applies: the user is in
// their first two weeks (since their first hang; a user without any is) or
// has fewer than GuardHangs logged hangs. history is newest first and may be
// the most recent part of total hangs.
func IsBeginner(history []Session, total int, now time.Time) bool {
	if total < GuardHangs || len(history) == 0 {
		return true
	}
	return now.Sub(history[len(history)-1].Start) < gentleDays*24*time.Hour
}

// BeyondPlan reports whether a hang of target at angle goes beyond the plan
// as the beginner guard sees it: a target over twice the plan's or over
// GuardMaxTarget, or an angle more than GuardAngleSlack above the plan's.
// A zero angle (not given) is the plan's.
func BeyondPlan(pl Plan, target time.Duration, angle int) bool {
	return target > 2*pl.Duration || target > GuardMaxTarget || angle > pl.Angle+GuardAngleSlack
}
