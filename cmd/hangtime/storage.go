package main

import (
	"context"
	"errors"
	"log/slog"
	"sync"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/hangtime/hangtime/store"
)

// storageWatch counts storage errors by fault kind where they surface: in
// the log. Every error is logged exactly once on its way out (handlers,
// jobs, claims), so the log is the one place that sees each once, without
// bot or schedule knowing about metrics or SQLite.
type storageWatch struct {
	errors *prometheus.CounterVec

	mu      sync.Mutex
	corrupt string // the first corruption error seen, for /healthz
}

func newStorageWatch(reg prometheus.Registerer) *storageWatch {
	w := &storageWatch{errors: prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "hangtime_storage_errors_total",
		Help: "Database errors by fault kind (read_only, disk_full, corrupt, io, busy, unreachable, other).",
	}, []string{"kind"})}
	for _, k := range []string{store.FaultReadOnly, store.FaultFull, store.FaultCorrupt, store.FaultIO, store.FaultBusy, store.FaultDown, store.FaultOther} {
		w.errors.WithLabelValues(k)
	}
	reg.MustRegister(w.errors)
	return w
}

// note counts err when it is a storage error.
func (w *storageWatch) note(err error) {
	kind := store.Fault(err)
	if kind == "" {
		return
	}
	w.errors.WithLabelValues(kind).Inc()
	if kind == store.FaultCorrupt {
		w.mu.Lock()
		if w.corrupt == "" {
			w.corrupt = err.Error()
		}
		w.mu.Unlock()
	}
}

// corruptSeen returns the first corruption error logged since start, or "".
func (w *storageWatch) corruptSeen() string {
	if w == nil {
		return ""
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.corrupt
}

// handler wraps h so that every logged "err" attribute is noted, at any
// log level: the count must not depend on HANGTIME_LOG_LEVEL.
func (w *storageWatch) handler(h slog.Handler) slog.Handler {
	return &noteErrors{next: h, w: w}
}

type noteErrors struct {
	next slog.Handler
	w    *storageWatch
}

func (n *noteErrors) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= slog.LevelWarn || n.next.Enabled(ctx, l)
}

func (n *noteErrors) Handle(ctx context.Context, r slog.Record) error {
	r.Attrs(func(a slog.Attr) bool {
		if err, ok := a.Value.Any().(error); ok && a.Key == "err" {
			n.w.note(err)
		}
		return true
	})
	if !n.next.Enabled(ctx, r.Level) {
		return nil
	}
	return n.next.Handle(ctx, r)
}

func (n *noteErrors) WithAttrs(as []slog.Attr) slog.Handler {
	return &noteErrors{next: n.next.WithAttrs(as), w: n.w}
}

func (n *noteErrors) WithGroup(name string) slog.Handler {
	return &noteErrors{next: n.next.WithGroup(name), w: n.w}
}

// faultText is /healthz's words for a failed database check.
func faultText(err error) string {
	switch store.Fault(err) {
	case store.FaultReadOnly:
		return "read-only: " + err.Error()
	case store.FaultFull:
		return "disk full: " + err.Error()
	case store.FaultCorrupt:
		return "corrupt: " + err.Error()
	case store.FaultDown:
		return "unreachable: " + err.Error()
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return "not answering: " + err.Error()
	}
	return err.Error()
}
