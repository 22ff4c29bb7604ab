package schedule_test

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/hangtime/hangtime/coach"
	"github.com/hangtime/hangtime/schedule"
	"github.com/hangtime/hangtime/store"
)

// BenchmarkDispatchLateness runs the scheduler on the real clock with
// 100,000 pending jobs: 2,000 due over the next 20 seconds (100 a second)
// and the rest spread over a week. It reports how late each of the 2,000
// ran (p50, p99, max) and the heap held while 100,000 jobs wait. The runner
// does no I/O, so this is the dispatcher's own lateness, not Discord's.
// Run it once: go test -run '^$' -bench DispatchLateness -benchtime 1x ./schedule/
func BenchmarkDispatchLateness(b *testing.B) {
	const pending, soon, window = 100_000, 2_000, 20 * time.Second
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(b.TempDir(), "lateness.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	add := func(i int, due time.Time) {
		if _, _, err := db.AddJob(ctx, coach.Job{Kind: "k", Key: fmt.Sprintf("j%d", i), Due: due}, time.Now()); err != nil {
			b.Fatal(err)
		}
	}
	// The later jobs first (filling takes a while), then the soon ones.
	later := time.Now().Add(time.Hour)
	for i := soon; i < pending; i++ {
		add(i, later.Add(time.Duration(i)*(7*24*time.Hour/pending)))
	}
	start := time.Now().Add(3 * time.Second)
	for i := 0; i < soon; i++ {
		add(i, start.Add(time.Duration(i)*(window/soon)))
	}
	if time.Now().After(start) {
		b.Fatalf("filling took too long: the first jobs are already due")
	}
	var mu sync.Mutex
	var late []time.Duration
	done := make(chan struct{})
	run := func(ctx context.Context, j coach.Job, now time.Time) (coach.JobOutcome, error) {
		mu.Lock()
		defer mu.Unlock()
		late = append(late, time.Since(j.Due))
		if len(late) == soon {
			close(done)
		}
		return coach.JobOutcome{State: coach.JobDone}, nil
	}
	s, err := schedule.New(db, map[string]schedule.Runner{"k": run}, schedule.Options{})
	if err != nil {
		b.Fatal(err)
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ResetTimer()
	if err := s.Start(ctx); err != nil {
		b.Fatal(err)
	}
	select {
	case <-done:
	case <-time.After(window + 30*time.Second):
		b.Fatalf("only %d of %d jobs ran", len(late), soon)
	}
	s.Stop()
	b.StopTimer()
	slices.Sort(late)
	b.ReportMetric(float64(late[len(late)/2].Milliseconds()), "p50_ms")
	b.ReportMetric(float64(late[len(late)*99/100].Milliseconds()), "p99_ms")
	b.ReportMetric(float64(late[len(late)-1].Milliseconds()), "max_ms")
	b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heap_MiB")
}
