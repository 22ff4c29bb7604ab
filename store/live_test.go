package store

import (
	"context"
	"testing"
	"time"

	"github.com/hangtime/hangtime/coach"
)

// TestEndLiveLogsWhatCoachSaysAndWithdrawsTheJob: ending a live hang
// records the session coach.EndLive makes of it (nothing when cancelled),
// withdraws its completion job, and ends it once.
func TestEndLiveLogsWhatCoachSaysAndWithdrawsTheJob(t *testing.T) {
	tests := []struct {
		name   string
		how    coach.EndKind
		after  time.Duration
		logged time.Duration // 0: nothing logged
	}{
		{"done", coach.EndDone, 40 * time.Second, 40 * time.Second},
		{"cancel", coach.EndCancel, 40 * time.Second, 0},
		{"target", coach.EndTarget, 2 * time.Minute, time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, _ := openTemp(t)
			ctx := context.Background()
			l := coach.Live{UserID: "u1", InteractionID: "i1", Start: t0, Target: t0.Add(time.Minute), Device: coach.Table, Angle: 30}
			end := coach.Job{Kind: "hang_end", UserID: "u1", Key: "hang_end:i1", Due: l.Target, Payload: `{"interaction_id":"i1"}`}
			if _, started, err := db.StartLive(ctx, l, end, t0); err != nil || !started {
				t.Fatalf("StartLive = %v, %v", started, err)
			}
			_, s, ok, err := db.EndLive(ctx, "u1", "", "hang_end", tt.how, t0.Add(tt.after))
			if err != nil || !ok {
				t.Fatalf("EndLive = %v, %v, want ended", ok, err)
			}
			if _, ok, err := db.LiveSession(ctx, "u1"); err != nil || ok {
				t.Errorf("LiveSession after the end = %v, %v, want none", ok, err)
			}
			list, n, err := db.Sessions(ctx, "u1", 10, 0)
			if err != nil {
				t.Fatal(err)
			}
			if tt.logged == 0 && n != 0 {
				t.Errorf("sessions after %s = %+v, want none", tt.name, list)
			}
			if tt.logged != 0 && (n != 1 || list[0].Duration != tt.logged || list[0].ID != s.ID || s.ID == 0) {
				t.Errorf("sessions after %s = %+v (returned %+v), want one of %v", tt.name, list, s, tt.logged)
			}
			if state, _ := jobState(t, db, "hang_end:i1"); state != coach.JobCancelled {
				t.Errorf("completion job after the end is %s, want cancelled", state)
			}
			if _, _, ok, err := db.EndLive(ctx, "u1", "i1", "hang_end", coach.EndDone, t0.Add(tt.after)); err != nil || ok {
				t.Errorf("second EndLive = %v, %v, want nothing to end", ok, err)
			}
		})
	}
}
