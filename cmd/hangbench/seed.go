package main

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/hangtime/hangtime/store"
)

// benchUserID is the id of the i-th user (from 0) the load comes from; the
// seeded users use the same ids, so the senders are among them.
func benchUserID(i int) string { return fmt.Sprintf("3%017d", i+1) }

// seedBatch is how many rows one seeding transaction inserts.
const seedBatch = 50_000

// seed fills the database at path, created with hangtime's own schema,
// with users (their safety card acknowledged) and hangs: hang j belongs to
// user j mod users and started somewhere in the year before now, each with
// its own interaction id, as /hang log would have stored it.
func seed(ctx context.Context, path string, users, hangs int, now time.Time) error {
	db, err := store.Open(ctx, path)
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	if err := db.Close(); err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	// Seeding is not what is measured: no fsyncs, no checks.
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)&_pragma=synchronous(OFF)&_pragma=foreign_keys(0)")
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	defer raw.Close()
	raw.SetMaxOpenConns(1)
	nowMS := now.UnixMilli()
	err = inBatches(ctx, raw, users, `INSERT INTO users(user_id, device, timezone, level, safety_ack_ms, created_ms) VALUES(?, 'table', 'Europe/Berlin', 'beginner', ?, ?)`,
		func(i int) []any { return []any{benchUserID(i), nowMS - 400*day, nowMS - 400*day} })
	if err != nil {
		return fmt.Errorf("seed users: %w", err)
	}
	const year = 365 * day
	err = inBatches(ctx, raw, hangs, `INSERT INTO sessions(user_id, interaction_id, started_ms, duration_ms, device, angle, note, created_ms) VALUES(?, ?, ?, ?, 'table', 30, '', ?)`,
		func(j int) []any {
			// A fixed scatter over the year (a multiplicative hash), so
			// runs seed the same data.
			start := nowMS - year + int64(uint64(j)*2654435761%uint64(year))
			return []any{benchUserID(j % users), fmt.Sprintf("seed-%d", j), start, int64(30_000 + j%150_000), start}
		})
	if err != nil {
		return fmt.Errorf("seed hangs: %w", err)
	}
	if _, err := raw.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	return nil
}

const day = int64(24 * time.Hour / time.Millisecond)

// inBatches runs the insert q for rows 0..n-1, seedBatch rows a
// transaction.
func inBatches(ctx context.Context, db *sql.DB, n int, q string, row func(int) []any) error {
	for from := 0; from < n; from += seedBatch {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		st, err := tx.PrepareContext(ctx, q)
		if err != nil {
			tx.Rollback()
			return err
		}
		for i := from; i < min(n, from+seedBatch); i++ {
			if _, err := st.ExecContext(ctx, row(i)...); err != nil {
				tx.Rollback()
				return err
			}
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}
