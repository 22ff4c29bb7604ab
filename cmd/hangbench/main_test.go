package main

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hangtime/hangtime/store"
)

// TestMain lets the test binary serve as the baseline bot, as hangbench's
// own binary does.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == baselineArg {
		if err := serveBaseline(); err != nil {
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func TestPercentileIsNearestRank(t *testing.T) {
	var v []time.Duration
	for i := 1; i <= 200; i++ {
		v = append(v, time.Duration(i)*time.Millisecond)
	}
	for _, c := range []struct {
		p    float64
		want time.Duration
	}{{50, 100 * time.Millisecond}, {99, 198 * time.Millisecond}, {100, 200 * time.Millisecond}, {0, time.Millisecond}} {
		if got := percentile(v, c.p); got != c.want {
			t.Errorf("percentile(1..200ms, %v) = %v, want %v", c.p, got, c.want)
		}
	}
	if got := percentile(nil, 99); got != 0 {
		t.Errorf("percentile(nil, 99) = %v, want 0", got)
	}
}

func TestSummarizeLeavesOutTheWarmup(t *testing.T) {
	t0 := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	var samples []sample
	for i := range 30 {
		samples = append(samples, sample{slot: t0.Add(time.Duration(i) * 100 * time.Millisecond), latency: time.Duration(i+1) * time.Millisecond, ok: i != 29, late: i == 28})
	}
	r := summarize("x", samples, config{Warmup: time.Second})
	if r.Sent != 20 || r.OK != 19 || r.Errors != 1 || r.Late != 1 {
		t.Errorf("sent/ok/errors/late = %d/%d/%d/%d, want 20/19/1/1", r.Sent, r.OK, r.Errors, r.Late)
	}
	if r.P50 != 20*time.Millisecond || r.Max != 29*time.Millisecond {
		t.Errorf("p50 %v max %v, want 20ms and 29ms", r.P50, r.Max)
	}
	// 19 answers from the slot at 1.0s to the answer at 2.8s+29ms.
	if r.Throughput < 10 || r.Throughput > 11 {
		t.Errorf("throughput = %.2f/s, want about 10.4/s", r.Throughput)
	}
}

func TestProcParsing(t *testing.T) {
	status := "Name:\thangtime\nVmPeak:\t  812345 kB\nVmHWM:\t   30512 kB\nVmRSS:\t   29876 kB\nThreads:\t9\n"
	if rss, peak := parseStatus([]byte(status)); rss != 29876 || peak != 30512 {
		t.Errorf("parseStatus = %d, %d, want 29876, 30512", rss, peak)
	}
	stat := "4242 (hang time) S 1 4242 4242 0 -1 4194560 1459 0 0 0 250 75 0 0 20 0 9 0 123 812345 7469 18446744073709551615"
	if got := parseStatCPU([]byte(stat)); got != 3250*time.Millisecond {
		t.Errorf("parseStatCPU = %v, want 3.25s (325 ticks)", got)
	}
	if ps := readProc(os.Getpid()); ps.RSS <= 0 || ps.PeakRSS < ps.RSS {
		t.Errorf("readProc(self) = %+v, want RSS and a peak at least as high", ps)
	}
}

func TestFlagsAreChecked(t *testing.T) {
	for _, args := range [][]string{{"-rate", "0"}, {"-concurrency", "0"}, {"-warmup", "30s", "-duration", "10s"}, {"extra"},
		{"-seed-hangs", "10"}, {"-seed-users", "10", "-users", "50"}, {"-seed-users", "-1"}, {"-baseline-idle", "-1"},
		{"-processes", "-1"}, {"-processes", "3", "-reminders", "0"}, {"-db", "postgres://x/y"}, {"-processes", "3", "-db", "hangtime.db"}} {
		if _, err := parseFlags(args, io.Discard); err == nil {
			t.Errorf("parseFlags(%q) accepted", args)
		}
	}
	c, err := parseFlags([]string{"-rate", "50", "-duration", "3s"}, io.Discard)
	if err != nil || c.Rate != 50 || c.Concurrency != 16 || !c.Baseline || c.Closed {
		t.Errorf("parseFlags = %+v, %v", c, err)
	}
	c, err = parseFlags([]string{"-processes", "3", "-db", "postgres://postgres@127.0.0.1:5432/test"}, io.Discard)
	if err != nil || c.Processes != 3 || c.Reminders != 1000 || c.DB == "" {
		t.Errorf("parseFlags(scale-out) = %+v, %v", c, err)
	}
	c, err = parseFlags([]string{"-closed", "-seed-users", "100000", "-seed-hangs", "1000000"}, io.Discard)
	if err != nil || !c.Closed || c.SeedUsers != 100000 || c.SeedHangs != 1000000 {
		t.Errorf("parseFlags(closed, seeded) = %+v, %v", c, err)
	}
}

func TestSeedFillsTheSchemaWithAcknowledgedUsers(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "h.db")
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	if err := seed(ctx, path, 7, 100, now); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	total := 0
	for i := range 7 {
		p, err := db.Profile(ctx, benchUserID(i))
		if err != nil {
			t.Fatal(err)
		}
		if p.SafetyAck.IsZero() {
			t.Errorf("seeded user %s has not acknowledged the safety card", p.UserID)
		}
		list, err := db.SessionsSince(ctx, benchUserID(i), time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range list {
			if s.Start.After(now) || s.Start.Before(now.AddDate(-1, 0, 0)) || s.Duration <= 0 {
				t.Errorf("seeded hang %+v, want one started in the year before %v", s, now)
			}
		}
		total += len(list)
	}
	if total != 100 {
		t.Errorf("seeded hangs = %d, want 100", total)
	}
}

func TestCheckAppliesTheModesTargets(t *testing.T) {
	base := result{P50: time.Millisecond, P99: 2 * time.Millisecond, Throughput: 1000}
	for _, c := range []struct {
		name   string
		bot    result
		closed bool
		missed bool
	}{
		{"open within", result{P50: 5 * time.Millisecond, P99: 2400 * time.Microsecond}, false, false},
		{"open p99 ratio", result{P99: 2500 * time.Microsecond}, false, true},
		{"closed within", result{P50: 1300 * time.Microsecond, P99: 9 * time.Millisecond, Throughput: 900}, true, false},
		{"closed throughput", result{P50: time.Millisecond, Throughput: 899}, true, true},
		{"closed p50", result{P50: 1400 * time.Microsecond, Throughput: 1000}, true, true},
	} {
		err := check(c.bot, base, true, c.closed)
		if missed := errors.Is(err, errTargetMissed); missed != c.missed {
			t.Errorf("%s: check = %v, want missed %v", c.name, err, c.missed)
		}
	}
}

// TestSmallRunOfBothBots builds hangtime and runs both targets briefly.
func TestSmallRunOfBothBots(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the bot")
	}
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	bin, err := buildHangtime(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	cfg := config{Bin: bin, Rate: 40, Concurrency: 4, Duration: 1500 * time.Millisecond, Warmup: 500 * time.Millisecond, Users: 3, Timeout: 10 * time.Second, Baseline: true}
	if err := run(ctx, cfg, &out); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	t.Log("\n" + out.String())
	for _, name := range []string{"hangtime", "baseline"} {
		var line string
		for _, l := range strings.Split(out.String(), "\n") {
			if strings.HasPrefix(l, name+" ") {
				line = l
			}
		}
		f := strings.Fields(line)
		if len(f) < 4 || f[1] != "40" || f[2] != "40" || f[3] != "0" {
			t.Errorf("%s: %q, want 40 sent, 40 ok, 0 errors", name, line)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "hangtime")); err != nil {
		t.Error(err)
	}

	// The closed loop, against a seeded database.
	out.Reset()
	cfg = config{Bin: bin, Closed: true, Concurrency: 2, Duration: 1500 * time.Millisecond, Warmup: 500 * time.Millisecond, Users: 3, SeedUsers: 10, SeedHangs: 200, Timeout: 10 * time.Second, Baseline: true}
	if err := run(ctx, cfg, &out); err != nil {
		t.Fatalf("closed run: %v\n%s", err, out.String())
	}
	t.Log("\n" + out.String())
	for _, name := range []string{"hangtime", "baseline"} {
		var line string
		for _, l := range strings.Split(out.String(), "\n") {
			if strings.HasPrefix(l, name+" ") {
				line = l
			}
		}
		f := strings.Fields(line)
		if len(f) < 4 || f[1] == "0" || f[1] != f[2] || f[3] != "0" {
			t.Errorf("closed %s: %q, want every interaction sent answered, 0 errors", name, line)
		}
	}
	if !strings.Contains(out.String(), "throughput ratio") {
		t.Errorf("closed report without the throughput ratio:\n%s", out.String())
	}
}
