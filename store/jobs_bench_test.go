package store

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/hangtime/hangtime/coach"
	"github.com/hangtime/hangtime/internal/dbtest"
)

// fillJobs inserts n pending jobs due over the next week, in one transaction.
func fillJobs(b *testing.B, db *DB, n int, now time.Time) {
	b.Helper()
	ctx := context.Background()
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO jobs(kind, key, due_ms, payload, updated_ms) VALUES('reminder', ?, ?, '{}', 0)`)
	if err != nil {
		b.Fatal(err)
	}
	week := int64(7 * 24 * time.Hour / time.Millisecond)
	for i := 0; i < n; i++ {
		due := now.UnixMilli() + 1000 + int64(i)*week/int64(n)
		if _, err := stmt.ExecContext(ctx, fmt.Sprintf("k%d", i), due); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkDueScan measures one dispatcher pass when nothing is due yet and
// when one job is, with 1,000 to 1,000,000 pending jobs: the partial index
// on due time keeps it flat.
func BenchmarkDueScan(b *testing.B) {
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	for _, n := range []int{1_000, 100_000, 1_000_000} {
		db, err := Open(context.Background(), dbtest.Path(b, filepath.Join(b.TempDir(), fmt.Sprintf("bench%d.db", n))))
		if err != nil {
			b.Fatal(err)
		}
		fillJobs(b, db, n, now)
		ctx := context.Background()
		if !db.pg {
			// As the checkpointer would by now: the fill's WAL copied back.
			if _, err := db.sql.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
				b.Fatal(err)
			}
		}
		b.Run(fmt.Sprintf("pending=%d/none_due", n), func(b *testing.B) {
			for b.Loop() {
				if jobs, err := db.ClaimDue(ctx, "test", now, time.Minute, 200); err != nil || len(jobs) != 0 {
					b.Fatalf("ClaimDue = %d, %v", len(jobs), err)
				}
			}
		})
		b.Run(fmt.Sprintf("pending=%d/one_due", n), func(b *testing.B) {
			i := 0
			for b.Loop() {
				i++
				b.StopTimer()
				id, _, err := db.AddJob(ctx, coach.Job{Kind: "reminder", Key: fmt.Sprintf("due%d", i), Due: now}, now)
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				jobs, err := db.ClaimDue(ctx, "test", now, time.Minute, 200)
				if err != nil || len(jobs) != 1 || jobs[0].ID != id {
					b.Fatalf("ClaimDue = %v, %v", jobs, err)
				}
			}
		})
		db.Close()
	}
}
