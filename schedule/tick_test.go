package schedule

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"github.com/hangtime/hangtime/coach"
)

// gatedQueue finds nothing due; its first ClaimDue waits for release.
type gatedQueue struct {
	claims  atomic.Int64
	entered chan struct{}
	release chan struct{}
}

func (q *gatedQueue) ClaimDue(ctx context.Context, owner string, now time.Time, lease time.Duration, limit int) ([]coach.Job, error) {
	if q.claims.Add(1) == 1 {
		close(q.entered)
		<-q.release
	}
	return nil, nil
}

func (q *gatedQueue) RenewLeases(context.Context, string, []int64, time.Time) error { return nil }

func (q *gatedQueue) FinishJob(context.Context, int64, string, string, time.Time, time.Time) error {
	return nil
}

// TestATickDuringAPassRunsAnotherPass: a job that falls due while a pass
// ends must not wait for a tick that, on a fake clock, only the test gives.
func TestATickDuringAPassRunsAnotherPass(t *testing.T) {
	q := &gatedQueue{entered: make(chan struct{}), release: make(chan struct{})}
	s, err := New(q, nil, Options{Clock: clockwork.NewFakeClock()})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	first := make(chan struct{})
	go func() {
		s.tick(ctx)
		close(first)
	}()
	select {
	case <-q.entered:
	case <-time.After(10 * time.Second):
		t.Fatal("the first pass never claimed")
	}
	s.tick(ctx) // during the pass: returns at once, leaving the pass to run again
	close(q.release)
	select {
	case <-first:
	case <-time.After(10 * time.Second):
		t.Fatal("the first tick never returned")
	}
	if n := q.claims.Load(); n != 2 {
		t.Errorf("ClaimDue calls = %d, want 2: the tick during the pass was dropped", n)
	}
}
