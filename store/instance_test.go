package store

import (
	"context"
	"testing"
	"time"

	"github.com/hangtime/hangtime/coach"
)

// TestReleaseLeasesFreesOnlyTheOwnersJobs: a restarted instance frees the
// jobs it held at once; another instance's stay leased.
func TestReleaseLeasesFreesOnlyTheOwnersJobs(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	for _, k := range []string{"a", "b"} {
		if _, _, err := db.AddJob(ctx, coach.Job{Kind: "reminder", Key: "k:" + k, Due: t0}, t0); err != nil {
			t.Fatal(err)
		}
	}
	for _, owner := range []string{"p1", "p2"} {
		if jobs, err := db.ClaimDue(ctx, owner, t0, time.Minute, 1); err != nil || len(jobs) != 1 {
			t.Fatalf("ClaimDue(%s) = %v, %v, want one job", owner, jobs, err)
		}
	}
	n, err := db.ReleaseLeases(ctx, "p1", t0.Add(time.Second))
	if err != nil || n != 1 {
		t.Fatalf("ReleaseLeases(p1) = %d, %v, want 1", n, err)
	}
	jobs, err := db.ClaimDue(ctx, "p1", t0.Add(time.Second), time.Minute, 10)
	if err != nil || len(jobs) != 1 {
		t.Fatalf("ClaimDue after the release = %v, %v, want p1's job only", jobs, err)
	}
	if n, err := db.ReleaseLeases(ctx, "p3", t0.Add(time.Second)); err != nil || n != 0 {
		t.Errorf("ReleaseLeases(p3) = %d, %v, want 0", n, err)
	}
}
