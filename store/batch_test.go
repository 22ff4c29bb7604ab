package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/hangtime/hangtime/coach"
)

// batchedLogs holds the write connection in a transaction while n logs
// are sent, so that the first (which must reach the database) waits for
// the connection and the others queue behind it, then lets them go: the
// others are then written as one batch. It returns each log's result, in
// the order of logs.
func batchedLogs(t *testing.T, db *DB, logs []func() (coach.Session, bool, error)) []logResult {
	t.Helper()
	if db.pg {
		t.Skip("SQLite's batched /hang log writes; PostgreSQL writes each alone")
	}
	ctx := context.Background()
	hold, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]logResult, len(logs))
	var wg sync.WaitGroup
	start := func(i int) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, created, err := logs[i]()
			out[i] = logResult{s, created, err}
		}()
	}
	until := func(what string, ok func(*logBatch) bool) {
		for end := time.Now().Add(time.Minute); ; time.Sleep(time.Millisecond) {
			db.logs.mu.Lock()
			done := ok(&db.logs)
			db.logs.mu.Unlock()
			if done {
				return
			}
			if time.Now().After(end) {
				t.Fatalf("still waiting for %s after a minute", what)
			}
		}
	}
	// The first leads and waits for the connection; the rest queue
	// behind it.
	start(0)
	until("the first log to lead", func(b *logBatch) bool { return b.leading && len(b.waiting) == 0 })
	for i := 1; i < len(logs); i++ {
		start(i)
	}
	until("the others to queue", func(b *logBatch) bool { return len(b.waiting) == len(logs)-1 })
	if err := hold.Rollback(); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	if db.logs.largest < len(logs)-1 {
		t.Fatalf("the largest batch held %d writes, want %d", db.logs.largest, len(logs)-1)
	}
	return out
}

type logResult struct {
	s       coach.Session
	created bool
	err     error
}

// Logs committed together each get their own row and id; a duplicate
// delivery inside the batch is refused as it is alone, and the cache sees
// every row.
func TestBatchedLogsEachGetTheirRow(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	users := []string{"u1", "u2", "u3"}
	for _, u := range users {
		if err := db.AckSafety(ctx, u, t0); err != nil {
			t.Fatal(err)
		}
	}
	const n = 12
	var logs []func() (coach.Session, bool, error)
	for i := range n {
		s := coach.Session{UserID: users[i%len(users)], Start: t0.Add(-time.Duration(i+1) * time.Minute), Duration: time.Minute, Device: coach.Table}
		iid := fmt.Sprint("i", i)
		if i == n-1 {
			iid = "i3" // a second delivery of log 3
		}
		logs = append(logs, func() (coach.Session, bool, error) { return db.LogSessionClaiming(ctx, s, iid, t0) })
	}
	got := batchedLogs(t, db, logs)
	ids := map[int64]bool{}
	created := 0
	for i, r := range got {
		if r.err != nil {
			t.Fatalf("log %d: %v", i, r.err)
		}
		if !r.created {
			continue
		}
		created++
		if ids[r.s.ID] || r.s.ID == 0 {
			t.Errorf("log %d: id %d given twice or not at all", i, r.s.ID)
		}
		ids[r.s.ID] = true
		var user, iid string
		if err := db.w.QueryRowContext(ctx, `SELECT user_id, interaction_id FROM sessions WHERE id = ?`, r.s.ID).Scan(&user, &iid); err != nil {
			t.Fatalf("log %d: its row %d: %v", i, r.s.ID, err)
		}
		if user != r.s.UserID {
			t.Errorf("log %d: row %d is %s's, want %s's", i, r.s.ID, user, r.s.UserID)
		}
	}
	if created != n-1 {
		t.Errorf("%d of %d logs created, want all but the duplicate", created, n)
	}
	if got[3].created == got[n-1].created {
		t.Errorf("log 3 and its second delivery: created %v and %v, want exactly one", got[3].created, got[n-1].created)
	}
	var rows int
	if err := db.w.QueryRowContext(ctx, `SELECT count(*) FROM sessions`).Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if rows != n-1 {
		t.Errorf("%d rows, want %d", rows, n-1)
	}
	if db.hot != nil {
		for _, u := range users {
			p, m, f, err := db.ProfileAndFacts(ctx, u, t0, coach.GentleSince(t0), coach.PlanWindow)
			if err != nil {
				t.Fatal(err)
			}
			wp, wm, wf, err := db.profileAndFactsRead(ctx, u, t0, coach.GentleSince(t0), coach.PlanWindow)
			if err != nil {
				t.Fatal(err)
			}
			if p != wp || m != wm || f != wf {
				t.Errorf("%s: cached facts %+v differ from SQLite's %+v", u, f, wf)
			}
		}
	}
}

// A log that fails in a batch (here one SQLite refuses: no duration)
// fails alone: the others are written, each by itself; a log whose
// caller gave up before it was written is not written.
func TestABatchWithAFailingLogWritesTheOthers(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	if err := db.AckSafety(ctx, "u", t0); err != nil {
		t.Fatal(err)
	}
	gone, cancel := context.WithCancel(ctx)
	cancel()
	log := func(ctx context.Context, i int, d time.Duration) func() (coach.Session, bool, error) {
		s := coach.Session{UserID: "u", Start: t0.Add(-time.Duration(i+1) * time.Hour), Duration: d, Device: coach.Table}
		return func() (coach.Session, bool, error) { return db.LogSessionClaiming(ctx, s, fmt.Sprint("i", i), t0) }
	}
	got := batchedLogs(t, db, []func() (coach.Session, bool, error){
		log(ctx, 0, time.Minute), log(ctx, 1, time.Minute), log(ctx, 2, 0), log(gone, 3, time.Minute), log(ctx, 4, time.Minute),
	})
	for _, i := range []int{0, 1, 4} {
		if got[i].err != nil || !got[i].created {
			t.Errorf("log %d: created %v, %v; want written", i, got[i].created, got[i].err)
		}
	}
	if got[2].err == nil {
		t.Error("the log without a duration was accepted")
	}
	if !errors.Is(got[3].err, context.Canceled) {
		t.Errorf("the given-up log: %v, want context.Canceled", got[3].err)
	}
	var rows int
	if err := db.w.QueryRowContext(ctx, `SELECT count(*) FROM sessions`).Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if rows != 3 {
		t.Errorf("%d rows, want the 3 good logs", rows)
	}
}

// A batch waits for company only when logs come close together and
// concurrently: one caller logging hang after hang, however fast, would
// wait for nobody, and a stream of a few logs a second is not busy.
func TestABatchWaitsOnlyForLogsArrivingTogether(t *testing.T) {
	for _, tc := range []struct {
		name   string
		apart  time.Duration
		during func(i int) bool // whether arrival i finds a batch under way
		want   bool
	}{
		{"one after another, 10µs apart", 10 * time.Microsecond, func(int) bool { return false }, false},
		{"concurrent, 50µs apart", 50 * time.Microsecond, func(int) bool { return true }, true},
		{"a quarter concurrent, 50µs apart", 50 * time.Microsecond, func(i int) bool { return i%4 == 0 }, true},
		{"concurrent, 5ms apart (200/s)", 5 * time.Millisecond, func(int) bool { return true }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b logBatch
			now := t0
			for i := range 200 {
				b.arrived(now, tc.during(i))
				now = now.Add(tc.apart)
			}
			if got := b.busy(); got != tc.want {
				t.Errorf("busy after 200 arrivals: %v, want %v (gap %v, crowd %d/256)", got, tc.want, b.gap, b.crowd)
			}
		})
	}
}

// Logs made one after another by one caller are written at once: none
// waits for company that cannot come.
func TestSequentialLogsDoNotWait(t *testing.T) {
	db, _ := openTemp(t)
	if db.pg {
		t.Skip("SQLite's batched /hang log writes; PostgreSQL writes each alone")
	}
	ctx := context.Background()
	if err := db.AckSafety(ctx, "u", t0); err != nil {
		t.Fatal(err)
	}
	for i := range 200 {
		s := coach.Session{UserID: "u", Start: t0.Add(-time.Duration(i+1) * time.Hour), Duration: time.Minute, Device: coach.Table}
		if _, created, err := db.LogSessionClaiming(ctx, s, fmt.Sprint("i", i), t0); err != nil || !created {
			t.Fatalf("log %d: created %v, %v", i, created, err)
		}
	}
	db.logs.mu.Lock()
	defer db.logs.mu.Unlock()
	if db.logs.waits != 0 {
		t.Errorf("%d of 200 sequential logs waited for company", db.logs.waits)
	}
}
