package bot

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"
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
//
// A shared pacer (NewSharedPacer) takes its slots from a SlotBook that
// every process serving the bot books from instead, so that together they
// stay under the limit; lanes are still served in order within each
// process.
type Pacer struct {
	lim *rate.Limiter

	// Shared pacing (NewSharedPacer): the book, the spacing of its slots,
	// the slots booked and not yet given (earliest first; only the serving
	// goroutine touches it) and who hears of a failing book.
	book  SlotBook
	every time.Duration
	pool  []time.Time
	log   *slog.Logger
	// missed counts the slots dropped as too late since the last report.
	missed int

	mu      sync.Mutex
	queues  [][]*turn           // by lane, in coach.Lanes order
	slots   []*rate.Reservation // booked, one per waiting caller, earliest first
	serving bool                // a goroutine is handing out slots
	given   []time.Time         // when the last slots were given, at most perSecond
}

// turn is one caller waiting for a slot; slot is when it was due, set
// before granted is closed.
type turn struct {
	granted chan struct{}
	slot    time.Time
}

// NewPacer paces requests with lim; its burst is how many may go at once
// after a quiet spell.
func NewPacer(lim *rate.Limiter) *Pacer {
	return &Pacer{lim: lim, queues: make([][]*turn, len(coach.Lanes()))}
}

// SlotBook books send slots from a schedule that every process serving
// the bot shares (store.DB.BookSlots): n consecutive slots every apart,
// the first returned, never one booked before.
type SlotBook interface {
	BookSlots(ctx context.Context, n int, every time.Duration, now time.Time) (time.Time, error)
}

// sharedBatch is how many slots a shared pacer books at once at most: one
// round trip to the database for up to that many requests, while a quiet
// process holds few slots that another could have used.
const sharedBatch = 4

// bookLead is how far ahead of now a shared pacer's first slot is at the
// earliest: the wait for the database's write lock it absorbs (the first
// request after a quiet spell waits that long). A pacer with callers waiting
// books again while it still holds slots for that long, so its slots
// follow on without a gap.
const bookLead = 50 * time.Millisecond

// NewSharedPacer paces requests at perSecond summed over every process
// booking from book. A slot the pacer comes to later than a quarter of
// its spacing (a busy machine, a slow database) is dropped rather than
// used late: a request then never goes out more than a quarter slot after
// its slot, so that no second holds more than ⌊perSecond+¼⌋+1 requests
// over all processes, whatever their timing (48 at 47.5/s: room under 50
// for the jitter of the way to Discord). Slots a caller gave up
// go to the next; unused ones lapse. Clocks of the processes are taken as
// agreeing (NTP).
func NewSharedPacer(book SlotBook, perSecond float64, log *slog.Logger) *Pacer {
	p := NewPacer(rate.NewLimiter(rate.Limit(perSecond), 1))
	p.book, p.every, p.log = book, time.Duration(float64(time.Second)/perSecond), log
	return p
}

// Wait blocks until the caller may send one request, as a caller of lane,
// or ctx ends.
func (p *Pacer) Wait(ctx context.Context, lane coach.Lane) error {
	_, err := p.wait(ctx, lane)
	return err
}

// wait is Wait that also says when the slot given was due.
func (p *Pacer) wait(ctx context.Context, lane coach.Lane) (time.Time, error) {
	q := laneIndex(lane)
	t := &turn{granted: make(chan struct{})}
	p.mu.Lock()
	p.queues[q] = append(p.queues[q], t)
	if p.book == nil {
		p.slots = append(p.slots, p.lim.Reserve())
	}
	if !p.serving {
		p.serving = true
		if p.book != nil {
			go p.serveShared()
		} else {
			go p.serve()
		}
	}
	p.mu.Unlock()
	select {
	case <-t.granted:
		return t.slot, nil
	case <-ctx.Done():
		p.mu.Lock()
		defer p.mu.Unlock()
		if i := slices.Index(p.queues[q], t); i >= 0 {
			p.queues[q] = slices.Delete(p.queues[q], i, i+1)
			if p.book == nil {
				// Give back the latest slot booked: the others keep theirs.
				last := len(p.slots) - 1
				p.slots[last].Cancel()
				p.slots = p.slots[:last]
			}
			return time.Time{}, fmt.Errorf("pace outgoing requests: %w", ctx.Err())
		}
		return t.slot, nil // granted meanwhile: the slot is the caller's
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
			t := p.nextLocked()
			t.slot = time.Now()
			close(t.granted)
		}
		p.mu.Unlock()
	}
}

// serveShared hands out slots booked from the shared book, each to the
// earliest lane's first caller when it comes.
func (p *Pacer) serveShared() {
	for {
		p.mu.Lock()
		n := p.waitingLocked()
		if n == 0 {
			p.serving = false
			missed := p.missed
			p.missed = 0
			p.mu.Unlock()
			if missed > 0 && p.log != nil {
				// A busy machine or a slow database: the rate achieved is lower.
				p.log.Info("send slots missed: came to them too late", "slots", missed)
			}
			return
		}
		p.mu.Unlock()
		slot, ok := p.nextSlot(n)
		if !ok {
			continue
		}
		if d := time.Until(slot); d > 0 {
			time.Sleep(d)
		}
		if p.late(slot) {
			p.missed++
			continue // too late to use: see NewSharedPacer
		}
		p.mu.Lock()
		if t := p.nextLocked(); t != nil {
			t.slot = slot
			close(t.granted)
		} else {
			p.pool = append([]time.Time{slot}, p.pool...) // everyone left; keep it for the next
		}
		p.mu.Unlock()
	}
}

// nextSlot is the earliest booked slot still usable for n waiting
// callers. With fewer than three slots left for them (less than bookLead
// ahead) it books more (at most sharedBatch) first, so that the booking's
// round trip overlaps the wait for the slots in hand and one process
// alone keeps a steady rate; false
// when it has no slot after a failed booking, which it has logged and
// waited a moment after.
func (p *Pacer) nextSlot(n int) (time.Time, bool) {
	for len(p.pool) > 0 && p.late(p.pool[0]) {
		p.pool = p.pool[1:]
		p.missed++
	}
	if len(p.pool) < 3 && n > len(p.pool) {
		k := min(n-len(p.pool), sharedBatch)
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		// At the earliest bookLead from now, so that a booking that waits
		// for the database a little does not come back with slots already
		// too late to use.
		first, err := p.book.BookSlots(ctx, k, p.every, time.Now().Add(bookLead))
		cancel()
		switch {
		case err != nil && len(p.pool) == 0:
			if p.log != nil {
				p.log.Warn("booking send slots failed", "err", err)
			}
			time.Sleep(time.Second)
			return time.Time{}, false
		case err != nil:
			if p.log != nil {
				p.log.Warn("booking send slots failed", "err", err)
			}
		default:
			for i := range k {
				p.pool = append(p.pool, first.Add(time.Duration(i)*p.every))
			}
		}
	}
	s := p.pool[0]
	p.pool = p.pool[1:]
	return s, true
}

// late reports whether a shared pacer's slot has passed by more than
// a quarter of its spacing, too long ago to send in it (see
// NewSharedPacer).
func (p *Pacer) late(slot time.Time) bool {
	return p.book != nil && time.Since(slot) > p.every/4
}

// Transport paces, through p, the requests next sends that count toward
// Discord's global limit and no outbox has paced already: the gateway
// look-ups, command registration and anything else discordgo sends for
// the bot. Interaction callbacks and webhooks (/interactions/…,
// /webhooks/…) are exempt from the limit and go at once. With a shared
// pacer, a request that comes here too late for the slot it was given
// (held up on the way: a busy machine, discordgo's bucket lock, a 429
// retry) waits for a new one, so that what reaches Discord keeps to the
// slots.
func (p *Pacer) Transport(next http.RoundTripper) http.RoundTripper {
	return pacedTransport{p: p, next: next}
}

type pacedTransport struct {
	p    *Pacer
	next http.RoundTripper
}

func (t pacedTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if !exemptFromGlobalLimit(r.URL.Path) {
		ctx := r.Context()
		slot, ok := ctx.Value(pacedKey{}).(time.Time)
		for !ok || t.p.late(slot) {
			var err error
			if slot, err = t.p.wait(ctx, laneOf(ctx)); err != nil {
				if r.Body != nil {
					r.Body.Close()
				}
				return nil, err
			}
			ok = true
		}
	}
	return t.next.RoundTrip(r)
}

// exemptFromGlobalLimit reports whether a REST path (/api/v9/…) is an
// interaction callback or webhook, which Discord's global limit leaves out.
func exemptFromGlobalLimit(path string) bool {
	_, rest, ok := strings.Cut(strings.TrimPrefix(path, "/api/"), "/")
	return ok && (strings.HasPrefix(rest, "interactions/") || strings.HasPrefix(rest, "webhooks/"))
}

// pacedKey marks a context whose request has had its slot; the value is
// when the slot was due.
type pacedKey struct{}

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
