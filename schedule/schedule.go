// Package schedule runs Hangtime's durable due-queue on gocron/v2's clock: a
// frequent tick claims the jobs that are due from the database and hands
// each to the runner for its kind. Jobs live in the database, not in gocron,
// so they survive restarts and cost nothing in memory while they wait.
package schedule

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-co-op/gocron/v2"
	"github.com/jonboulle/clockwork"

	"github.com/hangtime/hangtime/coach"
)

// Queue is the durable due-queue.
type Queue interface {
	ClaimDue(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]coach.Job, error)
	FinishJob(ctx context.Context, id int64, state, note string, due, now time.Time) error
}

// Runner carries out jobs of one kind and says what became of the job. An
// error means a transient failure: the job is retried with backoff until
// MaxAttempts. It is an alias, so that runners can be written without
// importing this package (bot offers its own as they are).
type Runner = func(ctx context.Context, job coach.Job, now time.Time) (coach.JobOutcome, error)

// Options tune a Scheduler; zero values take the defaults.
type Options struct {
	Tick        time.Duration // how often due jobs are looked for (200ms)
	Lease       time.Duration // how long a claim lasts before another may retry it (2m)
	Batch       int           // most jobs claimed per pass (200)
	MaxAttempts int           // attempts before a job is marked failed (8)
	// Workers run a batch's jobs concurrently (8), so a send's round trip
	// does not cap the rate; the outbox's pacing does.
	Workers int
	Clock   clockwork.Clock
	Logger  *slog.Logger
	// Observe, when set, is told what became of each job a pass ran: its
	// kind, the state recorded (coach.JobPending for a retry) and how late
	// it ran after its due time. It must be quick and safe for concurrent use.
	Observe func(kind, state string, late time.Duration)
}

// Scheduler drains the due-queue on every tick.
type Scheduler struct {
	q       Queue
	runners map[string]Runner
	opt     Options
	cron    gocron.Scheduler
	log     *slog.Logger

	mu       sync.Mutex // serialises passes: one drain at a time per process
	passDone chan struct{}
	lastPass atomic.Int64 // see LastPass; Unix ns
}

// New builds a scheduler for the given runners, by job kind.
func New(q Queue, runners map[string]Runner, opt Options) (*Scheduler, error) {
	if opt.Tick <= 0 {
		opt.Tick = 200 * time.Millisecond
	}
	if opt.Lease <= 0 {
		opt.Lease = 2 * time.Minute
	}
	if opt.Batch <= 0 {
		opt.Batch = 200
	}
	if opt.Workers <= 0 {
		opt.Workers = 8
	}
	if opt.MaxAttempts <= 0 {
		opt.MaxAttempts = 8
	}
	if opt.Clock == nil {
		opt.Clock = clockwork.NewRealClock()
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	cron, err := gocron.NewScheduler(gocron.WithClock(opt.Clock))
	if err != nil {
		return nil, fmt.Errorf("create scheduler: %w", err)
	}
	return &Scheduler{q: q, runners: runners, opt: opt, cron: cron, log: opt.Logger, passDone: make(chan struct{}, 1)}, nil
}

// Start begins ticking; jobs run with contexts derived from ctx.
func (s *Scheduler) Start(ctx context.Context) error {
	_, err := s.cron.NewJob(
		gocron.DurationJob(s.opt.Tick),
		gocron.NewTask(func(ctx context.Context) { s.Drain(ctx) }),
		gocron.WithName("drain-due-queue"),
		gocron.WithContext(ctx),
		gocron.WithSingletonMode(gocron.LimitModeReschedule),
	)
	if err != nil {
		return fmt.Errorf("schedule drain: %w", err)
	}
	s.cron.Start()
	return nil
}

// Stop stops ticking and waits for a pass in progress to finish.
func (s *Scheduler) Stop() error {
	if err := s.cron.Shutdown(); err != nil {
		return fmt.Errorf("stop scheduler: %w", err)
	}
	s.mu.Lock() // a pass in progress holds it
	s.mu.Unlock()
	return nil
}

// Passes signals after each completed pass; tests wait on it after moving
// a fake clock.
func (s *Scheduler) Passes() <-chan struct{} { return s.passDone }

// LastPass reports when (on the scheduler's clock) a pass last started,
// claimed a batch or finished; zero before the first. A health check
// compares it with the tick to tell a live scheduler from a stuck one.
func (s *Scheduler) LastPass() time.Time {
	ns := s.lastPass.Load()
	if ns == 0 {
		return time.Time{}
	}
	return time.Unix(0, ns)
}

// Tick reports how often the scheduler looks for due jobs.
func (s *Scheduler) Tick() time.Duration { return s.opt.Tick }

// Drain runs every job due now, batch by batch, and returns how many it ran.
func (s *Scheduler) Drain(ctx context.Context) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	defer func() {
		s.lastPass.Store(s.opt.Clock.Now().UnixNano())
		select {
		case s.passDone <- struct{}{}:
		default:
		}
	}()
	total := 0
	for ctx.Err() == nil {
		now := s.opt.Clock.Now()
		s.lastPass.Store(now.UnixNano())
		jobs, err := s.q.ClaimDue(ctx, now, s.opt.Lease, s.opt.Batch)
		if err != nil {
			s.log.Error("claim due jobs failed", "err", err)
			return total
		}
		s.runAll(ctx, jobs)
		total += len(jobs)
		if len(jobs) < s.opt.Batch {
			return total
		}
	}
	return total
}

// runAll runs a batch with up to Workers jobs at once.
func (s *Scheduler) runAll(ctx context.Context, jobs []coach.Job) {
	if len(jobs) == 1 || s.opt.Workers == 1 {
		for _, j := range jobs {
			s.run(ctx, j)
		}
		return
	}
	next := make(chan coach.Job)
	var wg sync.WaitGroup
	for range min(s.opt.Workers, len(jobs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range next {
				s.run(ctx, j)
			}
		}()
	}
	for _, j := range jobs {
		next <- j
	}
	close(next)
	wg.Wait()
}

func (s *Scheduler) run(ctx context.Context, j coach.Job) {
	now := s.opt.Clock.Now()
	out, err := s.safeRun(ctx, j, now)
	if err != nil {
		if j.Attempts >= s.opt.MaxAttempts {
			s.log.Error("job failed", "job", j.Kind, "job_id", j.ID, "user_id", j.UserID, "attempts", j.Attempts, "err", err)
			out = coach.JobOutcome{State: coach.JobFailed, Note: "gave up after repeated errors"}
		} else {
			backoff := time.Duration(1<<min(j.Attempts, 10)) * time.Second
			s.log.Warn("job will be retried", "job", j.Kind, "job_id", j.ID, "user_id", j.UserID, "attempts", j.Attempts, "retry_in", backoff, "err", err)
			out = coach.JobOutcome{State: coach.JobPending, Due: now.Add(backoff)}
		}
	}
	if err := s.q.FinishJob(context.WithoutCancel(ctx), j.ID, out.State, out.Note, out.Due, s.opt.Clock.Now()); err != nil {
		// The lease runs out and the job is claimed again; runners are
		// idempotent (message nonces, unique keys), so that is harmless.
		s.log.Error("record job outcome failed", "job", j.Kind, "job_id", j.ID, "err", err)
	}
	if s.opt.Observe != nil {
		s.opt.Observe(j.Kind, out.State, now.Sub(j.Due))
	}
}

func (s *Scheduler) safeRun(ctx context.Context, j coach.Job, now time.Time) (out coach.JobOutcome, err error) {
	r, ok := s.runners[j.Kind]
	if !ok {
		return coach.JobOutcome{}, fmt.Errorf("no runner for job kind %q", j.Kind)
	}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("runner panicked: %v", p)
		}
	}()
	return r(ctx, j, now)
}
