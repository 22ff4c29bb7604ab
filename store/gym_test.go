package store

import (
	"context"
	"encoding/json"
	"path/filepath"
	"reflect"
	"strconv"
	"testing"
	"testing/fstest"
	"time"

	"github.com/hangtime/hangtime/coach"
	"github.com/hangtime/hangtime/internal/dbtest"
)

// TestGymSchedulesAddRemoveAndClear: schedules add up to the limit, each
// with its first reminder; removing one withdraws only its reminders, not
// the user's others nor another user's; clearing withdraws all the user's
// jobs of the kind.
func TestGymSchedulesAddRemoveAndClear(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	rem := func(user, key string, due time.Time) coach.Job {
		return coach.Job{Kind: "reminder", UserID: user, Key: key, Due: due, Payload: `{"source":"schedule","dest":"dm"}`}
	}
	for _, j := range []coach.Job{rem("u1", "gymdone:u1:i1", t0.Add(time.Hour)), rem("u10", "gym:u10:1:1", t0.Add(time.Hour))} {
		if _, _, err := db.AddJob(ctx, j, t0); err != nil {
			t.Fatal(err)
		}
	}
	var ids []int64
	for i := range 3 {
		g := coach.GymSchedule{UserID: "u1", Days: 0x7f, End: 18*60 + i, Destination: "dm"}
		id, n, err := db.AddGymSchedule(ctx, g, 3, func(id int64) coach.Job {
			return rem("u1", "gym:u1:"+strconv.FormatInt(id, 10)+":1", t0.Add(2*time.Hour))
		}, t0)
		if err != nil || id == 0 || n != i+1 {
			t.Fatalf("AddGymSchedule #%d = %d, %d, %v", i+1, id, n, err)
		}
		ids = append(ids, id)
	}
	if id, n, err := db.AddGymSchedule(ctx, coach.GymSchedule{UserID: "u1", Days: 1, Destination: "dm"}, 3, func(int64) coach.Job {
		t.Error("first reminder of a schedule over the limit")
		return coach.Job{}
	}, t0); err != nil || id != 0 || n != 3 {
		t.Errorf("AddGymSchedule over the limit = %d, %d, %v, want nothing added and 3", id, n, err)
	}
	gs, err := db.GymSchedules(ctx, "u1")
	if err != nil || len(gs) != 3 || gs[0].ID != ids[0] || gs[1].End != 18*60+1 || gs[2].Days != 0x7f {
		t.Fatalf("GymSchedules = %+v, %v", gs, err)
	}
	key := func(id int64) string { return "gym:u1:" + strconv.FormatInt(id, 10) + ":1" }
	prefix := func(id int64) string { return "gym:u1:" + strconv.FormatInt(id, 10) + ":" }
	if ok, err := db.RemoveGymSchedule(ctx, "u1", ids[1], prefix(ids[1]), t0); err != nil || !ok {
		t.Fatalf("RemoveGymSchedule = %v, %v", ok, err)
	}
	if ok, err := db.RemoveGymSchedule(ctx, "u10", ids[0], prefix(ids[0]), t0); err != nil || ok {
		t.Errorf("RemoveGymSchedule of someone else's = %v, %v, want false", ok, err)
	}
	for k, want := range map[string]string{key(ids[0]): coach.JobPending, key(ids[1]): coach.JobCancelled, key(ids[2]): coach.JobPending,
		"gymdone:u1:i1": coach.JobPending, "gym:u10:1:1": coach.JobPending} {
		if state, _ := jobState(t, db, k); state != want {
			t.Errorf("after removing one schedule, %s is %s, want %s", k, state, want)
		}
	}
	// A second /gym done replaces the first.
	id, replaced, err := db.ReplaceJob(ctx, rem("u1", "gymdone:u1:i2", t0.Add(time.Hour)), "gymdone:u1:", t0)
	if err != nil || replaced != 1 || id == 0 {
		t.Fatalf("ReplaceJob = %d, %d, %v, want the first withdrawn", id, replaced, err)
	}
	if ok, err := db.CancelJob(ctx, "u10", id, t0); err != nil || ok {
		t.Errorf("CancelJob by another user = %v, %v", ok, err)
	}
	if ok, err := db.CancelJob(ctx, "u1", id, t0); err != nil || !ok {
		t.Errorf("CancelJob = %v, %v", ok, err)
	}
	if ok, err := db.CancelJob(ctx, "u1", id, t0); err != nil || ok {
		t.Errorf("CancelJob twice = %v, %v, want false", ok, err)
	}
	if _, _, err := db.AddJob(ctx, rem("u1", "remind:u1:1:1", t0.Add(time.Hour)), t0); err != nil {
		t.Fatal(err)
	}
	n, cancelled, err := db.ClearGym(ctx, "u1", "reminder", "remind:u1:", t0)
	if err != nil || n != 2 || cancelled != 2 {
		t.Errorf("ClearGym = %d, %d, %v, want 2 schedules and 2 pending reminders", n, cancelled, err)
	}
	if state, _ := jobState(t, db, "remind:u1:1:1"); state != coach.JobPending {
		t.Errorf("u1's plain reminder after the gym clear is %s, want pending", state)
	}
	if state, _ := jobState(t, db, "gym:u10:1:1"); state != coach.JobPending {
		t.Errorf("u10's reminder after u1's clear is %s, want pending", state)
	}
}

// TestGymScheduleMigrationKeepsTheQueuedReminder: the one schedule a user
// had before several were allowed keeps its queued reminder, re-keyed.
func TestGymScheduleMigrationKeepsTheQueuedReminder(t *testing.T) {
	path := dbtest.Path(t, filepath.Join(t.TempDir(), "old.db"))
	ctx := context.Background()
	old := fstest.MapFS{}
	for _, name := range []string{"0001_init.sql", "0002_live_and_jobs.sql", "0003_reminders.sql", "0004_groups.sql", "0005_heartbeat.sql"} {
		body, err := migrationFiles.ReadFile("migrations/" + name)
		if err != nil {
			t.Fatal(err)
		}
		old["migrations/"+name] = &fstest.MapFile{Data: body}
	}
	db, err := openOld(ctx, path, old)
	if err != nil {
		t.Fatal(err)
	}
	if err := ensureUser(ctx, db.w, "u1", t0); err != nil {
		t.Fatal(err)
	}
	if _, err := db.w.ExecContext(ctx, `INSERT INTO gym_schedules(user_id, days, end_minute, delay_ms, destination, updated_ms) VALUES('u1', 'mon', 1080, 300000, 'dm', 0)`); err != nil {
		t.Fatal(err)
	}
	// As the code of that version queued it (the jobs table of then).
	if _, err := db.w.ExecContext(ctx, `INSERT INTO jobs(kind, user_id, key, due_ms, payload, updated_ms) VALUES('reminder', 'u1', 'gym:u1:1796000000', ?, '{"source":"schedule","dest":"dm"}', 0)`, ms(t0)); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if db, err = Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	gs, err := db.GymSchedules(ctx, "u1")
	if err != nil || len(gs) != 1 || gs[0].End != 1080 {
		t.Fatalf("GymSchedules after the migration = %+v, %v", gs, err)
	}
	want := "gym:u1:" + strconv.FormatInt(gs[0].ID, 10) + ":1796000000"
	var payload string
	if err := db.sql.QueryRowContext(ctx, `SELECT payload FROM jobs WHERE key = ?`, want).Scan(&payload); err != nil {
		t.Fatalf("the queued reminder under %s: %v", want, err)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(payload), &got); err != nil || !reflect.DeepEqual(got, map[string]any{"source": "schedule", "dest": "dm", "schedule": float64(gs[0].ID)}) {
		t.Errorf("payload = %s (%v)", payload, err)
	}
}
