package bot

import (
	"context"
	"testing"
	"time"

	"github.com/hangtime/hangtime/coach"
)

// TestReminderWithoutOutboxIsUndeliverable: Config says a nil Outbox
// disables delivery outside interactions, so a reminder that comes due on
// such a bot is recorded as undeliverable instead of crashing the runner.
func TestReminderWithoutOutboxIsUndeliverable(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	j := coach.Job{Kind: jobReminder, UserID: "u1", Key: "gymdone:1", Due: t0, Payload: reminderPayload{Source: "done", Dest: "dm"}.encode()}
	if _, _, err := f.db.AddJob(ctx, j, t0); err != nil {
		t.Fatal(err)
	}
	jobs, err := f.db.ClaimDue(ctx, t0.Add(time.Second), time.Minute, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(jobs) != 1 {
		t.Fatalf("claimed %d jobs, want 1", len(jobs))
	}
	state, note, err := f.bot.RunReminder(ctx, jobs[0])
	if err != nil {
		t.Fatalf("RunReminder without an outbox: %v", err)
	}
	if state != coach.JobUndeliverable || note != noOutboxNote {
		t.Errorf("RunReminder without an outbox = %s, %q, want undeliverable with a note", state, note)
	}
}
