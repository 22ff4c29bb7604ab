package schedule_test

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"github.com/hangtime/hangtime/coach"
	"github.com/hangtime/hangtime/schedule"
	"github.com/hangtime/hangtime/store"
)

var t0 = time.Date(2026, 11, 24, 18, 0, 0, 0, time.UTC)

func openDB(t *testing.T) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "h.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
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

// job returns the job with id and its state; it must exist.
func job(t testing.TB, db *store.DB, id int64) (coach.Job, string) {
	t.Helper()
	j, state, ok, err := db.Job(context.Background(), id)
	if err != nil || !ok {
		t.Fatalf("job %d: found %v, %v", id, ok, err)
	}
	return j, state
}

// recorder is a runner that notes the jobs it ran.
type recorder struct {
	mu   sync.Mutex
	ran  []string
	fail map[string]int // key → failures left
}

func (r *recorder) run(ctx context.Context, j coach.Job, now time.Time) (schedule.Outcome, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail[j.Key] > 0 {
		r.fail[j.Key]--
		return schedule.Outcome{}, errors.New("discord is down")
	}
	r.ran = append(r.ran, j.Key)
	return schedule.Outcome{State: coach.JobDone}, nil
}

func (r *recorder) keys() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.ran...)
}

// advance moves the fake clock by d and waits for the scheduler's next
// pass. gocron re-arms its timer just after a run, so an advance can land
// before the new timer exists; then the clock moves one more tick.
func advance(t *testing.T, clock *clockwork.FakeClock, s *schedule.Scheduler, d, tick time.Duration) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for {
		if err := clock.BlockUntilContext(ctx, 1); err != nil {
			t.Fatalf("scheduler never armed its timer: %v", err)
		}
		clock.Advance(d)
		select {
		case <-s.Passes():
			return
		case <-time.After(200 * time.Millisecond):
			d = tick
		case <-ctx.Done():
			t.Fatal("no pass after advancing the clock")
		}
	}
}

func TestDueJobsRunOnceInOrderOnTheFakeClock(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	for _, j := range []coach.Job{
		{Kind: "k", Key: "b", Due: t0.Add(2 * time.Second)},
		{Kind: "k", Key: "a", Due: t0.Add(time.Second)},
		{Kind: "k", Key: "later", Due: t0.Add(time.Hour)},
	} {
		if _, _, err := db.AddJob(ctx, j, t0); err != nil {
			t.Fatal(err)
		}
	}
	if _, added := mustGet2(db.AddJob(ctx, coach.Job{Kind: "k", Key: "a", Due: t0}, t0))(t); added {
		t.Error("AddJob with a queued key added a second job")
	}
	clock := clockwork.NewFakeClockAt(t0)
	rec := &recorder{}
	s, err := schedule.New(db, map[string]schedule.Runner{"k": rec.run}, schedule.Options{Clock: clock, Tick: time.Second, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer s.Stop()
	for range 3 {
		advance(t, clock, s, time.Second, time.Second)
	}
	if got := rec.keys(); len(got) != 2 || got[0] != "a" || got[1] != "b" {
		t.Errorf("ran %v, want [a b]", got)
	}
}

func TestFailedJobIsRetriedWithBackoffThenMarkedFailed(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	id, _ := mustGet2(db.AddJob(ctx, coach.Job{Kind: "k", Key: "flaky", Due: t0}, t0))(t)
	id2, _ := mustGet2(db.AddJob(ctx, coach.Job{Kind: "k", Key: "broken", Due: t0}, t0))(t)
	clock := clockwork.NewFakeClockAt(t0)
	rec := &recorder{fail: map[string]int{"flaky": 2, "broken": 100}}
	s := mustGet(schedule.New(db, map[string]schedule.Runner{"k": rec.run}, schedule.Options{Clock: clock, MaxAttempts: 3}))(t)
	for i := 0; i < 4; i++ {
		s.Drain(ctx)
		clock.Advance(time.Minute)
	}
	if got := rec.keys(); len(got) != 1 || got[0] != "flaky" {
		t.Errorf("ran %v, want [flaky] after two failures", got)
	}
	if _, state := job(t, db, id); state != coach.JobDone {
		t.Errorf("flaky job state = %q, want done", state)
	}
	if j, state := job(t, db, id2); state != coach.JobFailed || j.Attempts != 3 {
		t.Errorf("broken job = %q after %d attempts, want failed after 3", state, j.Attempts)
	}
}

// TestTwoDispatchersShareOneDatabase runs two schedulers on two connections
// to one file; each job runs exactly once.
func TestTwoDispatchersShareOneDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "h.db")
	ctx := context.Background()
	a, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	const n = 500
	for i := 0; i < n; i++ {
		mustGet2(a.AddJob(ctx, coach.Job{Kind: "k", Key: "j" + string(rune('a'+i%26)) + time.Duration(i).String(), Due: t0}, t0))(t)
	}
	clock := clockwork.NewFakeClockAt(t0)
	rec := &recorder{}
	sa := mustGet(schedule.New(a, map[string]schedule.Runner{"k": rec.run}, schedule.Options{Clock: clock, Batch: 7}))(t)
	sb := mustGet(schedule.New(b, map[string]schedule.Runner{"k": rec.run}, schedule.Options{Clock: clock, Batch: 7}))(t)
	var wg sync.WaitGroup
	for _, s := range []*schedule.Scheduler{sa, sb} {
		wg.Add(1)
		go func() { defer wg.Done(); s.Drain(ctx) }()
	}
	wg.Wait()
	got := rec.keys()
	seen := map[string]bool{}
	for _, k := range got {
		if seen[k] {
			t.Fatalf("job %s ran twice", k)
		}
		seen[k] = true
	}
	if len(got) != n {
		t.Errorf("ran %d jobs, want %d", len(got), n)
	}
}

// TestExpiredLeaseIsClaimedAgain covers a crash between claiming a job and
// recording its outcome: after the lease the job runs again.
func TestExpiredLeaseIsClaimedAgain(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	mustGet2(db.AddJob(ctx, coach.Job{Kind: "k", Key: "x", Due: t0}, t0))(t)
	if got := mustGet(db.ClaimDue(ctx, t0, time.Minute, 10))(t); len(got) != 1 {
		t.Fatalf("claim = %v", got)
	}
	// "Crash": nothing recorded. Before the lease ends nobody may claim it.
	if got := mustGet(db.ClaimDue(ctx, t0.Add(30*time.Second), time.Minute, 10))(t); len(got) != 0 {
		t.Fatalf("claimed during the lease: %v", got)
	}
	got := mustGet(db.ClaimDue(ctx, t0.Add(61*time.Second), time.Minute, 10))(t)
	if len(got) != 1 || got[0].Attempts != 2 {
		t.Errorf("after the lease = %+v, want the job on its second attempt", got)
	}
}
