package schedule_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"github.com/hangtime/hangtime/coach"
	"github.com/hangtime/hangtime/internal/dbtest"
	"github.com/hangtime/hangtime/schedule"
	"github.com/hangtime/hangtime/store"
)

var t0 = time.Date(2026, 11, 24, 18, 0, 0, 0, time.UTC)

func openDB(t *testing.T) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), dbtest.Path(t, filepath.Join(t.TempDir(), "h.db")))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// recorder is a runner that notes the jobs it ran.
type recorder struct {
	mu   sync.Mutex
	ran  []string
	fail map[string]int // key → failures left
}

func (r *recorder) run(ctx context.Context, j coach.Job, now time.Time) (coach.JobOutcome, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail[j.Key] > 0 {
		r.fail[j.Key]--
		return coach.JobOutcome{}, errors.New("discord is down")
	}
	r.ran = append(r.ran, j.Key)
	return coach.JobOutcome{State: coach.JobDone}, nil
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
	if _, added, err := db.AddJob(ctx, coach.Job{Kind: "k", Key: "a", Due: t0}, t0); err != nil {
		t.Fatal(err)
	} else if added {
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
	id, _, err := db.AddJob(ctx, coach.Job{Kind: "k", Key: "flaky", Due: t0}, t0)
	if err != nil {
		t.Fatal(err)
	}
	id2, _, err := db.AddJob(ctx, coach.Job{Kind: "k", Key: "broken", Due: t0}, t0)
	if err != nil {
		t.Fatal(err)
	}
	clock := clockwork.NewFakeClockAt(t0)
	rec := &recorder{fail: map[string]int{"flaky": 2, "broken": 100}}
	s, err := schedule.New(db, map[string]schedule.Runner{"k": rec.run}, schedule.Options{Clock: clock, MaxAttempts: 3})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 4; i++ {
		s.Drain(ctx)
		clock.Advance(time.Minute)
	}
	if got := rec.keys(); len(got) != 1 || got[0] != "flaky" {
		t.Errorf("ran %v, want [flaky] after two failures", got)
	}
	if _, state, _, err := db.Job(ctx, id); err != nil {
		t.Fatal(err)
	} else if state != coach.JobDone {
		t.Errorf("flaky job state = %q, want done", state)
	}
	if j, state, _, err := db.Job(ctx, id2); err != nil {
		t.Fatal(err)
	} else if state != coach.JobFailed || j.Attempts != 3 {
		t.Errorf("broken job = %q after %d attempts, want failed after 3", state, j.Attempts)
	}
}

// TestTwoDispatchersShareOneDatabase runs two schedulers on two connections
// to one file; each job runs exactly once.
func TestTwoDispatchersShareOneDatabase(t *testing.T) {
	path := dbtest.Path(t, filepath.Join(t.TempDir(), "h.db"))
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
		a.AddJob(ctx, coach.Job{Kind: "k", Key: "j" + string(rune('a'+i%26)) + time.Duration(i).String(), Due: t0}, t0)
	}
	clock := clockwork.NewFakeClockAt(t0)
	rec := &recorder{}
	sa, err := schedule.New(a, map[string]schedule.Runner{"k": rec.run}, schedule.Options{Clock: clock, Batch: 7})
	if err != nil {
		t.Fatal(err)
	}
	sb, err := schedule.New(b, map[string]schedule.Runner{"k": rec.run}, schedule.Options{Clock: clock, Batch: 7})
	if err != nil {
		t.Fatal(err)
	}
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
	db.AddJob(ctx, coach.Job{Kind: "k", Key: "x", Due: t0}, t0)
	if got, err := db.ClaimDue(ctx, "test", t0, time.Minute, 10); err != nil {
		t.Fatal(err)
	} else if len(got) != 1 {
		t.Fatalf("claim = %v", got)
	}
	// "Crash": nothing recorded. Before the lease ends nobody may claim it.
	if got, err := db.ClaimDue(ctx, "test", t0.Add(30*time.Second), time.Minute, 10); err != nil {
		t.Fatal(err)
	} else if len(got) != 0 {
		t.Fatalf("claimed during the lease: %v", got)
	}
	got, err := db.ClaimDue(ctx, "test", t0.Add(61*time.Second), time.Minute, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Attempts != 2 {
		t.Errorf("after the lease = %+v, want the job on its second attempt", got)
	}
}

// blocker is a runner whose runs wait until released; started reports each
// run's key as it begins.
type blocker struct {
	started chan string
	release chan struct{}
}

func newBlocker() *blocker {
	return &blocker{started: make(chan string, 100), release: make(chan struct{}, 100)}
}

func (b *blocker) run(ctx context.Context, j coach.Job, now time.Time) (coach.JobOutcome, error) {
	b.started <- j.Key
	select {
	case <-b.release:
	case <-ctx.Done():
	}
	return coach.JobOutcome{State: coach.JobDone}, nil
}

func (b *blocker) next(t *testing.T) string {
	t.Helper()
	select {
	case k := <-b.started:
		return k
	case <-time.After(10 * time.Second):
		t.Fatal("no job started")
		return ""
	}
}

// TestAJobInAnEarlierLaneOvertakesABurst: with every worker busy on a
// burst of timely jobs, a live job that falls due runs as soon as one
// worker is free, before the rest of the burst.
func TestAJobInAnEarlierLaneOvertakesABurst(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	for i := range 10 {
		if _, _, err := db.AddJob(ctx, coach.Job{Kind: "k", Lane: coach.LaneTimely, Key: fmt.Sprintf("burst%d", i), Due: t0}, t0); err != nil {
			t.Fatal(err)
		}
	}
	clock := clockwork.NewFakeClockAt(t0)
	b := newBlocker()
	s, err := schedule.New(db, map[string]schedule.Runner{"k": b.run}, schedule.Options{Clock: clock, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	drained := make(chan int)
	go func() { drained <- s.Drain(ctx) }()
	b.next(t)
	b.next(t)
	if _, _, err := db.AddJob(ctx, coach.Job{Kind: "k", Lane: coach.LaneLive, Key: "live", Due: t0.Add(time.Second)}, t0); err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Second)
	b.release <- struct{}{}
	if got := b.next(t); got != "live" {
		t.Errorf("the job started after one of the burst finished = %s, want the live one", got)
	}
	for range 11 {
		b.release <- struct{}{}
	}
	select {
	case n := <-drained:
		if n != 11 {
			t.Errorf("Drain ran %d jobs, want 11", n)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Drain did not finish")
	}
}

// renewals records the lease renewals a scheduler makes.
type renewals struct {
	*store.DB
	calls chan renewal
}

type renewal struct {
	owner string
	ids   []int64
	until time.Time
}

// RenewLeases records a renewal once it is written, so that a test seeing
// it can rely on the database holding it.
func (r renewals) RenewLeases(ctx context.Context, owner string, ids []int64, until time.Time) error {
	err := r.DB.RenewLeases(ctx, owner, ids, until)
	if err == nil {
		select {
		case r.calls <- renewal{owner, ids, until}:
		default: // nobody is listening any more: never hold the pass up
		}
	}
	return err
}

// TestLeasesOfJobsInFlightAreRenewed: a job still running keeps its lease
// (renewed every third of it), so another dispatcher does not take it
// over; a crashed process renews nothing, so its jobs are free within one
// lease (TestExpiredLeaseIsClaimedAgain).
func TestLeasesOfJobsInFlightAreRenewed(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	id, _, err := db.AddJob(ctx, coach.Job{Kind: "k", Key: "slow", Due: t0}, t0)
	if err != nil {
		t.Fatal(err)
	}
	clock := clockwork.NewFakeClockAt(t0)
	b := newBlocker()
	q := renewals{DB: db, calls: make(chan renewal, 100)}
	const lease = 30 * time.Millisecond // renewed every 10ms of real time
	s, err := schedule.New(q, map[string]schedule.Runner{"k": b.run}, schedule.Options{Clock: clock, Lease: lease, Instance: "me"})
	if err != nil {
		t.Fatal(err)
	}
	drained := make(chan int)
	go func() { drained <- s.Drain(ctx) }()
	b.next(t)
	clock.Advance(time.Minute) // far past the first lease
	deadline := time.After(10 * time.Second)
	for renewed := false; !renewed; {
		select {
		case r := <-q.calls:
			renewed = r.owner == "me" && len(r.ids) == 1 && r.ids[0] == id && !r.until.Before(t0.Add(time.Minute+lease))
		case <-deadline:
			t.Fatal("the lease of the job in flight was not renewed")
		}
	}
	if got, err := db.ClaimDue(ctx, "other", clock.Now(), lease, 10); err != nil || len(got) != 0 {
		t.Errorf("another dispatcher claimed %v, %v while the job ran", got, err)
	}
	b.release <- struct{}{}
	if n := <-drained; n != 1 {
		t.Errorf("Drain ran %d jobs, want 1", n)
	}
	if _, state, _, err := db.Job(ctx, id); err != nil || state != coach.JobDone {
		t.Errorf("job state = %q, %v, want done", state, err)
	}
}
