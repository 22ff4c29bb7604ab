// Package schedule runs Hangtime's durable due-queue on gocron/v2's clock: a
// frequent tick claims the jobs that are due from the database and hands
// each to the runner for its kind. Jobs live in the database, not in gocron,
// so they survive restarts and cost nothing in memory while they wait.
package schedule

import (
	"context"
	"crypto/rand"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-co-op/gocron/v2"
	"github.com/jonboulle/clockwork"

	"github.com/hangtime/hangtime/coach"
)

// Queue is the durable due-queue. ClaimDue returns the jobs in the order
// they should go out (by lane, then due time); owner names the dispatcher
// holding their leases, which RenewLeases extends.
type Queue interface {
	ClaimDue(ctx context.Context, owner string, now time.Time, lease time.Duration, limit int) ([]coach.Job, error)
	RenewLeases(ctx context.Context, owner string, ids []int64, until time.Time) error
	FinishJob(ctx context.Context, id int64, state, note string, due, now time.Time) error
}

// Runner carries out jobs of one kind and says what became of the job. An
// error means a transient failure: the job is retried with backoff until
// MaxAttempts. It is an alias, so that runners can be written without
// importing this package (bot offers its own as they are).
type Runner = func(ctx context.Context, job coach.Job, now time.Time) (coach.JobOutcome, error)

// Options tune a Scheduler; zero values take the defaults.
type Options struct {
	Tick time.Duration // how often due jobs are looked for (200ms)
	// Lease is how long a claim lasts before another dispatcher may take
	// the job over (12s). A dispatcher renews the leases of the jobs it
	// has in flight every third of it, so a slow send keeps its job while a
	// crashed process's jobs are free within one lease: a restarted
	// process has taken them over within 15 s.
	Lease       time.Duration
	Batch       int // most jobs claimed at once (200; never more than idle Workers)
	MaxAttempts int // attempts before a job is marked failed (8)
	// Workers run jobs concurrently (8), so a send's round trip does not
	// cap the rate; the outbox's pacing does. A job is claimed only when a
	// worker is free to run it, so a job that falls due in an earlier lane
	// during a long burst is claimed as soon as one send finishes.
	Workers int
	// Instance names this dispatcher on the leases it holds; a random id
	// for each run of the process when empty. A stable one (the same
	// across restarts, unique among the processes) lets a restarted
	// process take up at once the jobs it held when it died, when the
	// queue can release them (see Releaser).
	Instance string
	Clock    clockwork.Clock
	Logger   *slog.Logger
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
	stable  bool // Instance was given, not drawn
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
		opt.Lease = 12 * time.Second
	}
	stable := opt.Instance != ""
	if !stable {
		opt.Instance = rand.Text()
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
	return &Scheduler{q: q, runners: runners, opt: opt, stable: stable, cron: cron, log: opt.Logger, passDone: make(chan struct{}, 1)}, nil
}

// Releaser is a Queue that can end the leases an instance holds, so that
// a restarted process takes up its own jobs at once.
type Releaser interface {
	ReleaseLeases(ctx context.Context, owner string, now time.Time) (int, error)
}

// Start begins ticking; jobs run with contexts derived from ctx. Under a
// stable Instance, it first frees the jobs a previous run of it held.
func (s *Scheduler) Start(ctx context.Context) error {
	if r, ok := s.q.(Releaser); ok && s.stable {
		n, err := r.ReleaseLeases(ctx, s.opt.Instance, s.opt.Clock.Now())
		if err != nil {
			return fmt.Errorf("start scheduler: %w", err)
		}
		if n > 0 {
			s.log.Info("took up the jobs a previous run held", "instance", s.opt.Instance, "jobs", n)
		}
	}
	_, err := s.cron.NewJob(
		gocron.DurationJob(s.opt.Tick),
		gocron.NewTask(func(ctx context.Context) { s.Drain(ctx) }),
		gocron.WithName("drain-due-queue"),
		gocron.WithContext(ctx),
		// A tick that comes while a pass runs is dropped: the next one
		// follows within Tick. (Without singleton mode, on a loaded machine,
		// gocron was seen not to re-arm its timer for over 30 s.)
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

// Instance is the id this dispatcher's leases carry.
func (s *Scheduler) Instance() string { return s.opt.Instance }

// Drain runs every job due now and returns how many it ran. It keeps up to
// Workers jobs in flight, claiming more (earliest lane first) whenever one
// finishes, and looks again every Tick while jobs are in flight, so a job
// that falls due meanwhile is not held up by the ones before it. It renews
// the leases of the jobs in flight every third of a lease.
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
	// Real-time tickers, not the scheduler's clock: they only pace
	// housekeeping within a pass, and on a fake clock they would count as
	// sleepers a test waits for.
	renew := time.NewTicker(s.opt.Lease / 3)
	defer renew.Stop()
	look := time.NewTicker(s.opt.Tick)
	defer look.Stop()
	inflight := map[int64]bool{}
	done := make(chan int64)
	total, claim, failed := 0, true, false
	for {
		if claim && !failed && len(inflight) < s.opt.Workers && ctx.Err() == nil {
			now := s.opt.Clock.Now()
			s.lastPass.Store(now.UnixNano())
			want := min(s.opt.Workers-len(inflight), s.opt.Batch)
			jobs, err := s.q.ClaimDue(ctx, s.opt.Instance, now, s.opt.Lease, want)
			if err != nil {
				s.log.Error("claim due jobs failed", "err", err)
				failed = true
				continue
			}
			for _, j := range jobs {
				inflight[j.ID] = true
				go func() {
					s.run(ctx, j)
					done <- j.ID
				}()
			}
			total += len(jobs)
			claim = len(jobs) == want
			continue
		}
		if len(inflight) == 0 {
			return total
		}
		select {
		case id := <-done:
			delete(inflight, id)
			claim = true
		case <-look.C:
			claim = true
		case <-renew.C:
			ids := make([]int64, 0, len(inflight))
			for id := range inflight {
				ids = append(ids, id)
			}
			if err := s.q.RenewLeases(context.WithoutCancel(ctx), s.opt.Instance, ids, s.opt.Clock.Now().Add(s.opt.Lease)); err != nil {
				// The jobs may be run twice; their nonces and keys make that harmless.
				s.log.Warn("renew job leases failed", "jobs", len(ids), "err", err)
			}
		}
	}
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
