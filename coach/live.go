package coach

import "time"

// MinLiveLogged is the shortest live hang worth logging: Done pressed
// sooner is taken as a change of mind.
const MinLiveLogged = 5 * time.Second

// EndKind says how a live hang ends.
type EndKind int

const (
	// EndDone: the user came up and said so (Done, or /hang stop). The
	// time hung counts, capped at the target.
	EndDone EndKind = iota + 1
	// EndCancel: the user withdrew the hang; nothing is logged.
	EndCancel
	// EndTarget: the target was reached with nobody pressing anything;
	// the whole target counts.
	EndTarget
)

// EndLive returns the session a live hang makes when it ends at now the
// way how says, and whether that session is logged: not when cancelled,
// nor when Done came within MinLiveLogged. Time past the target does not
// count; a hang ended before it is marked StoppedEarly.
func EndLive(l Live, now time.Time, how EndKind) (Session, bool) {
	target := l.Target.Sub(l.Start)
	s := Session{UserID: l.UserID, Start: l.Start, Device: l.Device, Angle: l.Angle, Routine: l.Routine}
	if how == EndTarget {
		s.Duration = target
		return s, true
	}
	elapsed := min(now.Sub(l.Start), target)
	s.Duration = elapsed.Round(time.Second)
	s.StoppedEarly = elapsed < target
	return s, how == EndDone && elapsed >= MinLiveLogged
}
