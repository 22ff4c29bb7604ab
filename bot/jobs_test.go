package bot

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/hangtime/hangtime/coach"
)

func TestRunnersCoverTheDeclaredKinds(t *testing.T) {
	b := New(Config{})
	runners := b.Runners()
	for _, kind := range []string{jobHangEnd, jobReminder, jobDigest, jobRecap, jobShoutout} {
		if runners[kind] == nil {
			t.Errorf("Runners() has no runner for %s", kind)
		}
	}
	// The map is the caller's: adding to it changes no other caller's.
	b.Runners()["prune"] = func(context.Context, coach.Job, time.Time) (coach.JobOutcome, error) { return coach.JobOutcome{}, nil }
	if _, ok := b.Runners()["prune"]; ok {
		t.Error("a kind added to one Runners() map shows in the next")
	}
}

func TestDuplicateJobKindPanics(t *testing.T) {
	k := jobKind("k", coach.LaneTimely, func(context.Context, coach.Job, struct{}, time.Time) (coach.JobOutcome, error) {
		return coach.JobOutcome{}, nil
	})
	b := &Bot{jobs: map[string]Runner{}}
	defer func() {
		if recover() == nil {
			t.Error("a job kind declared by a command and its subcommand did not panic")
		}
	}()
	b.addJobKinds(&Command{Name: "a", Jobs: []JobKind{k}, Subs: []Command{{Name: "b", Jobs: []JobKind{k}}}})
}

// TestJobKindDecodesThePayload: the runner gets the payload decoded; a
// payload that does not decode fails the job without reaching it.
func TestJobKindDecodesThePayload(t *testing.T) {
	type payload struct {
		A string `json:"a"`
		N int    `json:"n"`
	}
	var got []payload
	k := jobKind("k", coach.LaneTimely, func(_ context.Context, _ coach.Job, p payload, _ time.Time) (coach.JobOutcome, error) {
		got = append(got, p)
		return coach.JobOutcome{State: coach.JobDone}, nil
	})
	job := newJob("k", coach.LaneTimely, "u1", "k:1", t0, payload{A: `"quoted" é`, N: 2})
	if job.Payload != `{"a":"\"quoted\" é","n":2}` {
		t.Errorf("newJob payload = %s, want JSON", job.Payload)
	}
	if out, err := k.Run(context.Background(), job, t0); err != nil || out.State != coach.JobDone {
		t.Errorf("run = %+v, %v, want done", out, err)
	}
	job.Payload = `{"a":`
	if out, err := k.Run(context.Background(), job, t0); err != nil || out.State != coach.JobFailed || out.Note != "unreadable k job" {
		t.Errorf("run of an unreadable payload = %+v, %v, want failed", out, err)
	}
	if diff := cmp.Diff([]payload{{A: `"quoted" é`, N: 2}}, got); diff != "" {
		t.Errorf("payloads the runner got (-want +got):\n%s", diff)
	}
}

// decodeAs runs payload through a job kind of payload type P and returns
// what its runner got.
func decodeAs[P any](t *testing.T, payload string) P {
	t.Helper()
	var got P
	k := jobKind("k", coach.LaneTimely, func(_ context.Context, _ coach.Job, p P, _ time.Time) (coach.JobOutcome, error) {
		got = p
		return coach.JobOutcome{State: coach.JobDone}, nil
	})
	if out, err := k.Run(context.Background(), coach.Job{Kind: "k", Payload: payload}, t0); err != nil || out.State != coach.JobDone {
		t.Errorf("payload %s = %+v, %v, want it decoded", payload, out, err)
	}
	return got
}

// TestStoredPayloadsStillDecode: jobs queued before payloads went through
// encoding/json were written with fmt's %q; their ids are plain ASCII, so
// they are JSON with the same field names. Keys keep their formats.
func TestStoredPayloadsStillDecode(t *testing.T) {
	rem := decodeAs[reminderPayload](t, fmt.Sprintf(`{"source":%q,"dest":%q,"channel_id":%q}`, "schedule", "channel", "500"))
	if rem != (reminderPayload{Source: "schedule", Dest: "channel", ChannelID: "500"}) {
		t.Errorf("stored reminder payload decodes to %+v", rem)
	}
	if end := decodeAs[hangEndPayload](t, fmt.Sprintf(`{"interaction_id":%q}`, "1234567890")); end.InteractionID != "1234567890" {
		t.Errorf("stored hang_end payload decodes to %+v", end)
	}
	if j := hangEndJob(coach.Live{UserID: "u1", InteractionID: "1234567890", Target: t0}, ""); j.Key != "hang_end:1234567890" || j.Payload != `{"interaction_id":"1234567890"}` {
		t.Errorf("hangEndJob = %+v, want the key and payload stored jobs have", j)
	}
	// Since several schedules: the key and payload name the schedule
	// (migration 0006 re-keyed the reminders queued before).
	if j := gymJob(coach.GymSchedule{ID: 7, UserID: "u1", Destination: "channel", ChannelID: "500", Delay: time.Minute}, t0); j.Key != fmt.Sprintf("gym:u1:7:%d", t0.Unix()) ||
		j.Payload != fmt.Sprintf(`{"source":"schedule","dest":"channel","channel_id":"500","schedule":7,"ended":%d}`, t0.Add(-time.Minute).UnixMilli()) {
		t.Errorf("gymJob = %+v, want the key and payload stored jobs have", j)
	}
}

// TestJobsGoInTheirKindsLane: each job a feature builds is in the lane its
// kind declares, and the lanes are the order: ends of hangs, then
// reminders, then group posts.
func TestJobsGoInTheirKindsLane(t *testing.T) {
	b := New(Config{})
	declared := map[string]coach.Lane{}
	var walk func([]Command)
	walk = func(cs []Command) {
		for _, c := range cs {
			for _, k := range c.Jobs {
				declared[k.Name] = k.Lane
			}
			walk(c.Subs)
		}
	}
	walk(b.commands)
	want := map[string]coach.Lane{jobHangEnd: coach.LaneLive, jobReminder: coach.LaneTimely,
		jobDigest: coach.LaneBulk, jobRecap: coach.LaneBulk, jobShoutout: coach.LaneBulk}
	if diff := cmp.Diff(want, declared); diff != "" {
		t.Errorf("declared lanes (-want +got):\n%s", diff)
	}
	g := coach.Group{GuildID: "g1", ChannelID: "c1", DigestMinute: 20 * 60, Timezone: "UTC"}
	today := coach.DayOf(t0, time.UTC)
	for _, j := range []coach.Job{
		hangEndJob(coach.Live{UserID: "u1", InteractionID: "1", Target: t0}, ""),
		gymJob(coach.GymSchedule{UserID: "u1", Destination: "dm"}, t0),
		digestJob(g, today), recapJob(g, today), shoutoutJob("g1", "u1", 7, false, today, t0), plainJob(coach.Reminder{UserID: "u1", ID: 1}, t0),
	} {
		if j.Lane != declared[j.Kind] {
			t.Errorf("a %s job is built in lane %d, its kind declares %d", j.Kind, j.Lane, declared[j.Kind])
		}
	}
}

// laneOutbox records the lane each delivery goes out in.
type laneOutbox struct {
	mu    sync.Mutex
	lanes []coach.Lane
}

func (o *laneOutbox) note(ctx context.Context) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.lanes = append(o.lanes, laneOf(ctx))
}

func (o *laneOutbox) Edit(ctx context.Context, ref string, r Reply) error { o.note(ctx); return nil }
func (o *laneOutbox) Send(ctx context.Context, channelID string, r Reply, nonce string) (string, error) {
	o.note(ctx)
	return "m1", nil
}
func (o *laneOutbox) DMChannel(ctx context.Context, userID string) (string, error) {
	o.note(ctx)
	return "dm1", nil
}

func (o *laneOutbox) take() []coach.Lane {
	o.mu.Lock()
	defer o.mu.Unlock()
	l := o.lanes
	o.lanes = nil
	return l
}

// TestRunnersDeliverInTheirJobsLane: what a runner sends waits for the
// pacer in its job's lane; a digest long late rides with the reminders.
func TestRunnersDeliverInTheirJobsLane(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	out := &laneOutbox{}
	f.bot = New(Config{Store: f.db, Outbox: out, Now: func() time.Time { return t0 }})
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
	digest := digestJob(g, today)
	late := digestJob(g, today.AddDays(-1))
	tests := []struct {
		job  coach.Job
		now  time.Time
		want coach.Lane
	}{
		{hangEndJob(l, ""), t0, coach.LaneLive},
		{newJob(jobReminder, laneReminder, "u1", "gymdone:1", t0, reminderPayload{Source: "done", Dest: "dm"}), t0, coach.LaneTimely},
		{digest, digest.Due, coach.LaneBulk},
		{late, late.Due.Add(coach.BulkWait), coach.LaneTimely},
	}
	runners := f.bot.Runners()
	for _, tt := range tests {
		if _, err := runners[tt.job.Kind](ctx, tt.job, tt.now); err != nil {
			t.Fatalf("%s runner: %v", tt.job.Kind, err)
		}
		lanes := out.take()
		if len(lanes) == 0 {
			t.Errorf("the %s runner delivered nothing", tt.job.Kind)
		}
		for _, got := range lanes {
			if got != tt.want {
				t.Errorf("the %s runner (due %v, run at %v) delivered in lane %d, want %d", tt.job.Kind, tt.job.Due, tt.now, got, tt.want)
			}
		}
	}
}
