package store

import (
	"context"
	"io/fs"
	"path/filepath"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/hangtime/hangtime/coach"
	"github.com/hangtime/hangtime/internal/dbtest"
)

var t0 = time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)

func openTemp(t *testing.T) (*DB, string) {
	t.Helper()
	path := dbtest.Path(t, filepath.Join(t.TempDir(), "h.db"))
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db, path
}

func migrationNames(t *testing.T) []string {
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil || len(names) == 0 {
		t.Fatalf("no migrations: %v", err)
	}
	return names
}

func TestOpenFreshAppliesEveryMigration(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	v, err := db.SchemaVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := len(migrationNames(t)); v != want {
		t.Errorf("SchemaVersion() = %d, want %d", v, want)
	}
	if res, err := db.IntegrityCheck(ctx); err != nil || res != "ok" {
		t.Errorf("IntegrityCheck() = %q, %v, want ok", res, err)
	}
	if db.pg {
		return
	}
	var mode string
	db.sql.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode)
	var fk int
	db.sql.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&fk)
	if mode != "wal" || fk != 1 {
		t.Errorf("journal_mode, foreign_keys = %q, %d, want wal, 1", mode, fk)
	}
}

// TestUpgradeFromEveryVersion opens a database at each earlier schema
// version with data in it, then opens it with every migration.
func TestUpgradeFromEveryVersion(t *testing.T) {
	names := migrationNames(t)
	ctx := context.Background()
	for k := 1; k <= len(names); k++ {
		partial := fstest.MapFS{}
		for _, n := range names[:k] {
			b, _ := fs.ReadFile(migrationFiles, n)
			partial[n] = &fstest.MapFile{Data: b}
		}
		path := dbtest.Path(t, filepath.Join(t.TempDir(), "old.db"))
		old, err := openOld(ctx, path, partial)
		if err != nil {
			t.Fatalf("open at version %d: %v", k, err)
		}
		if _, err := old.sql.ExecContext(ctx, `INSERT INTO users(user_id, created_ms) VALUES('u1', 1)`); err != nil {
			t.Fatal(err)
		}
		if _, err := old.sql.ExecContext(ctx, `INSERT INTO sessions(user_id, started_ms, duration_ms, created_ms) VALUES('u1', 1000, 90000, 1)`); err != nil {
			t.Fatal(err)
		}
		old.Close()

		db, err := Open(ctx, path)
		if err != nil {
			t.Fatalf("upgrade from version %d: %v", k, err)
		}
		v, err := db.SchemaVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		list, total, err := db.Sessions(ctx, "u1", 10, 0)
		db.Close()
		if v != len(names) || err != nil || total != 1 || list[0].Duration != 90*time.Second {
			t.Errorf("after upgrade from %d: version %d, sessions %v (%d), %v", k, v, list, total, err)
		}
	}
}

func TestMigrationNumbersMustBeDense(t *testing.T) {
	bad := fstest.MapFS{"migrations/0002_x.sql": &fstest.MapFile{Data: []byte("SELECT 1")}}
	if _, err := openOld(context.Background(), dbtest.Path(t, filepath.Join(t.TempDir(), "x.db")), bad); err == nil {
		t.Error("openWith(migration 0002 without 0001) = nil error, want an error")
	}
}

func TestLogSessionIsIdempotentPerInteraction(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	s := coach.Session{UserID: "u1", Start: t0, Duration: 90 * time.Second, Device: coach.Table, Angle: 30, Note: "after squats"}
	first, created, err := db.LogSession(ctx, s, "i-1", t0)
	if err != nil || !created {
		t.Fatalf("LogSession first = %v, %v", created, err)
	}
	again, created, err := db.LogSession(ctx, s, "i-1", t0)
	if err != nil || created {
		t.Fatalf("LogSession again = %v, %v, want created false", created, err)
	}
	if diff := cmp.Diff(first, again); diff != "" {
		t.Errorf("second LogSession returned a different session (-first +again):\n%s", diff)
	}
	_, total, err := db.Sessions(ctx, "u1", 10, 0)
	if err != nil {
		t.Fatal(err)
	}
	if total != 1 {
		t.Errorf("sessions after a duplicate = %d, want 1", total)
	}
	// Without an interaction id every call logs.
	db.LogSession(ctx, s, "", t0)
	db.LogSession(ctx, s, "", t0)
	if _, total, err = db.Sessions(ctx, "u1", 10, 0); err != nil {
		t.Fatal(err)
	} else if total != 3 {
		t.Errorf("sessions = %d, want 3", total)
	}
}

func TestSessionsNewestFirstPagedAndOwned(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	for i := 0; i < 5; i++ {
		db.LogSession(ctx, coach.Session{UserID: "u1", Start: t0.Add(time.Duration(i) * time.Hour), Duration: time.Minute}, "", t0)
	}
	db.LogSession(ctx, coach.Session{UserID: "u2", Start: t0, Duration: time.Minute}, "", t0)
	page, total, err := db.Sessions(ctx, "u1", 2, 2)
	if err != nil || total != 5 || len(page) != 2 {
		t.Fatalf("Sessions(u1, 2, 2) = %d items, total %d, %v", len(page), total, err)
	}
	if !page[0].Start.Equal(t0.Add(2*time.Hour)) || !page[1].Start.Equal(t0.Add(time.Hour)) {
		t.Errorf("page starts = %v, %v, want hours 2 and 1", page[0].Start, page[1].Start)
	}
	since, err := db.SessionsSince(ctx, "u1", t0.Add(3*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(since) != 2 {
		t.Errorf("SessionsSince(+3h) = %d, want 2", len(since))
	}
	if ok, err := db.DeleteSession(ctx, "u2", page[0].ID); err != nil {
		t.Fatal(err)
	} else if ok {
		t.Error("DeleteSession of someone else's session = true, want false")
	}
	if _, ok, err := db.Session(ctx, "u2", page[0].ID); err != nil {
		t.Fatal(err)
	} else if ok {
		t.Error("Session() of someone else's session found it")
	}
	if ok, err := db.DeleteSession(ctx, "u1", page[0].ID); err != nil {
		t.Fatal(err)
	} else if !ok {
		t.Error("DeleteSession of own session = false, want true")
	}
}

func TestProfileSafetyAndForget(t *testing.T) {
	db, path := openTemp(t)
	ctx := context.Background()
	p, err := db.Profile(ctx, "u1")
	if err != nil || p.Timezone != "" || !p.SafetyAck.IsZero() {
		t.Fatalf("Profile(new user) = %+v, %v", p, err)
	}
	want := coach.Profile{UserID: "u1", Device: coach.Chair, Timezone: "Europe/Berlin", Level: coach.Beginner, Weekly: 3, Notify: coach.NotifyChannel}
	if err := db.SaveProfile(ctx, want, t0); err != nil {
		t.Fatal(err)
	}
	db.AckSafety(ctx, "u1", t0)
	db.AckSafety(ctx, "u1", t0.Add(time.Hour)) // the first acknowledgement is kept
	want.SafetyAck = t0
	id, err := db.SavePending(ctx, "u1", "i-9", "hang log", []byte(`{"duration":"2m"}`), t0)
	if err != nil {
		t.Fatal(err)
	}
	db.LogSession(ctx, coach.Session{UserID: "u1", Start: t0, Duration: time.Minute}, "i-1", t0)
	db.Close()

	// A restart on the same file keeps everything.
	db, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got, err := db.Profile(ctx, "u1")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Profile after restart (-want +got):\n%s", diff)
	}
	if _, _, _, ok, err := db.TakePending(ctx, "u2", id); err != nil {
		t.Fatal(err)
	} else if ok {
		t.Error("TakePending by another user succeeded")
	}
	iid, cmd, opts, ok, err := db.TakePending(ctx, "u1", id)
	if err != nil || !ok || iid != "i-9" || cmd != "hang log" || string(opts) != `{"duration":"2m"}` {
		t.Errorf("TakePending = %q %q %q %v %v", iid, cmd, opts, ok, err)
	}
	if _, _, _, ok, err := db.TakePending(ctx, "u1", id); err != nil {
		t.Fatal(err)
	} else if ok {
		t.Error("TakePending twice succeeded twice")
	}

	db.SavePending(ctx, "u1", "i-10", "hang log", []byte(`{}`), t0)
	if err := db.Forget(ctx, "u1"); err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"users", "sessions", "pending_commands"} {
		var n int
		db.sql.QueryRowContext(ctx, `SELECT count(*) FROM `+table+` WHERE user_id = 'u1'`).Scan(&n)
		if n != 0 {
			t.Errorf("after Forget, %s has %d rows for the user", table, n)
		}
	}
}

func TestClaimInteractionOnce(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	if ok, err := db.ClaimInteraction(ctx, "i-1", t0); !ok || err != nil {
		t.Fatalf("first claim = %v, %v", ok, err)
	}
	if ok, err := db.ClaimInteraction(ctx, "i-1", t0); err != nil {
		t.Fatal(err)
	} else if ok {
		t.Error("second claim = true, want false")
	}
	if n, err := db.PruneInteractions(ctx, t0.Add(time.Second)); err != nil {
		t.Fatal(err)
	} else if n != 1 {
		t.Errorf("PruneInteractions = %d, want 1", n)
	}
}

func TestAddJobRequeuesACancelledKeyOnly(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	j := coach.Job{Kind: "reminder", UserID: "u1", Key: "gym:u1:1", Due: t0}
	id, added, err := db.AddJob(ctx, j, t0)
	if err != nil {
		t.Fatal(err)
	}
	if !added {
		t.Fatal("first AddJob not added")
	}
	if _, added, err := db.AddJob(ctx, j, t0); err != nil {
		t.Fatal(err)
	} else if added {
		t.Error("AddJob of a pending key added it again")
	}
	db.CancelJobs(ctx, "u1", "reminder", t0)
	again, added, err := db.AddJob(ctx, j, t0)
	if err != nil || !added || again != id {
		t.Errorf("AddJob after cancel = %d, %v, %v, want the same job queued again", again, added, err)
	}
	if _, state, _, err := db.Job(ctx, id); err != nil {
		t.Fatal(err)
	} else if state != coach.JobPending {
		t.Errorf("state = %q, want pending", state)
	}
	db.ClaimDue(ctx, "test", t0, time.Minute, 10)
	db.FinishJob(ctx, id, coach.JobDone, "", time.Time{}, t0)
	if _, added, err := db.AddJob(ctx, j, t0); err != nil {
		t.Fatal(err)
	} else if added {
		t.Error("AddJob of a key already run queued it again")
	}
}
