package bot

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/time/rate"

	"github.com/hangtime/hangtime/coach"
)

// queued waits until n callers wait at p.
func queued(t *testing.T, p *Pacer, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		p.mu.Lock()
		got := p.waitingLocked()
		p.mu.Unlock()
		if got == n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d callers waiting, want %d", got, n)
		}
		time.Sleep(time.Millisecond)
	}
}

// TestPacerServesTheEarliestLaneFirst: callers already waiting for slots
// are passed by one of an earlier lane; within a lane they keep their
// order.
func TestPacerServesTheEarliestLaneFirst(t *testing.T) {
	p := NewPacer(rate.NewLimiter(rate.Inf, 1))
	p.mu.Lock()
	p.serving = true // hold the slots until everyone waits
	p.mu.Unlock()
	granted := make(chan string, 10)
	wait := func(name string, lane coach.Lane) {
		go func() {
			if err := p.Wait(context.Background(), lane); err != nil {
				t.Error(err)
			}
			granted <- name
		}()
	}
	for i, name := range []string{"digest", "reminder1", "reminder2", "reminder3"} {
		lane := coach.LaneTimely
		if i == 0 {
			lane = coach.LaneBulk
		}
		wait(name, lane)
		queued(t, p, i+1)
	}
	wait("hang end", coach.LaneLive)
	queued(t, p, 5)
	// Hand out the slots one at a time, as serve does when each comes, and
	// see whom each goes to.
	var order []string
	for range 5 {
		p.mu.Lock()
		close(p.nextLocked().granted)
		p.mu.Unlock()
		select {
		case name := <-granted:
			order = append(order, name)
		case <-time.After(10 * time.Second):
			t.Fatalf("slots given so far: %v", order)
		}
	}
	if diff := cmp.Diff([]string{"hang end", "reminder1", "reminder2", "reminder3", "digest"}, order); diff != "" {
		t.Errorf("order of slots (-want +got):\n%s", diff)
	}
}

func TestPacerWaitEndsWithItsContext(t *testing.T) {
	p := NewPacer(rate.NewLimiter(rate.Every(time.Hour), 1))
	if err := p.Wait(context.Background(), coach.LaneLive); err != nil {
		t.Fatal(err) // the one slot of the burst
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- p.Wait(ctx, coach.LaneTimely) }()
	queued(t, p, 1)
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Wait after cancel = %v, want context.Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Wait did not end with its context")
	}
	queued(t, p, 0)
}

func TestLaneOfContext(t *testing.T) {
	if got := laneOf(context.Background()); got != coach.LaneLive {
		t.Errorf("lane of an interaction's context = %d, want live", got)
	}
	if got := laneOf(withLane(context.Background(), coach.LaneBulk)); got != coach.LaneBulk {
		t.Errorf("lane of a bulk job's context = %d, want bulk", got)
	}
}

// TestPacerGivesAPendingSlotToALaterArrivalOfAnEarlierLane: the slot is
// given when it comes, not when it is reserved, so a hang's end that
// arrives while reminders wait for the next slot takes it.
func TestPacerGivesAPendingSlotToALaterArrivalOfAnEarlierLane(t *testing.T) {
	p := NewPacer(rate.NewLimiter(rate.Every(time.Second), 1))
	if err := p.Wait(context.Background(), coach.LaneTimely); err != nil {
		t.Fatal(err) // the burst's slot; the next comes in a second
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	granted := make(chan string, 2)
	go func() {
		if p.Wait(ctx, coach.LaneTimely) == nil {
			granted <- "reminder"
		}
	}()
	queued(t, p, 1)
	go func() {
		if p.Wait(ctx, coach.LaneLive) == nil {
			granted <- "hang end"
		}
	}()
	queued(t, p, 2)
	select {
	case got := <-granted:
		if got != "hang end" {
			t.Errorf("the next slot went to the %s, want the hang end", got)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no slot given")
	}
}

// TestPacerCatchesUpWithinTheLimit: slots given late (the machine was
// busy) go at once, but no more than the rate rounded down in any second.
func TestPacerCatchesUpWithinTheLimit(t *testing.T) {
	p := NewPacer(rate.NewLimiter(5, 1)) // at most 5 in a second
	start := time.Now()
	for range 5 {
		p.keepUnderRate()
	}
	if took := time.Since(start); took > 500*time.Millisecond {
		t.Fatalf("5 late slots took %v, want them at once", took)
	}
	p.keepUnderRate()
	if took := time.Since(start); took < time.Second {
		t.Errorf("the 6th slot came %v after the first, want a second", took)
	}
}
