package coach

import (
	"slices"
	"time"
)

// Plan is the coach's suggestion for the next hang.
type Plan struct {
	Device   Device
	Angle    int // degrees; always 90 for boots and bent-knee devices
	Duration time.Duration
	Next     string // the next progression step, e.g. "next: 40° at 2m"
	Reason   string // one line on why this is the plan
	Caution  string // empty unless something deserves a warning

	// The same, as codes with parameters the bot translates: Next without
	// its "next: ".
	NextText, ReasonText, CautionText Text
}

// Progression parameters.
const (
	// stepsToProgress completed hangs in a row at the current level earn
	// the next step.
	stepsToProgress = 3
	// gentleDays is how long after their first hang a beginner stays at
	// gentle angles and short hangs.
	gentleDays = 14
	// gentleAngle and gentleHang bound the first weeks of a beginner.
	gentleAngle = 30
	gentleHang  = 2 * time.Minute
	// tractionAngle is where angle growth stops unless advanced: about 60°
	// already gives strong traction.
	tractionAngle = 60
	// gapDays without any hang cost one step back each.
	gapDays = 7
	// scanLimit bounds how much of a long history is read: only recent
	// hangs matter.
	scanLimit = 200
	// deviceLimit bounds how many hangs on the planned device are used.
	deviceLimit = 20
	// slack forgives a timed hang that was stopped a moment before its
	// target.
	slack = 5 * time.Second
)

// rung is one step of a progression ladder.
type rung struct {
	angle int
	dur   time.Duration
}

func (r rung) String() string { return r.text().String() }

func (r rung) text() Text {
	if r.angle == 90 {
		return text("c.rung.full", Dur(r.dur))
	}
	return text("c.rung", r.angle, Dur(r.dur))
}

// ladder is the progression for one device and level, from the easiest
// hang to the hardest. Both angle and time only grow along it: first the
// angle up to 30° at 1m, then the time up to 2m (the gentle weeks), then the
// angle in 10° steps up to 60° (or the device's maximum when advanced),
// then the time in 30s steps up to the device's PlanCap. Full-inversion
// devices grow by time only, from 1m to 3m.
type ladder []rung

func makeLadder(d Device, l Level) ladder {
	const step = 30 * time.Second
	var lad ladder
	lo, hi := d.AngleRange()
	if lo == hi {
		for t := time.Minute; t <= d.PlanCap(); t += step {
			lad = append(lad, rung{hi, t})
		}
		return lad
	}
	top := hi
	if l != Advanced {
		top = min(hi, tractionAngle)
	}
	var angles []int
	for a := lo; a < top; a += 10 {
		angles = append(angles, a)
	}
	angles = append(angles, top)
	gentle := 1
	for gentle < len(angles) && angles[gentle] <= gentleAngle {
		gentle++
	}
	for _, a := range angles[:gentle] {
		lad = append(lad, rung{a, time.Minute})
	}
	for t := time.Minute + step; t <= gentleHang; t += step {
		lad = append(lad, rung{angles[gentle-1], t})
	}
	for _, a := range angles[gentle:] {
		lad = append(lad, rung{a, gentleHang})
	}
	for t := gentleHang + step; t <= d.PlanCap(); t += step {
		lad = append(lad, rung{top, t})
	}
	return lad
}

// position returns the highest rung at or below both angle and d, or -1
// when the hang was easier than the first rung.
func (lad ladder) position(angle int, d time.Duration) int {
	for i := len(lad) - 1; i >= 0; i-- {
		if lad[i].angle <= angle && lad[i].dur <= d+slack {
			return i
		}
	}
	return -1
}

// gentleTop is the last rung a beginner may reach in their first weeks.
func (lad ladder) gentleTop() int {
	top := 0
	for i, r := range lad {
		if r.dur <= gentleHang && (r.angle <= gentleAngle || r.angle == lad[0].angle) {
			top = i
		}
	}
	return top
}

// start is where a new user of the level begins: short and shallow for
// beginners, higher for the others.
func (lad ladder) start(l Level) int {
	full := lad[0].angle == lad[len(lad)-1].angle && lad[0].angle == 90
	switch {
	case l == Intermediate && full:
		return lad.position(90, 90*time.Second)
	case l == Advanced && full:
		return lad.position(90, 2*time.Minute)
	case l == Intermediate:
		return lad.position(40, 2*time.Minute)
	case l == Advanced:
		return lad.position(tractionAngle, 2*time.Minute)
	}
	return 0
}

// MakePlan suggests the next hang from the user's profile and history
// (newest first; it may be empty, and only recent hangs are read).
//
// The device is the profile's (a table when unset). A new user starts short
// and shallow, or higher at the intermediate and advanced levels, and a
// beginner stays within 30° and 2 minutes for their first two weeks. After
// three completed hangs in a row at the current level (guided routines
// aside) the plan grows by one
// small step: the angle by 10° first, then the time by 30s. A hang stopped
// early, or a week or more without hanging (one step per week), steps back.
// The plan never leaves the device's angle range and never exceeds the
// device's PlanCap (5 minutes on a table or chair, 3 on boots or bent-knee).
func MakePlan(p Profile, history []Session, now time.Time) Plan {
	dev := p.Device
	if !slices.Contains(Devices(), dev) {
		dev = Table
	}
	lvl := p.Level
	if !slices.Contains(Levels(), lvl) {
		lvl = Beginner
	}
	lad := makeLadder(dev, lvl)
	start := lad.start(lvl)
	full := dev == Boots || dev == BentKnee

	// Recent hangs, newest first, leaving out any in the future. Hangs
	// without a device are taken to be on the profile's device. Guided
	// routines are exercises rather than hangs: they count as practice but
	// say nothing about the level.
	var (
		latest *Session // the latest hang on any device
		mine   []Session
		first  time.Time // the earliest hang read
	)
	for i := range min(len(history), scanLimit) {
		s := &history[i]
		if s.Start.After(now) {
			continue
		}
		if latest == nil {
			latest = s
		}
		first = s.Start
		if (s.Device == dev || s.Device == "") && s.Routine == "" && len(mine) < deviceLimit {
			mine = append(mine, *s)
		}
	}
	if n := len(history); n > scanLimit && !history[n-1].Start.After(now) {
		first = history[n-1].Start // history is newest first
	}
	gentle := lvl == Beginner && (latest == nil || now.Sub(first) < gentleDays*24*time.Hour)

	// An angle is unknown (0) on hangs logged without one: use the latest
	// known angle before it, or the starting angle.
	pos := make([]int, len(mine))
	angle := lad[start].angle
	for i := len(mine) - 1; i >= 0; i-- {
		s := mine[i]
		if full {
			angle = 90
		} else if s.Angle > 0 {
			angle = s.Angle
		}
		pos[i] = lad.position(angle, s.Duration)
	}

	level := start
	for i, s := range mine {
		if !s.StoppedEarly {
			level = pos[i]
			break
		}
	}
	early := 0 // hangs stopped early in a row, newest first
	for early < len(mine) && mine[early].StoppedEarly {
		early++
	}
	done := 0 // completed hangs in a row at the current level or above
	for done < len(mine) && !mine[done].StoppedEarly && pos[done] >= level {
		done++
	}
	gap := 0
	if latest != nil {
		gap = int(now.Sub(latest.Start) / (24 * time.Hour))
	}
	back := gap/gapDays + min(early, 2)

	idx := level
	var reason Text
	switch {
	case latest == nil:
		reason = text("c.plan.first")
		if lvl != Beginner {
			reason = text("c.plan.first_level", lvl)
		}
	case len(mine) == 0:
		reason = text("c.plan.first_device", dev)
	case back > 0:
		idx = max(level-back, 0)
		how := text("c.plan.easier", level-idx)
		if idx >= level {
			how = text("c.plan.easiest")
		}
		switch {
		case gap >= gapDays && early > 0:
			reason = text("c.plan.gap_early", gap, how)
		case gap >= gapDays:
			reason = text("c.plan.gap", gap, how)
		default:
			reason = text("c.plan.early", how)
		}
	case done >= stepsToProgress && level+1 >= len(lad):
		reason = text("c.plan.top")
	case done >= stepsToProgress:
		idx = level + 1
		if level < 0 {
			reason = text("c.plan.up_to", done, lad[idx].text())
		} else {
			reason = text("c.plan.up", done, stepText(lad[level], lad[idx]))
		}
	default:
		reason = text("c.plan.repeat", stepsToProgress-done)
	}
	if gentle && idx > lad.gentleTop() {
		idx = lad.gentleTop()
		reason = text("c.plan.gentle")
	}
	idx = min(max(idx, 0), len(lad)-1)
	r := lad[idx]

	plan := Plan{Device: dev, Angle: r.angle, Duration: r.dur, ReasonText: reason}
	switch {
	case idx+1 >= len(lad):
		plan.NextText = text("c.next.top", r.text())
	case gentle && idx+1 > lad.gentleTop():
		plan.NextText = text("c.next.gentle", lad[idx+1].text())
	default:
		plan.NextText = lad[idx+1].text()
	}
	switch {
	case early >= 2:
		plan.CautionText = text("c.caution.early")
	case dev == Boots && lvl == Beginner:
		plan.CautionText = text("c.caution.boots")
	case latest != nil:
		plan.CautionText = CautionOf(latest.Device, latest.Duration)
	}
	plan.Reason, plan.Next, plan.Caution = reason.String(), "next: "+plan.NextText.String(), plan.CautionText.String()
	return plan
}

// Defaults returns the planned device, angle and duration, for filling in
// what a user left out when starting a hang.
func Defaults(p Profile, history []Session, now time.Time) (Device, int, time.Duration) {
	pl := MakePlan(p, history, now)
	return pl.Device, pl.Angle, pl.Duration
}

func stepText(from, to rung) Text {
	if to.angle != from.angle {
		return text("c.step.angle", to.angle-from.angle)
	}
	return text("c.step.time", Dur(to.dur-from.dur))
}
