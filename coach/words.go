package coach

import (
	"time"
)

// Plan caps: the top of the progression on each kind of device, and the
// post-lift dose.
const (
	// TableCap is the top of the plan on a table or chair.
	TableCap = 5 * time.Minute
	// FullCap is the top of the plan on boots or a bent-knee device, which
	// are full inversion only.
	FullCap = 3 * time.Minute
	// PostLiftMax is the most a post-workout hang suggests: the dose
	// lifters use after squats or deadlifts is 1–2 minutes.
	PostLiftMax = 2 * time.Minute
	// CoreMinAngle is the least table angle the core routine works at.
	CoreMinAngle = 60
)

// PlanCap returns the top of the plan on d: 5 minutes on a table or chair
// (or no device given), 3 minutes on boots or a bent-knee device.
func (d Device) PlanCap() time.Duration {
	if d == Boots || d == BentKnee {
		return FullCap
	}
	return TableCap
}

// ComeUp says how to end a hang on d: table or chair — return slowly,
// pausing near horizontal; boots — reach for the bar, curl up, unhook one
// boot at a time, stand and rest; bent-knee — come up slowly and sit a
// moment before standing. No device given means a table.
func (d Device) ComeUp() string {
	switch d {
	case Boots:
		return "Reach for the bar, curl up slowly, unhook one boot at a time, then stand and rest a moment."
	case BentKnee:
		return "Come up slowly and sit a moment before standing."
	}
	return "Come up slowly, pausing near horizontal for a few breaths before sitting upright."
}

// EaseDown says how to get into a hang on d.
func (d Device) EaseDown() string {
	switch d {
	case Boots:
		return "Check that both boots are locked on a sturdy bar, then lower yourself with control."
	case BentKnee:
		return "Lock your thighs under the pads and lower yourself slowly."
	case Chair:
		return "Buckle the seat belt and lean back slowly until you reach your angle."
	}
	return "Lean back slowly until you reach your angle."
}

// Caution returns the caution for a hang of dur on d, empty when it is
// within the top of the plan (d.PlanCap()).
func Caution(d Device, dur time.Duration) string { return CautionOf(d, dur).String() }

// CautionOf is Caution as a code with parameters, for translation.
func CautionOf(d Device, dur time.Duration) Text {
	limit := d.PlanCap()
	if dur <= limit {
		return Text{}
	}
	if limit == FullCap {
		return text("c.caution.cap_full", int(limit/time.Minute))
	}
	return text("c.caution.cap", int(limit/time.Minute))
}
