package store

import (
	"context"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/hangtime/hangtime/coach"
	"github.com/hangtime/hangtime/internal/dbtest"
)

func addJobs(t *testing.T, db *DB, jobs ...coach.Job) {
	t.Helper()
	for _, j := range jobs {
		if _, added, err := db.AddJob(context.Background(), j, t0); err != nil || !added {
			t.Fatalf("AddJob(%s) = %v, %v", j.Key, added, err)
		}
	}
}

func claimKeys(t *testing.T, db *DB, owner string, now time.Time, limit int) []string {
	t.Helper()
	jobs, err := db.ClaimDue(context.Background(), owner, now, 15*time.Second, limit)
	if err != nil {
		t.Fatalf("ClaimDue: %v", err)
	}
	keys := []string{}
	for _, j := range jobs {
		keys = append(keys, j.Key)
	}
	return keys
}

// TestClaimDueServesLanesInOrder: of the jobs due, the live lane goes
// first, then timely, then bulk, each by due time; a bulk job BulkWait
// late rides with the timely ones (and, being older, goes before them).
func TestClaimDueServesLanesInOrder(t *testing.T) {
	db, _ := openTemp(t)
	now := t0.Add(2 * time.Hour)
	addJobs(t, db,
		coach.Job{Kind: "digest", Lane: coach.LaneBulk, Key: "bulk-recent", Due: now.Add(-time.Minute)},
		coach.Job{Kind: "digest", Lane: coach.LaneBulk, Key: "bulk-waited", Due: now.Add(-coach.BulkWait - time.Minute)},
		coach.Job{Kind: "reminder", Lane: coach.LaneTimely, Key: "timely-early", Due: now.Add(-40 * time.Minute)},
		coach.Job{Kind: "reminder", Lane: coach.LaneTimely, Key: "timely-late", Due: now.Add(-10 * time.Minute)},
		coach.Job{Kind: "reminder", Key: "unset", Due: now.Add(-5 * time.Minute)},
		coach.Job{Kind: "hang_end", Lane: coach.LaneLive, Key: "live", Due: now},
		coach.Job{Kind: "hang_end", Lane: coach.LaneLive, Key: "live-not-due", Due: now.Add(time.Second)},
	)
	if got, want := claimKeys(t, db, "a", now, 2), []string{"live", "timely-early"}; !cmp.Equal(got, want) {
		t.Errorf("first claim of 2 = %v, want %v", got, want)
	}
	if got, want := claimKeys(t, db, "a", now, 10), []string{"bulk-waited", "timely-late", "unset", "bulk-recent"}; !cmp.Equal(got, want) {
		t.Errorf("second claim = %v, want %v", got, want)
	}
	for _, key := range []string{"unset", "live"} {
		var lane coach.Lane
		if err := db.sql.QueryRow(`SELECT lane FROM jobs WHERE key = ?`, key).Scan(&lane); err != nil {
			t.Fatal(err)
		}
		if want := map[string]coach.Lane{"unset": coach.LaneTimely, "live": coach.LaneLive}[key]; lane != want {
			t.Errorf("job %s stored in lane %d, want %d", key, lane, want)
		}
	}
}

// TestClaimDueTakesExpiredLeasesInLaneOrder: a job whose lease ran out is
// claimed again, in its lane.
func TestClaimDueTakesExpiredLeasesInLaneOrder(t *testing.T) {
	db, _ := openTemp(t)
	addJobs(t, db,
		coach.Job{Kind: "reminder", Lane: coach.LaneTimely, Key: "timely", Due: t0},
		coach.Job{Kind: "hang_end", Lane: coach.LaneLive, Key: "live", Due: t0.Add(time.Second)},
	)
	if got := claimKeys(t, db, "dead", t0.Add(time.Second), 10); len(got) != 2 {
		t.Fatalf("claim = %v, want both", got)
	}
	if got := claimKeys(t, db, "b", t0.Add(10*time.Second), 10); len(got) != 0 {
		t.Errorf("claimed %v during the lease", got)
	}
	if got, want := claimKeys(t, db, "b", t0.Add(17*time.Second), 10), []string{"live", "timely"}; !cmp.Equal(got, want) {
		t.Errorf("claim after the lease = %v, want %v", got, want)
	}
}

// TestRenewLeasesExtendsOnlyTheOwnersLeases: a dispatcher's renewal keeps
// its jobs from others; it cannot take back a job another dispatcher took
// over after its lease ran out.
func TestRenewLeasesExtendsOnlyTheOwnersLeases(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	addJobs(t, db,
		coach.Job{Kind: "reminder", Key: "kept", Due: t0},
		coach.Job{Kind: "reminder", Key: "lost", Due: t0},
	)
	jobs, err := db.ClaimDue(ctx, "a", t0, 15*time.Second, 10)
	if err != nil || len(jobs) != 2 {
		t.Fatalf("claim = %v, %v", jobs, err)
	}
	ids := map[string]int64{}
	for _, j := range jobs {
		ids[j.Key] = j.ID
	}
	if err := db.RenewLeases(ctx, "a", []int64{ids["kept"]}, t0.Add(25*time.Second)); err != nil {
		t.Fatal(err)
	}
	if got, want := claimKeys(t, db, "b", t0.Add(20*time.Second), 10), []string{"lost"}; !cmp.Equal(got, want) {
		t.Errorf("claim by b after a's first lease = %v, want %v (the renewed job kept)", got, want)
	}
	// a renews both, late: only its own lease moves; b's stays as it was.
	if err := db.RenewLeases(ctx, "a", []int64{ids["kept"], ids["lost"]}, t0.Add(60*time.Second)); err != nil {
		t.Fatal(err)
	}
	if got, want := claimKeys(t, db, "c", t0.Add(36*time.Second), 10), []string{"lost"}; !cmp.Equal(got, want) {
		t.Errorf("claim by c after b's lease = %v, want %v", got, want)
	}
	if err := db.RenewLeases(ctx, "a", nil, t0); err != nil {
		t.Errorf("RenewLeases of nothing: %v", err)
	}
}

func TestAddJobRefusesAnUnknownLane(t *testing.T) {
	db, _ := openTemp(t)
	_, _, err := db.AddJob(context.Background(), coach.Job{Kind: "k", Key: "k", Lane: 9, Due: t0}, t0)
	if err == nil || !strings.Contains(err.Error(), "unknown lane 9") {
		t.Errorf("AddJob in lane 9 = %v, want refused", err)
	}
}

// TestLanesOfJobsQueuedBeforeLanes: the migration puts the jobs already
// queued in their kinds' lanes.
func TestLanesOfJobsQueuedBeforeLanes(t *testing.T) {
	ctx := context.Background()
	names := migrationNames(t)
	partial := fstest.MapFS{}
	for _, n := range names {
		if strings.Contains(n, "0006_") {
			break
		}
		b, err := fs.ReadFile(migrationFiles, n)
		if err != nil {
			t.Fatal(err)
		}
		partial[n] = &fstest.MapFile{Data: b}
	}
	path := dbtest.Path(t, filepath.Join(t.TempDir(), "old.db"))
	old, err := openOld(ctx, path, partial)
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range []string{"hang_end", "reminder", "digest", "recap", "shoutout", "prune"} {
		if _, err := old.w.ExecContext(ctx, `INSERT INTO jobs(kind, key, due_ms, updated_ms) VALUES(?, ?, 1, 1)`, kind, kind); err != nil {
			t.Fatal(err)
		}
	}
	old.Close()
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got := map[string]coach.Lane{}
	rows, err := db.sql.QueryContext(ctx, `SELECT kind, lane FROM jobs`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var kind string
		var lane coach.Lane
		if err := rows.Scan(&kind, &lane); err != nil {
			t.Fatal(err)
		}
		got[kind] = lane
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	want := map[string]coach.Lane{"hang_end": coach.LaneLive, "reminder": coach.LaneTimely,
		"digest": coach.LaneBulk, "recap": coach.LaneBulk, "shoutout": coach.LaneBulk, "prune": coach.LaneBulk}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("lanes after the migration (-want +got):\n%s", diff)
	}
}

func TestDMChannelsAreKeptReplacedAndForgotten(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	if _, ok, err := db.DMChannelID(ctx, "u1"); err != nil || ok {
		t.Fatalf("DMChannelID of a user never seen = %v, %v", ok, err)
	}
	for _, ch := range []string{"dm1", "dm2"} {
		if err := db.SaveDMChannel(ctx, "u1", ch, t0); err != nil {
			t.Fatal(err)
		}
		if id, ok, err := db.DMChannelID(ctx, "u1"); err != nil || !ok || id != ch {
			t.Errorf("DMChannelID after saving %s = %q, %v, %v", ch, id, ok, err)
		}
	}
	if err := db.Forget(ctx, "u1"); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := db.DMChannelID(ctx, "u1"); err != nil || ok {
		t.Errorf("DMChannelID after /data forget = %v, %v, want none", ok, err)
	}
}
