package bot

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/hangtime/hangtime/coach"
)

// Pacer spaces out the outbox's requests under a rate (a little under
// Discord's global limit) and, when several callers wait, gives each slot
// to the earliest lane (coach.Lane) waiting: the end of a hang that falls
// due behind a burst of reminders goes out in the next slot. Callers of one
// lane are served in the order they came. A later lane waits as long as an
// earlier one has callers; the due-queue keeps that bounded (coach.BulkWait).
//
// Each caller books a slot from the limiter when it comes, as with
// rate.Limiter.Wait, so a busy machine that wakes the pacer late does not
// lose the rate; whom a slot goes to is decided when it comes. Slots that
// come late are given at once, but never more than the rate (rounded down)
// within any second, so catching up stays under the limit the rate is set
// below.
type Pacer struct {
	lim *rate.Limiter

	mu      sync.Mutex
	queues  [][]*turn           // by lane, in coach.Lanes order
	slots   []*rate.Reservation // booked, one per waiting caller, earliest first
	serving bool                // a goroutine is handing out slots
	given   []time.Time         // when the last slots were given, at most perSecond
}

// turn is one caller waiting for a slot.
type turn struct{ granted chan struct{} }

// NewPacer paces requests with lim; its burst is how many may go at once
// after a quiet spell.
func NewPacer(lim *rate.Limiter) *Pacer {
	return &Pacer{lim: lim, queues: make([][]*turn, len(coach.Lanes()))}
}

// Wait blocks until the caller may send one request, as a caller of lane,
// or ctx ends.
func (p *Pacer) Wait(ctx context.Context, lane coach.Lane) error {
	q := laneIndex(lane)
	t := &turn{granted: make(chan struct{})}
	p.mu.Lock()
	p.queues[q] = append(p.queues[q], t)
	p.slots = append(p.slots, p.lim.Reserve())
	if !p.serving {
		p.serving = true
		go p.serve()
	}
	p.mu.Unlock()
	select {
	case <-t.granted:
		return nil
	case <-ctx.Done():
		p.mu.Lock()
		defer p.mu.Unlock()
		if i := slices.Index(p.queues[q], t); i >= 0 {
			p.queues[q] = slices.Delete(p.queues[q], i, i+1)
			// Give back the latest slot booked: the others keep theirs.
			last := len(p.slots) - 1
			p.slots[last].Cancel()
			p.slots = p.slots[:last]
			return fmt.Errorf("pace outgoing requests: %w", ctx.Err())
		}
		return nil // granted meanwhile: the slot is the caller's
	}
}

// serve hands out the booked slots as they come, each to the earliest
// lane's first caller at that moment.
func (p *Pacer) serve() {
	for {
		p.mu.Lock()
		if len(p.slots) == 0 {
			p.serving = false
			p.mu.Unlock()
			return
		}
		r := p.slots[0]
		p.mu.Unlock()
		if d := r.Delay(); d > 0 {
			time.Sleep(d)
		}
		p.keepUnderRate()
		p.mu.Lock()
		if len(p.slots) > 0 && p.slots[0] == r { // else a caller gave it back
			p.slots = p.slots[1:]
			close(p.nextLocked().granted)
		}
		p.mu.Unlock()
	}
}

// keepUnderRate waits, when the slots given in the last second already
// number the rate rounded down, until the earliest of them is a second
// old, and notes the slot about to be given.
func (p *Pacer) keepUnderRate() {
	lim := float64(p.lim.Limit())
	if p.lim.Limit() == rate.Inf || lim < 1 {
		return
	}
	perSecond := int(lim)
	if len(p.given) == perSecond {
		if d := time.Second - time.Since(p.given[0]); d > 0 {
			time.Sleep(d)
		}
		p.given = p.given[1:]
	}
	p.given = append(p.given, time.Now())
}

func (p *Pacer) waitingLocked() int {
	n := 0
	for _, q := range p.queues {
		n += len(q)
	}
	return n
}

func (p *Pacer) nextLocked() *turn {
	for i, q := range p.queues {
		if len(q) > 0 {
			p.queues[i] = q[1:]
			return q[0]
		}
	}
	return nil
}

// laneIndex is lane's place in coach.Lanes; a lane it does not list goes
// last.
func laneIndex(lane coach.Lane) int {
	lanes := coach.Lanes()
	if i := slices.Index(lanes, lane); i >= 0 {
		return i
	}
	return len(lanes) - 1
}

// laneKey is the context key of the lane a job's messages go out in.
type laneKey struct{}

// withLane marks ctx as carrying out work of lane.
func withLane(ctx context.Context, lane coach.Lane) context.Context {
	return context.WithValue(ctx, laneKey{}, lane)
}

// laneOf is the lane ctx's work goes out in: a job's (see jobKind), or,
// for an edit made while answering an interaction, coach.LaneLive.
func laneOf(ctx context.Context) coach.Lane {
	if l, ok := ctx.Value(laneKey{}).(coach.Lane); ok {
		return l
	}
	return coach.LaneLive
}
