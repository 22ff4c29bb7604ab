package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/hangtime/hangtime/coach"
	"github.com/hangtime/hangtime/internal/discordtest"
)

func TestJobOutcomesBecomeReminderMetrics(t *testing.T) {
	m := newMetrics()
	m.observeJob("reminder", coach.JobDone, 300*time.Millisecond)
	m.observeJob("reminder", coach.JobDone, 5*time.Minute)
	m.observeJob("reminder", coach.JobMissed, 3*time.Hour)
	m.observeJob("reminder", coach.JobUndeliverable, 0)
	m.observeJob("reminder", coach.JobPending, time.Second)
	m.observeJob("hang_end", coach.JobFailed, -time.Second)
	for _, c := range []struct {
		kind, outcome string
		want          float64
	}{
		{"reminder", "sent", 1}, {"reminder", "late", 1}, {"reminder", "missed", 1},
		{"reminder", "undeliverable", 1}, {"reminder", "retried", 1}, {"hang_end", "failed", 1},
		{"hang_end", "sent", 0},
	} {
		if got := testutil.ToFloat64(m.jobs.WithLabelValues(c.kind, c.outcome)); got != c.want {
			t.Errorf("hangtime_reminders_total{kind=%q,outcome=%q} = %v, want %v", c.kind, c.outcome, got, c.want)
		}
	}
	if n := testutil.CollectAndCount(m.lateness, "hangtime_reminder_lateness_seconds"); n != 2 {
		t.Errorf("lateness histograms = %d, want one per kind (2)", n)
	}
}

func TestTransportCounts429sThatDiscordgoRetries(t *testing.T) {
	srv, err := discordtest.Start(discordtest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	m := newMetrics()
	s, _ := discordgo.New("Bot test")
	s.Client = &http.Client{Timeout: 10 * time.Second, Transport: m.transport(srv.Transport())}
	srv.Force429(2, 20*time.Millisecond)
	if _, err := s.ChannelMessageSend(discordtest.DefaultChannelID, "hello"); err != nil {
		t.Fatalf("send after two 429s: %v", err)
	}
	if got := testutil.ToFloat64(m.rateLimited.WithLabelValues("user")); got != 2 {
		t.Errorf("hangtime_discord_rate_limited_total{scope=user} = %v, want 2", got)
	}
	if got := testutil.ToFloat64(m.requests.WithLabelValues("200")); got != 1 {
		t.Errorf("hangtime_discord_requests_total{code=200} = %v, want 1", got)
	}
}

type fakeGateway bool

func (g fakeGateway) Connected() bool { return bool(g) }

type fakeDB struct{ err error }

func (d fakeDB) Check(context.Context, time.Time) error { return d.err }

type fakeSched struct{ last time.Time }

func (s fakeSched) LastPass() time.Time { return s.last }
func (s fakeSched) Tick() time.Duration { return 200 * time.Millisecond }

func TestHealthzNamesEachFailingCheck(t *testing.T) {
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	for _, c := range []struct {
		name   string
		h      health
		status int
		checks map[string]string
	}{
		{"all well", health{gateway: fakeGateway(true), db: fakeDB{}, sched: fakeSched{now.Add(-time.Second)}, now: clock, started: now.Add(-time.Hour)},
			200, map[string]string{"gateway": "ok", "database": "ok", "scheduler": "ok"}},
		{"just started, no pass yet", health{gateway: fakeGateway(true), db: fakeDB{}, sched: fakeSched{}, now: clock, started: now.Add(-time.Second)},
			200, map[string]string{"gateway": "ok", "database": "ok", "scheduler": "ok"}},
		{"everything down", health{gateway: fakeGateway(false), db: fakeDB{errors.New("check database: disk I/O error")}, sched: fakeSched{now.Add(-5 * time.Minute)}, now: clock, started: now.Add(-time.Hour)},
			503, map[string]string{"gateway": "not connected", "database": "check database: disk I/O error", "scheduler": "no pass for 5m0s"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			opsHandler(newMetrics(), c.h).ServeHTTP(rec, httptest.NewRequest("GET", "/healthz", nil))
			var rep healthReport
			if err := json.Unmarshal(rec.Body.Bytes(), &rep); err != nil {
				t.Fatalf("body %q: %v", rec.Body.String(), err)
			}
			if rec.Code != c.status {
				t.Errorf("status = %d, want %d (%s)", rec.Code, c.status, rec.Body.String())
			}
			for k, want := range c.checks {
				if rep.Checks[k] != want {
					t.Errorf("checks[%s] = %q, want %q", k, rep.Checks[k], want)
				}
			}
		})
	}
}

// opsAddr waits for the ops server's address in the bot's JSON logs: it
// starts after the commands are registered.
func opsAddr(t *testing.T, logs *lockedBuffer) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		sc := bufio.NewScanner(strings.NewReader(logs.String()))
		for sc.Scan() {
			var l struct{ Msg, Addr string }
			if json.Unmarshal(sc.Bytes(), &l) == nil && l.Msg == "ops server listening" {
				return l.Addr
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no ops server in logs:\n%s", logs.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

func TestHealthAndMetricsOfTheRunningBot(t *testing.T) {
	w := newWorld(t)
	w.env["HANGTIME_HTTP"] = "127.0.0.1:0"
	p := w.start()
	base := "http://" + opsAddr(t, p.logs)

	if code, body := get(t, base+"/healthz"); code != 200 || !strings.Contains(body, `"status":"ok"`) {
		t.Errorf("/healthz = %d %s, want 200 ok", code, body)
	}

	acknowledge(w, alice)
	w.command(alice, "help")
	w.command(alice, "hang", discordtest.Sub("log", discordtest.Str("duration", "11m")))
	i, _ := w.command(alice, "hang", discordtest.Sub("start", discordtest.Str("target", "1m")))
	w.advance(time.Minute)
	w.waitEdit(i.Token, "Time's up")

	// The scheduler counts the job after recording it; poll briefly.
	var body string
	want := []string{
		`hangtime_interactions_total{command="help",outcome="ok"} 1`,
		`hangtime_interactions_total{command="hang log",outcome="user_error"} 1`,
		`hangtime_interactions_total{command="button safety",outcome="ok"} 1`,
		`hangtime_interaction_duration_seconds_count{command="hang start"} 1`,
		`hangtime_reminders_total{kind="hang_end",outcome="sent"} 1`,
		`hangtime_gateway_connected 1`,
		`hangtime_gateway_events_total{event="ready"} 1`,
		`hangtime_discord_requests_total{code="204"}`,
		`process_resident_memory_bytes`,
		`go_goroutines`,
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		_, body = get(t, base+"/metrics")
		missing := ""
		for _, s := range want {
			if !strings.Contains(body, s) {
				missing = s
				break
			}
		}
		if missing == "" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("/metrics lacks %s:\n%s", missing, body)
		}
		time.Sleep(20 * time.Millisecond)
	}

	w.stop(p)
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Error("ops server still answers after shutdown")
	}
}

func TestShutdownWaitsForHandlersOnlyUntilTheGrace(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	start := time.Now()
	if waitFor(func() { <-release }, 50*time.Millisecond) {
		t.Error("waitFor reported a stuck wait as finished")
	}
	if took := time.Since(start); took > 5*time.Second { // a deadline: a stuck wait would take forever
		t.Errorf("waitFor took %v with a 50ms grace", took)
	}
	if !waitFor(func() {}, time.Second) {
		t.Error("waitFor reported a finished wait as stuck")
	}
	if handlerGrace+time.Second+500*time.Millisecond >= 5*time.Second {
		t.Errorf("grace %v + gateway close (~1s) + ops server 500ms leaves no room within 5s", handlerGrace)
	}
}
