package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/hangtime/hangtime/store"
)

// sqliteErr is an error with an SQLite result code, as the driver's are.
type sqliteErr int

func (e sqliteErr) Error() string { return fmt.Sprintf("sqlite error %d", int(e)) }
func (e sqliteErr) Code() int     { return int(e) }

func TestStorageErrorsAreCountedByKindFromTheLogAtAnyLevel(t *testing.T) {
	m := newMetrics()
	w := newStorageWatch(m.reg)
	var out strings.Builder
	log := slog.New(w.handler(newLogger(&out, "error", false).Handler()))

	// A real driver error: a text file opened as a database.
	path := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(path, []byte(strings.Repeat("text\n", 1000)), 0o600); err != nil {
		t.Fatal(err)
	}
	_, openErr := store.Open(context.Background(), path)
	if store.Fault(openErr) != store.FaultCorrupt {
		t.Fatalf("Open(text file) = %v, want a corrupt fault", openErr)
	}
	log.Error("interaction failed", "err", fmt.Errorf("log hang: %w", openErr))
	log.Warn("job will be retried", "err", sqliteErr(13)) // below the level, still counted
	log.Warn("job will be retried", "err", sqliteErr(8|(1<<8)))
	log.Error("interaction failed", "err", errors.New("not a storage error"))
	log.With("command", "hang log").Error("interaction failed", "err", sqliteErr(13))

	for kind, want := range map[string]float64{store.FaultCorrupt: 1, store.FaultFull: 2, store.FaultReadOnly: 1, store.FaultIO: 0} {
		if got := testutil.ToFloat64(w.errors.WithLabelValues(kind)); got != want {
			t.Errorf("hangtime_storage_errors_total{kind=%s} = %v, want %v", kind, got, want)
		}
	}
	if strings.Contains(out.String(), "job will be retried") {
		t.Errorf("warnings were written at level error:\n%s", out.String())
	}
	if !strings.Contains(w.corruptSeen(), "damaged") {
		t.Errorf("corruptSeen() = %q, want the corruption error", w.corruptSeen())
	}

	// /healthz keeps saying so while the heartbeat itself still writes.
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	h := health{gateway: fakeGateway(true), db: fakeDB{}, storage: w, sched: fakeSched{now}, now: func() time.Time { return now }, started: now}
	rec := httptest.NewRecorder()
	opsHandler(m, h).ServeHTTP(rec, httptest.NewRequest("GET", "/healthz", nil))
	var rep healthReport
	if err := json.Unmarshal(rec.Body.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	if rec.Code != 503 || !strings.HasPrefix(rep.Checks["database"], "corrupt: ") {
		t.Errorf("/healthz after a corruption error = %d %v", rec.Code, rep.Checks)
	}
}

func TestHealthzNamesTheStorageFault(t *testing.T) {
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		err  error
		want string
	}{
		{fmt.Errorf("check database: %w", sqliteErr(8)), "read-only: "},
		{fmt.Errorf("check database: %w", sqliteErr(13)), "disk full: "},
		{fmt.Errorf("check database: %w", sqliteErr(11)), "corrupt: "},
		{fmt.Errorf("check database: %w", context.DeadlineExceeded), "not answering: "},
	} {
		h := health{gateway: fakeGateway(true), db: fakeDB{c.err}, sched: fakeSched{now}, now: func() time.Time { return now }, started: now}
		rep := h.check(context.Background())
		if rep.Status != "unhealthy" || !strings.HasPrefix(rep.Checks["database"], c.want) {
			t.Errorf("check with %v = %v, want database %q…", c.err, rep, c.want)
		}
	}
}
