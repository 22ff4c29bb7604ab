package coach

import (
	"testing"
	"time"
)

// WithinEveryPlan never says yes for a hang beyond some plan: every plan
// is a rung of a ladder, and each rung of each ladder is tried.
func TestWithinEveryPlanHoldsForEveryRung(t *testing.T) {
	yes := 0
	for target := 10 * time.Second; target <= 6*time.Minute; target += 10 * time.Second {
		for _, angle := range []int{0, 10, 20, 25, 30, 35, 40, 45, 50, 60, 70, 90, 120, 180} {
			if !WithinEveryPlan(target, angle) {
				continue
			}
			yes++
			for _, d := range Devices() {
				for _, l := range Levels() {
					for _, r := range makeLadder(d, l) {
						if pl := (Plan{Device: d, Angle: r.angle, Duration: r.dur}); BeyondPlan(pl, target, angle) {
							t.Errorf("WithinEveryPlan(%v, %d), but it is beyond %v's plan %v at %d°", target, angle, d, r.dur, r.angle)
						}
					}
				}
			}
		}
	}
	if yes == 0 || !WithinEveryPlan(time.Minute, 0) {
		t.Errorf("WithinEveryPlan said yes %d times, and %v for a 1m hang", yes, WithinEveryPlan(time.Minute, 0))
	}
}
