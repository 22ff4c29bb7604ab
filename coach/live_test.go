package coach

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestEndLive(t *testing.T) {
	start := time.Date(2026, 11, 24, 18, 0, 0, 0, time.UTC)
	l := Live{UserID: "u1", InteractionID: "i1", Start: start, Target: start.Add(time.Minute), Device: Chair, Angle: 40, Routine: "core"}
	session := func(d time.Duration, early bool) Session {
		return Session{UserID: "u1", Start: start, Duration: d, Device: Chair, Angle: 40, Routine: "core", StoppedEarly: early}
	}
	tests := []struct {
		name   string
		after  time.Duration // from the start to the end
		how    EndKind
		want   Session
		logged bool
	}{
		{"done halfway", 30 * time.Second, EndDone, session(30*time.Second, true), true},
		{"done rounds to the second", 30*time.Second + 400*time.Millisecond, EndDone, session(30*time.Second, true), true},
		{"done at the target", time.Minute, EndDone, session(time.Minute, false), true},
		{"done after the target counts the target", 3 * time.Minute, EndDone, session(time.Minute, false), true},
		{"done at the minimum", MinLiveLogged, EndDone, session(MinLiveLogged, true), true},
		{"done within seconds", 3 * time.Second, EndDone, session(3*time.Second, true), false},
		{"done at once", 0, EndDone, session(0, true), false},
		{"cancel halfway", 30 * time.Second, EndCancel, session(30*time.Second, true), false},
		{"cancel after the target", 2 * time.Minute, EndCancel, session(time.Minute, false), false},
		{"target reached", time.Minute, EndTarget, session(time.Minute, false), true},
		{"target reached, run late", 3 * time.Hour, EndTarget, session(time.Minute, false), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, logged := EndLive(l, start.Add(tt.after), tt.how)
			if logged != tt.logged {
				t.Errorf("EndLive(+%v, %v) logged = %v, want %v", tt.after, tt.how, logged, tt.logged)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("EndLive(+%v, %v) session (-want +got):\n%s", tt.after, tt.how, diff)
			}
		})
	}
}
