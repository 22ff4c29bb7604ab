package bot

import (
	"context"
	"testing"
	"time"

	"github.com/hangtime/hangtime/coach"
)

// TestRunnersWithoutOutbox: Config says a nil Outbox disables delivery
// outside interactions, so every runner that would send records its job
// undeliverable (or, for the end of a live hang, skips the edit) instead of
// dereferencing the missing outbox. The reminder runner used to panic.
func TestRunnersWithoutOutbox(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	g := coach.Group{GuildID: "g1", ChannelID: "c1", DigestMinute: 20 * 60, Timezone: "UTC", CreatedBy: "admin"}
	if err := f.db.SaveGroup(ctx, g, nil, nil, t0); err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.JoinGroup(ctx, g.GuildID, "u1", true, t0); err != nil {
		t.Fatal(err)
	}
	l := coach.Live{UserID: "u1", InteractionID: "i1", Start: t0.Add(-time.Minute), Target: t0, Device: coach.Table, MessageRef: "webhook:1:tok"}
	if _, started, err := f.db.StartLive(ctx, l, hangEndJob(l, ""), l.Start); err != nil || !started {
		t.Fatalf("StartLive = %v, %v", started, err)
	}
	today := coach.DayOf(t0, time.UTC)
	tests := []struct {
		job         coach.Job
		state, note string
	}{
		{newJob(jobReminder, laneReminder, "u1", "gymdone:1", t0, reminderPayload{Source: "done", Dest: "dm"}), coach.JobUndeliverable, noOutboxNote},
		{digestJob(g, today), coach.JobUndeliverable, noOutboxNote},
		{recapJob(g, today.AddDays(5)), coach.JobUndeliverable, noOutboxNote},
		{shoutoutJob(g.GuildID, "u1", 7, false, today.AddDays(-6), t0), coach.JobUndeliverable, noOutboxNote},
		{hangEndJob(l, ""), coach.JobDone, ""},
	}
	runners := f.bot.Runners()
	for _, tt := range tests {
		out, err := runners[tt.job.Kind](ctx, tt.job, t0)
		if err != nil {
			t.Errorf("%s runner without an outbox: %v", tt.job.Kind, err)
			continue
		}
		if out.State != tt.state || out.Note != tt.note {
			t.Errorf("%s runner without an outbox = %+v, want %s, %q", tt.job.Kind, out, tt.state, tt.note)
		}
	}
	list, n, err := f.db.Sessions(ctx, "u1", 10, 0)
	if err != nil {
		t.Fatal(err)
	}
	if n != 1 || list[0].Duration != time.Minute {
		t.Errorf("sessions after the hang_end runner = %+v, want the minute logged", list)
	}
}
