package store

import (
	"context"
	"testing"
	"time"

	"github.com/hangtime/hangtime/coach"
)

// TestGymScheduleReplacesOnlyItsReminders: saving a schedule withdraws the
// pending jobs under the prefix it is given (the reminders of the earlier
// schedule), not the user's other reminders nor another user's; clearing
// withdraws all the user's jobs of the kind.
func TestGymScheduleReplacesOnlyItsReminders(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	rem := func(user, key string, due time.Time) coach.Job {
		return coach.Job{Kind: "reminder", UserID: user, Key: key, Due: due, Payload: `{"source":"schedule","dest":"dm"}`}
	}
	g := coach.GymSchedule{UserID: "u1", Days: 0x7f, End: 18 * 60, Destination: "dm"}
	for _, j := range []coach.Job{rem("u1", "gymdone:i1", t0.Add(time.Hour)), rem("u10", "gym:u10:1", t0.Add(time.Hour))} {
		if _, _, err := db.AddJob(ctx, j, t0); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.SaveGymSchedule(ctx, g, rem("u1", "gym:u1:1", t0.Add(2*time.Hour)), "gym:u1:", t0); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveGymSchedule(ctx, g, rem("u1", "gym:u1:2", t0.Add(3*time.Hour)), "gym:u1:", t0); err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]string{"gym:u1:1": coach.JobCancelled, "gym:u1:2": coach.JobPending, "gymdone:i1": coach.JobPending, "gym:u10:1": coach.JobPending} {
		if state, _ := jobState(t, db, key); state != want {
			t.Errorf("after saving u1's schedule twice, %s is %s, want %s", key, state, want)
		}
	}
	pending, err := db.PendingJobs(ctx, "u1", "reminder", 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(pending) != 2 || pending[0].Key != "gymdone:i1" || pending[1].Key != "gym:u1:2" {
		t.Errorf("PendingJobs(u1, reminder) = %+v, want gymdone:i1 then gym:u1:2", pending)
	}

	if _, _, _, ok, err := db.LastJob(ctx, "u1", "reminder"); err != nil || ok {
		t.Errorf("LastJob before any finished = %v, %v, want none", ok, err)
	}
	if err := db.FinishJob(ctx, pending[0].ID, coach.JobUndeliverable, "DMs closed", time.Time{}, t0); err != nil {
		t.Fatal(err)
	}
	j, state, note, ok, err := db.LastJob(ctx, "u1", "reminder")
	if err != nil || !ok || j.ID != pending[0].ID || state != coach.JobUndeliverable || note != "DMs closed" || j.Kind != "reminder" {
		t.Errorf("LastJob = %+v, %s, %q, %v, %v, want the undeliverable gymdone:i1", j, state, note, ok, err)
	}

	had, n, err := db.ClearGym(ctx, "u1", "reminder", t0)
	if err != nil || !had || n != 1 {
		t.Errorf("ClearGym = %v, %d, %v, want the schedule and 1 pending reminder", had, n, err)
	}
	if state, _ := jobState(t, db, "gym:u10:1"); state != coach.JobPending {
		t.Errorf("u10's reminder after u1's clear is %s, want pending", state)
	}
}
