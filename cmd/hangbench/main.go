// Command hangbench measures the Hangtime bot under load: it starts the
// project's fake Discord server (internal/discordtest) on 127.0.0.1, runs
// the real hangtime binary against it as a separate process, and sends
// /hang log interactions at a fixed rate from a pool of workers, timing
// each from its dispatch on the gateway to the bot's callback arriving at
// the REST API. It then does the same against a baseline, a minimal
// discordgo bot that answers every command at once with a fixed message,
// and reports latency percentiles, throughput, each process's memory and
// CPU, and the bot's figures as ratios to the baseline's.
//
// Usage:
//
//	go run ./cmd/hangbench -rate 200 -concurrency 16 -duration 20s
//	go run ./cmd/hangbench -closed -concurrency 16 -duration 20s
//	go run ./cmd/hangbench -seed-users 100000 -seed-hangs 1000000
//	go run ./cmd/hangbench -processes 3 -db postgres://postgres@127.0.0.1:5432/test
//
// With -closed the workers do not follow a rate: each sends its next
// interaction as soon as the previous one is answered, which measures the
// most a bot can answer. -seed-users and -seed-hangs fill hangtime's
// database before it starts, so memory and latency are measured with a
// realistic amount of data on disk.
//
// With -transport http the bot runs without a gateway and the fake Discord
// posts each interaction, signed, to the bot's interactions endpoint,
// timing it to the HTTP response; -transport both measures both ways.
//
// With -processes N it measures scale-out instead: hangtime as one process
// and as N on one database (SQLite, or PostgreSQL with -db), the fake
// Discord's 4 shards split between them: /hang log throughput in a closed
// loop, and the drain of a burst of reminders under Discord's global
// limit, shared by the processes (rate against 50/s, the most requests in
// any second, 429s).
//
// All traffic stays on the loopback interface; the run is bounded by
// -duration (plus start-up and drain of at most -timeout).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"
)

// config is hangbench's command line.
type config struct {
	Bin         string
	Rate        float64
	Concurrency int
	Duration    time.Duration
	Warmup      time.Duration
	Users       int
	Timeout     time.Duration
	Baseline    bool
	Closed      bool
	BaseIdle    int
	SeedUsers   int
	SeedHangs   int
	Check       bool
	Logs        bool
	Transport   string // gateway, http or both
	// The scale-out mode (runScale): Processes > 0 runs it, on DB (a
	// PostgreSQL URL; a SQLite file when empty), with Reminders due at once.
	Processes int
	DB        string
	Reminders int
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == baselineArg {
		if err := serveBaseline(); err != nil {
			fmt.Fprintln(os.Stderr, "hangbench baseline:", err)
			os.Exit(1)
		}
		return
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cfg, err := parseFlags(os.Args[1:], os.Stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return
		}
		os.Exit(2)
	}
	err = run(ctx, cfg, os.Stdout)
	if errors.Is(err, errTargetMissed) {
		fmt.Fprintln(os.Stderr, "hangbench:", err)
		os.Exit(3)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "hangbench:", err)
		os.Exit(1)
	}
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("hangbench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.Bin, "bin", "", "hangtime binary to run (default: go build ./cmd/hangtime into a temporary directory)")
	fs.Float64Var(&c.Rate, "rate", 200, "interactions per second")
	fs.IntVar(&c.Concurrency, "concurrency", 16, "workers sending interactions; each waits for its callback before taking the next")
	fs.DurationVar(&c.Duration, "duration", 20*time.Second, "how long to send, warm-up included")
	fs.DurationVar(&c.Warmup, "warmup", 2*time.Second, "first part of the run left out of the figures")
	fs.IntVar(&c.Users, "users", 50, "distinct users the interactions come from")
	fs.DurationVar(&c.Timeout, "timeout", 10*time.Second, "longest wait for one callback")
	fs.BoolVar(&c.Baseline, "baseline", true, "also measure the minimal discordgo baseline bot")
	fs.IntVar(&c.BaseIdle, "baseline-idle", 0, "idle connections per host the baseline's HTTP transport keeps (0: net/http's default of 2, as a bare discordgo bot has; hangtime keeps 32)")
	fs.BoolVar(&c.Closed, "closed", false, "closed loop: each worker sends its next interaction as soon as the last is answered (-rate is ignored)")
	fs.IntVar(&c.SeedUsers, "seed-users", 0, "fill hangtime's database with this many users (acknowledged; the -users senders are among them) before it starts")
	fs.IntVar(&c.SeedHangs, "seed-hangs", 0, "with -seed-users: hangs spread over the seeded users and the last year")
	fs.BoolVar(&c.Check, "check", false, "exit with status 3 unless hangtime meets the targets against the baseline: p99 < 10ms and within 1.2x the baseline's; with -closed, throughput at least 0.9x and p50 at most 1.3x")
	fs.BoolVar(&c.Logs, "logs", false, "copy the bots' logs to stderr")
	fs.StringVar(&c.Transport, "transport", "gateway", "how interactions reach hangtime: gateway, http (the interactions endpoint, HANGTIME_GATEWAY=off) or both")
	fs.IntVar(&c.Processes, "processes", 0, "scale-out mode: hangtime as 1 and as this many processes on one database sharing 4 shards; reports /hang log throughput and the drain of a burst of reminders under the shared global limit")
	fs.StringVar(&c.DB, "db", "", "scale-out mode: a PostgreSQL URL (postgres://…) to run on, each run in a fresh schema; a SQLite file when empty")
	fs.IntVar(&c.Reminders, "reminders", 1000, "scale-out mode: reminders due at once in the burst")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	switch {
	case c.Rate <= 0 || c.Rate > 10000:
		return c, usage(fs, "-rate must be in (0, 10000]")
	case c.Concurrency < 1 || c.Concurrency > 1024:
		return c, usage(fs, "-concurrency must be in [1, 1024]")
	case c.Duration <= 0 || c.Duration > 10*time.Minute:
		return c, usage(fs, "-duration must be in (0, 10m]")
	case c.Warmup < 0 || c.Warmup >= c.Duration:
		return c, usage(fs, "-warmup must be shorter than -duration")
	case c.Users < 1 || c.Users > 10000:
		return c, usage(fs, "-users must be in [1, 10000]")
	case c.Timeout <= 0:
		return c, usage(fs, "-timeout must be positive")
	case c.Transport != "gateway" && c.Transport != "http" && c.Transport != "both":
		return c, usage(fs, "-transport must be gateway, http or both")
	case c.SeedUsers < 0 || c.SeedUsers > 10_000_000 || c.SeedHangs < 0 || c.SeedHangs > 100_000_000:
		return c, usage(fs, "-seed-users must be in [0, 10,000,000] and -seed-hangs in [0, 100,000,000]")
	case c.BaseIdle < 0 || c.BaseIdle > 1024:
		return c, usage(fs, "-baseline-idle must be in [0, 1024]")
	case c.SeedHangs > 0 && c.SeedUsers == 0:
		return c, usage(fs, "-seed-hangs needs -seed-users")
	case c.SeedUsers > 0 && c.SeedUsers < c.Users:
		return c, usage(fs, "-seed-users must be at least -users: the senders are seeded users")
	case c.Processes < 0 || c.Processes > 16:
		return c, usage(fs, "-processes must be in [0, 16]")
	case c.Reminders < 1 || c.Reminders > 100_000:
		return c, usage(fs, "-reminders must be in [1, 100,000]")
	case c.DB != "" && (c.Processes == 0 || !strings.HasPrefix(c.DB, "postgres://") && !strings.HasPrefix(c.DB, "postgresql://")):
		return c, usage(fs, "-db must be a PostgreSQL URL (postgres://…) and needs -processes")
	case fs.NArg() > 0:
		return c, usage(fs, "unexpected arguments")
	}
	return c, nil
}

func usage(fs *flag.FlagSet, msg string) error {
	fmt.Fprintln(fs.Output(), "hangbench:", msg)
	fs.Usage()
	return errors.New(msg)
}

// Targets from the issues: p99 under 10 ms at 200/s and within 1.2x of the
// baseline's p99; in a closed loop, at least 0.9x the baseline's
// throughput with a p50 at most 1.3x the baseline's.
const (
	targetP99        = 10 * time.Millisecond
	targetRatio      = 1.2
	targetThroughput = 0.9
	targetP50Ratio   = 1.3
)

var errTargetMissed = errors.New("latency target missed")

// run measures the bot and, with cfg.Baseline, the baseline, and writes the
// report to out.
func run(ctx context.Context, cfg config, out io.Writer) error {
	bin := cfg.Bin
	if bin == "" {
		dir, err := os.MkdirTemp("", "hangbench-")
		if err != nil {
			return fmt.Errorf("temp dir: %w", err)
		}
		defer os.RemoveAll(dir)
		fmt.Fprintln(out, "building hangtime...")
		if bin, err = buildHangtime(ctx, dir); err != nil {
			return err
		}
	}
	if cfg.Processes > 0 {
		return runScale(ctx, cfg, bin, out)
	}
	pace := fmt.Sprintf("at %g/s", cfg.Rate)
	if cfg.Closed {
		pace = "in a closed loop"
	}
	fmt.Fprintf(out, "hangbench: /hang log %s for %s (%s warm-up left out), %d workers, %d users, %d CPUs\n",
		pace, cfg.Duration, cfg.Warmup, cfg.Concurrency, cfg.Users, numCPU())
	if cfg.BaseIdle > 0 {
		fmt.Fprintf(out, "the baseline's HTTP transport keeps %d idle connections per host instead of net/http's 2\n", cfg.BaseIdle)
	}
	if cfg.SeedUsers > 0 {
		fmt.Fprintf(out, "hangtime's database seeded with %d users and %d hangs before each run\n", cfg.SeedUsers, cfg.SeedHangs)
	}

	var results []result
	if cfg.Transport != "http" {
		r, err := measure(ctx, cfg, hangtimeTarget(bin))
		if err != nil {
			return fmt.Errorf("hangtime: %w", err)
		}
		results = append(results, r)
	}
	if cfg.Transport != "gateway" {
		r, err := measure(ctx, cfg, hangtimeHTTPTarget(bin))
		if err != nil {
			return fmt.Errorf("hangtime over http: %w", err)
		}
		results = append(results, r)
	}
	bot := results[0]
	if cfg.Baseline {
		self, err := os.Executable()
		if err != nil {
			return fmt.Errorf("find own binary for the baseline: %w", err)
		}
		base, err := measure(ctx, cfg, baselineTarget(self, cfg.BaseIdle))
		if err != nil {
			return fmt.Errorf("baseline: %w", err)
		}
		results = append(results, base)
	}
	report(out, results, cfg.Closed)
	if cfg.Check {
		base := results[len(results)-1]
		return check(bot, base, cfg.Baseline, cfg.Closed)
	}
	return nil
}

// check compares hangtime's figures (bot) with the targets and, when
// measured, the baseline's (base).
func check(bot, base result, measured, closed bool) error {
	if !closed && bot.P99 >= targetP99 {
		return fmt.Errorf("%w: hangtime p99 %s, want under %s", errTargetMissed, ms(bot.P99), ms(targetP99))
	}
	if !measured {
		return nil
	}
	switch {
	case !closed && ratio(bot.P99, base.P99) > targetRatio:
		return fmt.Errorf("%w: p99 ratio %.2fx, want at most %.1fx", errTargetMissed, ratio(bot.P99, base.P99), targetRatio)
	case closed && bot.Throughput < targetThroughput*base.Throughput:
		return fmt.Errorf("%w: throughput ratio %.2fx, want at least %.1fx", errTargetMissed, bot.Throughput/base.Throughput, targetThroughput)
	case closed && ratio(bot.P50, base.P50) > targetP50Ratio:
		return fmt.Errorf("%w: p50 ratio %.2fx, want at most %.1fx", errTargetMissed, ratio(bot.P50, base.P50), targetP50Ratio)
	}
	return nil
}

func ratio(a, b time.Duration) float64 {
	if b <= 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func report(out io.Writer, rs []result, closed bool) {
	fmt.Fprintf(out, "\n%-9s %7s %7s %6s %6s %11s %8s %8s %8s %8s %9s %9s %9s\n",
		"target", "sent", "ok", "errors", "late", "throughput", "p50", "p90", "p99", "max", "RSS peak", "RSS end", "CPU/op")
	for _, r := range rs {
		fmt.Fprintf(out, "%-9s %7d %7d %6d %6d %9.1f/s %8s %8s %8s %8s %9s %9s %9s\n",
			r.Name, r.Sent, r.OK, r.Errors, r.Late, r.Throughput, ms(r.P50), ms(r.P90), ms(r.P99), ms(r.Max),
			mb(r.Proc.PeakRSS), mb(r.Proc.RSS), ms(r.CPUPerOp))
	}
	if last := rs[len(rs)-1]; len(rs) >= 2 && last.Name == "baseline" {
		var tput float64
		if last.Throughput > 0 {
			tput = rs[0].Throughput / last.Throughput
		}
		if closed {
			fmt.Fprintf(out, "\n%s/%s: throughput ratio %.2fx (target at least %.1fx); p50 ratio %.2fx (target at most %.1fx); p99 ratio %.2fx\n",
				rs[0].Name, last.Name, tput, targetThroughput, ratio(rs[0].P50, last.P50), targetP50Ratio, ratio(rs[0].P99, last.P99))
		} else {
			fmt.Fprintf(out, "\np99 ratio %s/%s: %.2fx (target at most %.1fx); p50 ratio %.2fx; %s p99 %s (target under %s)\n",
				rs[0].Name, last.Name, ratio(rs[0].P99, last.P99), targetRatio, ratio(rs[0].P50, last.P50), rs[0].Name, ms(rs[0].P99), ms(targetP99))
		}
	}
	if !closed {
		fmt.Fprintln(out, "late: sends that started more than 5ms after their slot because every worker was busy")
	}
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2fms", float64(d)/float64(time.Millisecond)) }

func mb(kb int64) string { return fmt.Sprintf("%.1fMB", float64(kb)/1024) }
