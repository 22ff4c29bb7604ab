package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/hangtime/hangtime/coach"
)

var t0 = time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)

func openTemp(t *testing.T) (*DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "h.db")
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db, path
}

// mustGet returns v, ending the test when err is set: a query a test
// relies on must not fail as "nothing there". mustGet(db.X(…))(t).
func mustGet[T any](v T, err error) func(testing.TB) T {
	return func(t testing.TB) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

// mustGet2 is mustGet for calls that return two values and an error.
func mustGet2[A, B any](a A, b B, err error) func(testing.TB) (A, B) {
	return func(t testing.TB) (A, B) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return a, b
	}
}

// mustDo ends the test when a step it relies on failed.
func mustDo(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
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
	var mode string
	mustDo(t, db.sql.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode))
	var fk int
	mustDo(t, db.sql.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&fk))
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
			b := mustGet(fs.ReadFile(migrationFiles, n))(t)
			partial[n] = &fstest.MapFile{Data: b}
		}
		path := filepath.Join(t.TempDir(), "old.db")
		old, err := openWith(ctx, path, partial)
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
		v := mustGet(db.SchemaVersion(ctx))(t)
		list, total, err := db.Sessions(ctx, "u1", 10, 0)
		db.Close()
		if v != len(names) || err != nil || total != 1 || list[0].Duration != 90*time.Second {
			t.Errorf("after upgrade from %d: version %d, sessions %v (%d), %v", k, v, list, total, err)
		}
	}
}

func TestMigrationNumbersMustBeDense(t *testing.T) {
	bad := fstest.MapFS{"migrations/0002_x.sql": &fstest.MapFile{Data: []byte("SELECT 1")}}
	if _, err := openWith(context.Background(), filepath.Join(t.TempDir(), "x.db"), bad); err == nil {
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
	_, total := mustGet2(db.Sessions(ctx, "u1", 10, 0))(t)
	if total != 1 {
		t.Errorf("sessions after a duplicate = %d, want 1", total)
	}
	// Without an interaction id every call logs.
	mustGet2(db.LogSession(ctx, s, "", t0))(t)
	mustGet2(db.LogSession(ctx, s, "", t0))(t)
	if _, total = mustGet2(db.Sessions(ctx, "u1", 10, 0))(t); total != 3 {
		t.Errorf("sessions = %d, want 3", total)
	}
}

// An interaction id comes back from a client (a routine button carries
// one): logging with another user's id must never return their session.
func TestLogSessionNeverReturnsAnotherUsersSession(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	mine := coach.Session{UserID: "u1", Start: t0, Duration: time.Minute, Note: "private"}
	if _, _, err := db.LogSession(ctx, mine, "i-1", t0); err != nil {
		t.Fatal(err)
	}
	got, created, err := db.LogSession(ctx, coach.Session{UserID: "u2", Start: t0, Duration: 2 * time.Minute}, "i-1", t0)
	if err == nil || created || got.UserID == "u1" || got.Note == "private" {
		t.Errorf("LogSession(u2, u1's interaction id) = %+v, %v, %v, want an error and none of u1's session", got, created, err)
	}
	for _, c := range []struct {
		user string
		want int
	}{{"u1", 1}, {"u2", 0}} {
		_, n, err := db.Sessions(ctx, c.user, 10, 0)
		if err != nil {
			t.Fatal(err)
		}
		if n != c.want {
			t.Errorf("%s's sessions = %d, want %d", c.user, n, c.want)
		}
	}
}

// LogSessionClaiming claims the interaction and logs in one transaction:
// a second call, or one for an interaction claimed before, writes nothing;
// ClaimInteraction sees the claim.
func TestLogSessionClaimingClaimsAndLogsTogether(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	s := coach.Session{UserID: "u1", Start: t0, Duration: time.Minute}
	first, created, err := db.LogSessionClaiming(ctx, s, "i-1", t0)
	if err != nil || !created || first.ID == 0 {
		t.Fatalf("LogSessionClaiming = %+v, %v, %v, want a new session", first, created, err)
	}
	if fresh, err := db.ClaimInteraction(ctx, "i-1", t0); err != nil || fresh {
		t.Errorf("ClaimInteraction after LogSessionClaiming = %v, %v, want claimed already", fresh, err)
	}
	if _, created, err := db.LogSessionClaiming(ctx, s, "i-1", t0); err != nil || created {
		t.Errorf("LogSessionClaiming again = %v, %v, want created false", created, err)
	}
	if fresh, err := db.ClaimInteraction(ctx, "i-2", t0); err != nil || !fresh {
		t.Fatalf("ClaimInteraction(i-2) = %v, %v", fresh, err)
	}
	if _, created, err := db.LogSessionClaiming(ctx, s, "i-2", t0); err != nil || created {
		t.Errorf("LogSessionClaiming of a claimed interaction = %v, %v, want created false", created, err)
	}
	// A hang logged under the id without a claim (the safety card's
	// button logs its command that way) is not logged again.
	if _, _, err := db.LogSession(ctx, s, "i-3", t0); err != nil {
		t.Fatal(err)
	}
	if _, created, err := db.LogSessionClaiming(ctx, s, "i-3", t0); err != nil || created {
		t.Errorf("LogSessionClaiming of a logged interaction = %v, %v, want created false", created, err)
	}
	// A hang's interaction counts as claimed everywhere.
	if fresh, err := db.ClaimInteraction(ctx, "i-3", t0); err != nil || fresh {
		t.Errorf("ClaimInteraction(i-3) = %v, %v, want claimed by the hang logged under it", fresh, err)
	}
	if _, n, err := db.Sessions(ctx, "u1", 10, 0); err != nil || n != 2 {
		t.Errorf("sessions = %d, %v, want 2", n, err)
	}
	if _, _, err := db.LogSessionClaiming(ctx, s, "", t0); err == nil {
		t.Error("LogSessionClaiming without an interaction id succeeded")
	}
}

func TestSessionsNewestFirstPagedAndOwned(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	for i := 0; i < 5; i++ {
		mustGet2(db.LogSession(ctx, coach.Session{UserID: "u1", Start: t0.Add(time.Duration(i) * time.Hour), Duration: time.Minute}, "", t0))(t)
	}
	mustGet2(db.LogSession(ctx, coach.Session{UserID: "u2", Start: t0, Duration: time.Minute}, "", t0))(t)
	page, total, err := db.Sessions(ctx, "u1", 2, 2)
	if err != nil || total != 5 || len(page) != 2 {
		t.Fatalf("Sessions(u1, 2, 2) = %d items, total %d, %v", len(page), total, err)
	}
	if !page[0].Start.Equal(t0.Add(2*time.Hour)) || !page[1].Start.Equal(t0.Add(time.Hour)) {
		t.Errorf("page starts = %v, %v, want hours 2 and 1", page[0].Start, page[1].Start)
	}
	since := mustGet(db.SessionsSince(ctx, "u1", t0.Add(3*time.Hour)))(t)
	if len(since) != 2 {
		t.Errorf("SessionsSince(+3h) = %d, want 2", len(since))
	}
	if ok := mustGet(db.DeleteSession(ctx, "u2", page[0].ID))(t); ok {
		t.Error("DeleteSession of someone else's session = true, want false")
	}
	if _, ok := mustGet2(db.Session(ctx, "u2", page[0].ID))(t); ok {
		t.Error("Session() of someone else's session found it")
	}
	if ok := mustGet(db.DeleteSession(ctx, "u1", page[0].ID))(t); !ok {
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
	want := coach.Profile{UserID: "u1", Device: coach.Chair, Timezone: "Europe/Berlin", Level: coach.Beginner}
	if err := db.SaveProfile(ctx, want, t0); err != nil {
		t.Fatal(err)
	}
	mustDo(t, db.AckSafety(ctx, "u1", t0))
	mustDo(t, db.AckSafety(ctx, "u1", t0.Add(time.Hour))) // the first acknowledgement is kept
	want.SafetyAck = t0
	id, err := db.SavePending(ctx, "u1", "i-9", "hang log", []byte(`{"duration":"2m"}`), t0)
	if err != nil {
		t.Fatal(err)
	}
	mustGet2(db.LogSession(ctx, coach.Session{UserID: "u1", Start: t0, Duration: time.Minute}, "i-1", t0))(t)
	db.Close()

	// A restart on the same file keeps everything.
	db, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got := mustGet(db.Profile(ctx, "u1"))(t)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Profile after restart (-want +got):\n%s", diff)
	}
	if _, _, _, ok, err := db.TakePending(ctx, "u2", id); err != nil || ok {
		t.Errorf("TakePending by another user = %v, %v, want not found", ok, err)
	}
	iid, cmd, opts, ok, err := db.TakePending(ctx, "u1", id)
	if err != nil || !ok || iid != "i-9" || cmd != "hang log" || string(opts) != `{"duration":"2m"}` {
		t.Errorf("TakePending = %q %q %q %v %v", iid, cmd, opts, ok, err)
	}
	if _, _, _, ok, err := db.TakePending(ctx, "u1", id); err != nil || ok {
		t.Errorf("TakePending twice = %v, %v, want not found the second time", ok, err)
	}

	mustGet(db.SavePending(ctx, "u1", "i-10", "hang log", []byte(`{}`), t0))(t)
	if err := db.Forget(ctx, "u1"); err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"users", "sessions", "pending_commands"} {
		var n int
		mustDo(t, db.sql.QueryRowContext(ctx, `SELECT count(*) FROM `+table+` WHERE user_id = 'u1'`).Scan(&n))
		if n != 0 {
			t.Errorf("after Forget, %s has %d rows for the user", table, n)
		}
	}
}

// The quick statements run without the caller's cancellation once started
// (see quick), but a context already done still fails them at once.
func TestQuickStatementsRefuseADoneContext(t *testing.T) {
	db, _ := openTemp(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := db.Profile(ctx, "u1"); !errors.Is(err, context.Canceled) {
		t.Errorf("Profile(done ctx) = %v, want context.Canceled", err)
	}
	if _, _, err := db.LogSessionClaiming(ctx, coach.Session{UserID: "u1", Start: t0, Duration: time.Minute}, "i-1", t0); !errors.Is(err, context.Canceled) {
		t.Errorf("LogSessionClaiming(done ctx) = %v, want context.Canceled", err)
	}
	if _, err := db.ClaimInteraction(ctx, "i-2", t0); !errors.Is(err, context.Canceled) {
		t.Errorf("ClaimInteraction(done ctx) = %v, want context.Canceled", err)
	}
	if _, err := db.MemberGroups(ctx, "u1"); !errors.Is(err, context.Canceled) {
		t.Errorf("MemberGroups(done ctx) = %v, want context.Canceled", err)
	}
	if _, n := mustGet2(db.Sessions(context.Background(), "u1", 10, 0))(t); n != 0 {
		t.Errorf("sessions after a cancelled log = %d, want 0", n)
	}
}

func TestProfileAndGroupsSaysWhetherTheUserIsInAGroup(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	check := func(when string, want bool) {
		t.Helper()
		p, in, err := db.ProfileAndGroups(ctx, "u1")
		if err != nil {
			t.Fatal(err)
		}
		if in != want || p.UserID != "u1" {
			t.Errorf("%s: ProfileAndGroups(u1) = %+v, in groups %v, want %v", when, p, in, want)
		}
	}
	check("unknown user", false)
	want := coach.Profile{UserID: "u1", Device: coach.Chair, Timezone: "Europe/Berlin", Level: coach.Beginner}
	mustDo(t, db.SaveProfile(ctx, want, t0))
	check("no group", false)
	mustDo(t, db.SaveGroup(ctx, coach.Group{GuildID: "g1", ChannelID: "c1"}, nil, t0))
	mustGet(db.JoinGroup(ctx, "g1", "u1", false, t0))(t)
	check("after joining", true)
	p, _ := mustGet2(db.ProfileAndGroups(ctx, "u1"))(t)
	if diff := cmp.Diff(want, p); diff != "" {
		t.Errorf("ProfileAndGroups profile (-want +got):\n%s", diff)
	}
	mustGet(db.LeaveGroup(ctx, "g1", "u1"))(t)
	check("after leaving", false)
}

// The hot statements run on the store's own goroutines (warm): many at
// once all finish, and once the database is closed they fail instead of
// waiting for a worker.
func TestHotStatementsConcurrentlyAndAfterClose(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for i := range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			user := fmt.Sprintf("u%d", i%4)
			if _, _, err := db.LogSessionClaiming(ctx, coach.Session{UserID: user, Start: t0, Duration: time.Minute}, fmt.Sprintf("i-%d", i), t0); err != nil {
				errs <- err
			}
			if _, _, err := db.ProfileAndGroups(ctx, user); err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	total := 0
	for i := range 4 {
		_, n := mustGet2(db.Sessions(ctx, fmt.Sprintf("u%d", i), 1, 0))(t)
		total += n
	}
	if total != 32 {
		t.Errorf("sessions = %d, want 32", total)
	}
	mustDo(t, db.Close())
	if _, _, err := db.ProfileAndGroups(ctx, "u0"); err == nil {
		t.Error("ProfileAndGroups after Close succeeded")
	}
	if _, err := db.ClaimInteraction(ctx, "i-x", t0); err == nil {
		t.Error("ClaimInteraction after Close succeeded")
	}
}

func TestClaimInteractionOnce(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	if ok, err := db.ClaimInteraction(ctx, "i-1", t0); !ok || err != nil {
		t.Fatalf("first claim = %v, %v", ok, err)
	}
	if ok := mustGet(db.ClaimInteraction(ctx, "i-1", t0))(t); ok {
		t.Error("second claim = true, want false")
	}
	if n := mustGet(db.PruneInteractions(ctx, t0.Add(time.Second)))(t); n != 1 {
		t.Errorf("PruneInteractions = %d, want 1", n)
	}
}

func TestAddJobRequeuesACancelledKeyOnly(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	j := coach.Job{Kind: "reminder", UserID: "u1", Key: "gym:u1:1", Due: t0}
	id, added := mustGet2(db.AddJob(ctx, j, t0))(t)
	if !added {
		t.Fatal("first AddJob not added")
	}
	if _, added := mustGet2(db.AddJob(ctx, j, t0))(t); added {
		t.Error("AddJob of a pending key added it again")
	}
	mustGet(db.CancelJobs(ctx, "u1", "reminder", t0))(t)
	again, added, err := db.AddJob(ctx, j, t0)
	if err != nil || !added || again != id {
		t.Errorf("AddJob after cancel = %d, %v, %v, want the same job queued again", again, added, err)
	}
	if _, state, ok, err := db.Job(ctx, id); err != nil || !ok || state != coach.JobPending {
		t.Errorf("state = %q (found %v, %v), want pending", state, ok, err)
	}
	mustGet(db.ClaimDue(ctx, t0, time.Minute, 10))(t)
	mustDo(t, db.FinishJob(ctx, id, coach.JobDone, "", time.Time{}, t0))
	if _, added := mustGet2(db.AddJob(ctx, j, t0))(t); added {
		t.Error("AddJob of a key already run queued it again")
	}
}
