package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/hangtime/hangtime/coach"
)

// lateAfter is how far past its due time a delivered job counts as late
// rather than on time: several ticks, so only a job that waited out a
// restart or a backlog is late.
const lateAfter = time.Minute

// metrics are Hangtime's Prometheus collectors, on a registry of their own
// (never the global default one).
type metrics struct {
	reg *prometheus.Registry

	interactions *prometheus.CounterVec
	latency      *prometheus.HistogramVec
	jobs         *prometheus.CounterVec
	lateness     *prometheus.HistogramVec
	requests     *prometheus.CounterVec
	rateLimited  *prometheus.CounterVec
	gateway      *prometheus.CounterVec
	reconnects   prometheus.Counter
	connected    prometheus.Gauge
}

func newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		interactions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "hangtime_interactions_total",
			Help: "Interactions handled, by command and outcome (ok, user_error, error, panic, duplicate).",
		}, []string{"command", "outcome"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "hangtime_interaction_duration_seconds",
			Help:    "Time from receiving an interaction to Discord accepting the reply, by command.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"command"}),
		jobs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "hangtime_reminders_total",
			Help: "Scheduled deliveries (reminders, digests, ends of live hangs) by job kind and outcome (sent, late, missed, undeliverable, failed, retried).",
		}, []string{"kind", "outcome"}),
		lateness: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "hangtime_reminder_lateness_seconds",
			Help:    "How long after its due time a scheduled job ran, by job kind.",
			Buckets: []float64{.1, .25, .5, 1, 2.5, 5, 15, 60, 300, 900, 3600},
		}, []string{"kind"}),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "hangtime_discord_requests_total",
			Help: "REST requests to Discord by response status code (error for no response).",
		}, []string{"code"}),
		rateLimited: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "hangtime_discord_rate_limited_total",
			Help: "429 Too Many Requests responses from Discord, by X-RateLimit-Scope (user, global, shared, unknown).",
		}, []string{"scope"}),
		gateway: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "hangtime_gateway_events_total",
			Help: "Gateway connection events: connect, disconnect, ready (identified), resumed.",
		}, []string{"event"}),
		reconnects: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "hangtime_gateway_reconnects_total",
			Help: "Gateway connections opened after the first one.",
		}),
		connected: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "hangtime_gateway_connected",
			Help: "1 while the gateway session is ready or resumed, else 0.",
		}),
	}
	m.reg.MustRegister(m.interactions, m.latency, m.jobs, m.lateness, m.requests, m.rateLimited,
		m.gateway, m.reconnects, m.connected,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// observeInteraction is the bot's Observe hook.
func (m *metrics) observeInteraction(command, outcome string, took time.Duration) {
	m.interactions.WithLabelValues(command, outcome).Inc()
	m.latency.WithLabelValues(command).Observe(took.Seconds())
}

// observeJob is the scheduler's Observe hook.
func (m *metrics) observeJob(kind, state string, late time.Duration) {
	outcome := state
	switch state {
	case coach.JobDone:
		outcome = "sent"
		if late > lateAfter {
			outcome = "late"
		}
	case coach.JobPending:
		outcome = "retried"
	}
	m.jobs.WithLabelValues(kind, outcome).Inc()
	m.lateness.WithLabelValues(kind).Observe(max(late, 0).Seconds())
}

// transport counts Discord's answers, 429s especially, on their way to
// discordgo (which does its own waiting and retrying).
func (m *metrics) transport(next http.RoundTripper) http.RoundTripper {
	return countingTransport{m: m, next: next}
}

type countingTransport struct {
	m    *metrics
	next http.RoundTripper
}

func (t countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(r)
	if err != nil {
		t.m.requests.WithLabelValues("error").Inc()
		return resp, err
	}
	t.m.requests.WithLabelValues(strconv.Itoa(resp.StatusCode)).Inc()
	if resp.StatusCode == http.StatusTooManyRequests {
		scope := resp.Header.Get("X-RateLimit-Scope")
		switch scope {
		case "user", "global", "shared":
		default:
			scope = "unknown"
		}
		t.m.rateLimited.WithLabelValues(scope).Inc()
	}
	return resp, nil
}

// gatewayWatch follows the session's gateway connection through its events.
type gatewayWatch struct {
	m        *metrics
	log      *slog.Logger
	ready    atomic.Bool
	connects atomic.Int64
}

// watchGateway registers the handlers; call it before the session opens.
func watchGateway(s *discordgo.Session, m *metrics, log *slog.Logger) *gatewayWatch {
	g := &gatewayWatch{m: m, log: log}
	s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Connect) {
		m.gateway.WithLabelValues("connect").Inc()
		if g.connects.Add(1) > 1 {
			m.reconnects.Inc()
			log.Info("gateway reconnected")
		}
	})
	s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Disconnect) {
		m.gateway.WithLabelValues("disconnect").Inc()
		g.set(false)
		log.Warn("gateway disconnected")
	})
	s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Ready) {
		m.gateway.WithLabelValues("ready").Inc()
		g.set(true)
	})
	s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Resumed) {
		m.gateway.WithLabelValues("resumed").Inc()
		g.set(true)
	})
	return g
}

func (g *gatewayWatch) set(up bool) {
	g.ready.Store(up)
	if up {
		g.m.connected.Set(1)
	} else {
		g.m.connected.Set(0)
	}
}

// Connected reports whether the gateway session is ready or resumed.
func (g *gatewayWatch) Connected() bool { return g.ready.Load() }

// health holds what /healthz checks.
type health struct {
	gateway interface{ Connected() bool }
	db      interface {
		Check(ctx context.Context, now time.Time) error
	}
	// storage remembers faults seen in the logs; nil when not watched.
	storage *storageWatch
	sched   interface {
		LastPass() time.Time
		Tick() time.Duration
	}
	now     func() time.Time // the scheduler's clock
	started time.Time        // when the scheduler started, on that clock
}

// healthReport is /healthz's body.
type healthReport struct {
	Status string            `json:"status"` // ok or unhealthy
	Checks map[string]string `json:"checks"` // gateway, database, scheduler: ok or why not
}

func (h health) check(ctx context.Context) healthReport {
	rep := healthReport{Status: "ok", Checks: map[string]string{"gateway": "ok", "database": "ok", "scheduler": "ok"}}
	fail := func(name, why string) {
		rep.Status, rep.Checks[name] = "unhealthy", why
	}
	if !h.gateway.Connected() {
		fail("gateway", "not connected")
	}
	dctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if err := h.db.Check(dctx, h.now()); err != nil {
		fail("database", faultText(err))
	} else if corrupt := h.storage.corruptSeen(); corrupt != "" {
		// The heartbeat's page may be sound while others are damaged.
		fail("database", "corrupt: "+corrupt)
	}
	// A pass stamps the clock as it starts, loops and ends; no stamp for a
	// long while means the ticks stopped or a pass is stuck.
	last := h.sched.LastPass()
	if last.Before(h.started) {
		last = h.started
	}
	stale := max(lateAfter, 20*h.sched.Tick())
	if since := h.now().Sub(last); since > stale {
		fail("scheduler", fmt.Sprintf("no pass for %s", since.Round(time.Second)))
	}
	return rep
}

// opsHandler serves /healthz and /metrics.
func opsHandler(m *metrics, h health) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		rep := h.check(r.Context())
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		if rep.Status != "ok" {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
		_ = json.NewEncoder(w).Encode(rep)
	})
	mux.Handle("GET /metrics", promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg}))
	return mux
}

// opsServer is the HTTP server for HANGTIME_HTTP.
type opsServer struct {
	srv  *http.Server
	addr net.Addr
	done chan struct{}
}

// startOps listens on addr (such as :8081) and serves h until shutdown.
func startOps(addr string, h http.Handler, log *slog.Logger) (*opsServer, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen on HANGTIME_HTTP %s: %w", addr, err)
	}
	o := &opsServer{
		srv:  &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)},
		addr: ln.Addr(),
		done: make(chan struct{}),
	}
	go func() {
		defer close(o.done)
		if err := o.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("ops server failed", "addr", o.addr.String(), "err", err)
		}
	}()
	log.Info("ops server listening", "addr", o.addr.String())
	return o, nil
}

// shutdown stops the server, letting requests in progress finish until ctx
// ends.
func (o *opsServer) shutdown(ctx context.Context) error {
	err := o.srv.Shutdown(ctx)
	<-o.done
	if err != nil {
		return fmt.Errorf("stop ops server: %w", err)
	}
	return nil
}
