// Command hangtime runs the Hangtime Discord bot, or with "console" the same
// commands in a terminal as one local user.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/jonboulle/clockwork"
	"golang.org/x/time/rate"

	"github.com/hangtime/hangtime/bot"
	"github.com/hangtime/hangtime/coach"
	"github.com/hangtime/hangtime/schedule"
	"github.com/hangtime/hangtime/store"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		stop() // a second signal ends the process at once
	}()
	// discordgo logs through a package-level hook; route it into the same
	// structured stream (set once here: run is also driven by tests).
	dlog := newLogger(os.Stderr, os.Getenv("HANGTIME_LOG_LEVEL"), len(os.Args) > 1 && os.Args[1] == "console")
	discordgo.Logger = func(level, caller int, format string, a ...any) {
		dlog.Log(context.Background(), discordLevel(level), "discordgo", "detail", fmt.Sprintf(format, a...))
	}
	err := run(ctx, env{Args: os.Args[1:], Getenv: os.Getenv, Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr})
	if err != nil {
		fmt.Fprintln(os.Stderr, "hangtime:", err)
		if errors.Is(err, errNoToken) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

var errNoToken = errors.New("DISCORD_TOKEN is not set")

// globalRate paces the bot's own messages (reminders, posts, edits) a little
// under Discord's global limit of 50 requests per second, the ends of hangs
// first (see bot.Pacer).
const globalRate = 48

// sharedRate is the rate of all processes together when they share the
// global limit (HANGTIME_PACE=shared): 95% of it, since the requests of
// several processes reach Discord with more jitter than one's (see
// bot.NewSharedPacer).
const sharedRate = 47.5

// env is the process as run sees it, so tests drive the real wiring with
// their own arguments, environment, streams and clock.
type env struct {
	Args           []string
	Getenv         func(string) string
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Clock          clockwork.Clock // the real clock when nil
	Tick           time.Duration   // the scheduler's tick; its default when zero
	DeferAfter     time.Duration   // when a slow reply is deferred; the bot's default when zero
}

// run is main without the process.
func run(ctx context.Context, e env) error {
	console := len(e.Args) > 0 && e.Args[0] == "console"
	for _, a := range e.Args {
		switch a {
		case "-h", "-help", "--help", "help":
			if console {
				fmt.Fprint(e.Stdout, consoleUsage)
			} else {
				fmt.Fprint(e.Stdout, usage)
			}
			return nil
		}
	}
	if len(e.Args) > 1 && console {
		return fmt.Errorf("unknown argument %q: hangtime console takes none (see hangtime console --help)", e.Args[1])
	}
	cfg, err := loadConfig(e.Getenv)
	if err != nil {
		return err
	}
	if len(e.Args) > 0 && e.Args[0] == "migrate-to" {
		return migrateTo(ctx, cfg, e.Args[1:], e.Stdout)
	}
	if len(e.Args) > 0 && !console {
		return fmt.Errorf("unknown argument %q: run hangtime (the bot), hangtime console or hangtime migrate-to; hangtime --help lists them", e.Args[0])
	}
	if !console && cfg.Token == "" {
		fmt.Fprint(e.Stderr, noTokenHelp)
		return errNoToken
	}
	if e.Clock == nil {
		e.Clock = clockwork.NewRealClock()
	}
	m := newMetrics()
	storage := newStorageWatch(m.reg)
	log := slog.New(storage.handler(newLogger(e.Stderr, cfg.LogLevel, console).Handler()))

	db, err := store.Open(ctx, cfg.DBPath)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := queuePrune(ctx, db, e.Clock.Now()); err != nil {
		return err
	}

	if console {
		c := bot.NewConsole(e.Stdout, e.Clock.Now)
		c.FileDir = cfg.FilesDir
		c.Locale = bot.LocaleFromEnv(e.Getenv)
		b := bot.New(bot.Config{Store: db, Logger: log, Now: e.Clock.Now, Outbox: c, ReminderGrace: cfg.ReminderGrace})
		sched, err := startScheduler(ctx, db, b, e, cfg.Instance, log, nil)
		if err != nil {
			return err
		}
		defer sched.Stop()
		return c.Run(ctx, b, e.Stdin)
	}

	s, err := discordgo.New(cfg.Token)
	if err != nil {
		return fmt.Errorf("create discord session: %w", err)
	}
	s.Identify.Intents = discordgo.IntentsGuilds
	s.LogLevel = discordgo.LogWarning
	// The session always uses a transport of ours: it counts Discord's
	// answers (429s especially) and applies DISCORD_API_BASE.
	var rt http.RoundTripper = apiTransport()
	if cfg.APIBase != "" {
		base, _ := url.Parse(cfg.APIBase)
		rt = rewriteOrigin{base: base, next: rt}
	}
	// One pacer for everything the session sends under Discord's global
	// limit: the outbox's messages and, through the transport, gateway
	// look-ups, registration and the rest of discordgo's requests.
	pace := bot.NewPacer(rate.NewLimiter(globalRate, 1))
	if cfg.SharedPace {
		pace = bot.NewSharedPacer(db, sharedRate, log)
	}
	s.Client = &http.Client{Timeout: 20 * time.Second, Transport: pace.Transport(m.transport(rt))}
	replies, err := repliesSession(cfg.Token, s)
	if err != nil {
		return err
	}
	// Attachments come from Discord's CDN, or, with DISCORD_API_BASE,
	// from that origin too (a Discord-compatible server's files).
	fetch := &bot.HTTPFetcher{Origins: bot.DiscordCDN()}
	if cfg.APIBase != "" {
		fetch.Origins = append(fetch.Origins, cfg.APIBase)
	}
	out := &bot.DiscordOutbox{Session: s, Pace: pace, DMs: db, Now: e.Clock.Now, Logger: log}
	b := bot.New(bot.Config{Store: db, Logger: log, Now: e.Clock.Now, Outbox: out, Observe: m.observeInteraction, ReminderGrace: cfg.ReminderGrace, DeferAfter: e.DeferAfter, Fetcher: fetch, PublicURL: cfg.PublicURL, Replies: replies})
	gw, err := connectGateway(ctx, cfg, e.Clock, s, b, m, log)
	if err != nil {
		return err
	}
	log.Info("connected to discord", "guild_id", cfg.GuildID, "gateway_sessions", len(gw.sessions))
	sched, err := startScheduler(ctx, db, b, e, cfg.Instance, log, m.observeJob)
	if err != nil {
		gw.Close()
		return err
	}
	var ops *opsServer
	if cfg.HTTPAddr != "" {
		h := health{gateway: gw, db: db, storage: storage, sched: sched, now: e.Clock.Now, started: e.Clock.Now()}
		if ops, err = startOps(cfg.HTTPAddr, opsHandler(m, h), log); err != nil {
			sched.Stop()
			gw.Close()
			return err
		}
	}

	var public *opsServer
	if cfg.PublicAddr != "" {
		mux := http.NewServeMux()
		mux.Handle(bot.HookPath, b.WorkoutHook())
		if cfg.PublicKey != nil {
			mux.Handle(bot.InteractionsPath, b.Interactions(ctx, s, cfg.PublicKey))
		}
		if public, err = startPublic(cfg.PublicAddr, mux, log); err != nil {
			sched.Stop()
			gw.Close()
			return err
		}
	}

	<-ctx.Done()
	// Shutdown order: stop taking interactions (Attach and the interactions
	// endpoint refuse them once ctx is done), stop the scheduler, give those in flight handlerGrace to
	// finish, close the gateway (about a second) and the ops server; the
	// database closes last (deferred). All within shutdownBudget.
	log.Info("shutting down")
	if err := sched.Stop(); err != nil {
		log.Warn("scheduler stop failed", "err", err)
	}
	if !waitFor(b.Wait, handlerGrace) {
		log.Warn("in-flight interactions did not finish in time", "grace", handlerGrace)
	}
	if err := gw.Close(); err != nil {
		log.Warn("gateway close failed", "err", err)
	}
	for _, srv := range []*opsServer{ops, public} {
		if srv == nil {
			continue
		}
		sctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
		defer cancel()
		if err := srv.shutdown(sctx); err != nil {
			log.Warn("http server stop failed", "addr", srv.addr.String(), "err", err)
		}
	}
	log.Info("stopped")
	return nil
}

// repliesSession is a REST-only session for interaction responses: the
// same token and HTTP client as s, but a rate limiter of its own, so a
// global 429 on the bot's messages (which makes discordgo hold every
// request of that session) never delays an answer past Discord's
// 3-second window; interaction callbacks are exempt from the global limit.
func repliesSession(token string, s *discordgo.Session) (*discordgo.Session, error) {
	r, err := discordgo.New(token)
	if err != nil {
		return nil, fmt.Errorf("create discord session: %w", err)
	}
	r.Client, r.LogLevel, r.MaxRestRetries = s.Client, s.LogLevel, s.MaxRestRetries
	return r, nil
}

// handlerGrace bounds how long shutdown waits for interactions in flight,
// so that with the gateway's close the process exits within 5 seconds.
const handlerGrace = 3 * time.Second

// waitFor runs wait and reports whether it returned within d.
func waitFor(wait func(), d time.Duration) bool {
	done := make(chan struct{})
	go func() {
		wait()
		close(done)
	}()
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-done:
		return true
	case <-t.C:
		return false
	}
}

// startScheduler runs the bot's job runners and the housekeeping job and
// starts ticking. observe, when not nil, is told each job's outcome (see
// schedule.Options).
func startScheduler(ctx context.Context, db *store.DB, b *bot.Bot, e env, instance string, log *slog.Logger, observe func(kind, state string, late time.Duration)) (*schedule.Scheduler, error) {
	runners := b.Runners()
	runners[jobPrune] = func(ctx context.Context, j coach.Job, now time.Time) (coach.JobOutcome, error) {
		// Discord never re-delivers an interaction a day old.
		if _, err := db.PruneInteractions(ctx, now.Add(-24*time.Hour)); err != nil {
			return coach.JobOutcome{}, err
		}
		return coach.JobOutcome{State: coach.JobDone}, queuePrune(ctx, db, now)
	}
	sched, err := schedule.New(db, runners, schedule.Options{Clock: e.Clock, Tick: e.Tick, Logger: log, Observe: observe, Instance: instance})
	if err != nil {
		return nil, err
	}
	if err := sched.Start(ctx); err != nil {
		return nil, err
	}
	return sched, nil
}

// jobPrune is the housekeeping job that forgets old interaction claims.
const jobPrune = "prune"

// queuePrune queues the next housekeeping run at the next hour boundary;
// the key makes every process and restart within the hour queue it once.
func queuePrune(ctx context.Context, db *store.DB, now time.Time) error {
	due := now.Truncate(time.Hour).Add(time.Hour)
	_, _, err := db.AddJob(ctx, coach.Job{Kind: jobPrune, Lane: coach.LaneBulk, Key: fmt.Sprintf("%s:%d", jobPrune, due.Unix()), Due: due}, now)
	return err
}

// rewriteOrigin sends every request to base's scheme and host, keeping the
// path: discordgo's endpoints are fixed at package init, so DISCORD_API_BASE
// is applied here.
type rewriteOrigin struct {
	base *url.URL
	next http.RoundTripper
}

func (t rewriteOrigin) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.URL.Scheme, r.URL.Host, r.Host = t.base.Scheme, t.base.Host, t.base.Host
	return t.next.RoundTrip(r)
}

// newLogger logs JSON unless writing to a terminal; the console logs only
// warnings so they do not drown the conversation.
func newLogger(w io.Writer, level string, console bool) *slog.Logger {
	var lv slog.Level
	switch strings.ToLower(level) {
	case "debug":
		lv = slog.LevelDebug
	case "warn":
		lv = slog.LevelWarn
	case "error":
		lv = slog.LevelError
	case "":
		if console {
			lv = slog.LevelWarn
		}
	}
	opts := &slog.HandlerOptions{Level: lv}
	if f, ok := w.(*os.File); ok && isTerminal(f) {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}

// discordLevel maps discordgo's log levels to slog's.
func discordLevel(level int) slog.Level {
	switch level {
	case discordgo.LogError:
		return slog.LevelError
	case discordgo.LogWarning:
		return slog.LevelWarn
	case discordgo.LogInformational:
		return slog.LevelInfo
	}
	return slog.LevelDebug
}

func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// apiIdleConns is how many idle connections to Discord's API the bot
// keeps. Every REST call goes to one host, and interactions are answered
// concurrently: with net/http's default of 2, a burst of answers closes
// and dials (in production, TLS-handshakes) connections over and over.
const apiIdleConns = 32

// apiTransport is net/http's default transport keeping apiIdleConns idle
// connections to the API host.
func apiTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = max(t.MaxIdleConns, apiIdleConns)
	t.MaxIdleConnsPerHost = apiIdleConns
	return t
}
