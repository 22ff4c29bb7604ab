package store

import (
	"context"
	"testing"
	"time"

	"github.com/hangtime/hangtime/coach"
)

// TestSaveProfileRequeuingIsAllOrNothing is the reported defect: /profile
// set saved the profile in one transaction and moved the reminders in
// another, so a failure in the second said "nothing was saved" although
// the first had committed.
func TestSaveProfileRequeuingIsAllOrNothing(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	before := coach.Profile{UserID: "u1", Timezone: "Europe/Berlin", Device: coach.Table}
	if err := db.SaveProfile(ctx, before, t0); err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.AddJob(ctx, coach.Job{Kind: "reminder", UserID: "u1", Key: "gym:u1:1:100", Due: t0.Add(time.Hour)}, t0); err != nil {
		t.Fatal(err)
	}
	moved := coach.Job{Kind: "reminder", UserID: "u1", Key: "gym:u1:1:200", Due: t0.Add(2 * time.Hour)}
	after := before
	after.Timezone = "Asia/Tokyo"

	// The requeue fails inside the transaction: nothing at all changes.
	trigger := `CREATE TRIGGER refuse BEFORE INSERT ON jobs BEGIN SELECT RAISE(ABORT, 'refused'); END`
	if db.pg {
		trigger = `CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RAISE EXCEPTION 'refused'; END$$;
			CREATE TRIGGER refuse BEFORE INSERT ON jobs FOR EACH ROW EXECUTE FUNCTION refuse()`
	}
	if _, err := db.w.ExecContext(ctx, trigger); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveProfileRequeuing(ctx, after, map[string]coach.Job{"gym:u1:1:": moved}, t0); err == nil {
		t.Fatal("SaveProfileRequeuing with a refused job succeeded")
	}
	p, err := db.Profile(ctx, "u1")
	if err != nil {
		t.Fatal(err)
	}
	if p.Timezone != "Europe/Berlin" {
		t.Errorf("profile after a failed save = %+v, want the time zone unchanged", p)
	}
	if state, _ := jobState(t, db, "gym:u1:1:100"); state != coach.JobPending {
		t.Errorf("the queued reminder after a failed save = %q, want pending", state)
	}

	// Without the fault both change together.
	drop := `DROP TRIGGER refuse`
	if db.pg {
		drop = `DROP TRIGGER refuse ON jobs`
	}
	if _, err := db.w.ExecContext(ctx, drop); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveProfileRequeuing(ctx, after, map[string]coach.Job{"gym:u1:1:": moved}, t0); err != nil {
		t.Fatal(err)
	}
	if p, err := db.Profile(ctx, "u1"); err != nil || p.Timezone != "Asia/Tokyo" {
		t.Errorf("profile = %+v, %v, want Asia/Tokyo", p, err)
	}
	for key, want := range map[string]string{"gym:u1:1:100": coach.JobCancelled, "gym:u1:1:200": coach.JobPending} {
		if state, _ := jobState(t, db, key); state != want {
			t.Errorf("job %s = %q, want %s", key, state, want)
		}
	}
}
