package bot

import (
	"context"
	"fmt"
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
	k := jobKind("k", func(context.Context, coach.Job, struct{}, time.Time) (coach.JobOutcome, error) {
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
	k := jobKind("k", func(_ context.Context, _ coach.Job, p payload, _ time.Time) (coach.JobOutcome, error) {
		got = append(got, p)
		return coach.JobOutcome{State: coach.JobDone}, nil
	})
	job := newJob("k", "u1", "k:1", t0, payload{A: `"quoted" é`, N: 2})
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
	k := jobKind("k", func(_ context.Context, _ coach.Job, p P, _ time.Time) (coach.JobOutcome, error) {
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
