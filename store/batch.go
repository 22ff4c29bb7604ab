package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"sync"
	"time"
)

// logBatch commits the one-statement writes of /hang logs that arrive
// together in one SQLite transaction (group commit). A commit, not the
// insert, is most of a log's write: it appends every page the insert
// dirtied (the table's last leaf and two index leaves) to the WAL, two
// system calls a page, and concurrent logs dirty mostly the same pages.
// A log arriving alone is written at once, on its caller's goroutine, as
// before; logs arriving while a commit runs wait for it and go in the next
// one together. That alone batches little: a commit takes tens of
// microseconds, so under a steady stream few logs arrive during one. So,
// as PostgreSQL's commit_delay does when other transactions are open, the
// writer first waits commitDelay for company, but only while logs have
// been arriving less than busyGap apart (on average over the last eight or
// so) and some of them while another batch was being written: at a few
// logs a second none waits; nor does a caller logging one hang after
// another, however fast, since nobody would join its wait (a sleep that
// short lasts a millisecond or more when the process has nothing else to
// run); and under a stream the wait costs no throughput (the other logs'
// handlers use the CPU meanwhile) and saves most of each commit. Each
// caller returns only after the transaction holding its row committed, so
// nothing is acknowledged before it is on disk; a failed commit fails
// every log in it.
//
// The first caller to find no batch running leads: it writes what is
// waiting, then hands the lead to the first caller that arrived meanwhile
// (who writes everything waiting by then), so no caller writes for others
// for longer than one batch.
type logBatch struct {
	mu      sync.Mutex
	waiting []*logWrite
	leading bool
	last    time.Time     // the latest arrival
	gap     time.Duration // the average time between arrivals, lately
	crowd   int           // how many of the latest arrivals found a batch under way, in 256ths
	largest int           // the most writes one batch held, for tests
	waits   int           // how many batches waited for company, for tests
}

// commitDelay is how long a batch waits for company when logs arrive
// busyGap or less apart and at least crowded of them (in 256ths) found a
// batch under way. BENCHMARKS.md has what it saves.
const (
	commitDelay = 300 * time.Microsecond
	busyGap     = time.Millisecond
	crowded     = 256 / 8
)

// arrived notes an arrival, b.mu held; during says whether a batch was
// under way as it came.
func (b *logBatch) arrived(now time.Time, during bool) {
	if b.last.IsZero() {
		b.gap = time.Second
	} else {
		b.gap += (now.Sub(b.last) - b.gap) / 8
	}
	b.last = now
	x := 0
	if during {
		x = 256
	}
	b.crowd += (x - b.crowd) / 8
}

// busy reports, b.mu held, whether a batch should wait for company: logs
// come busyGap or less apart, and concurrently.
func (b *logBatch) busy() bool {
	return b.gap <= busyGap && b.crowd >= crowded
}

// logWrite is one caller's statement and, once done, its result.
type logWrite struct {
	ctx  context.Context
	args []any
	id   int64
	err  error
	// wake says, once: true to lead the next batch, false when written.
	wake chan bool
}

// logClaiming runs logSessionClaimingSQL with args, batched with other
// callers' on SQLite, and returns the new session's id (sql.ErrNoRows
// when nothing was written, as the statement alone would).
func (db *DB) logClaiming(ctx context.Context, args []any) (int64, error) {
	if db.pg {
		return db.logOne(ctx, nil, args)
	}
	w := &logWrite{ctx: ctx, args: args, wake: make(chan bool, 1)}
	b := &db.logs
	b.mu.Lock()
	b.waiting = append(b.waiting, w)
	b.arrived(time.Now(), b.leading)
	if b.leading {
		b.mu.Unlock()
		// Not cancellable: a batch holding this write may be committing.
		if lead := <-w.wake; !lead {
			return w.id, w.err
		}
		b.mu.Lock()
	}
	b.leading = true
	if b.busy() {
		b.waits++
		b.mu.Unlock()
		time.Sleep(commitDelay)
		b.mu.Lock()
	}
	batch := b.waiting
	b.waiting = nil
	b.largest = max(b.largest, len(batch))
	b.mu.Unlock()

	db.writeLogs(batch)

	b.mu.Lock()
	if len(b.waiting) > 0 {
		b.waiting[0].wake <- true
	} else {
		b.leading = false
	}
	b.mu.Unlock()
	for _, o := range batch {
		if o != w {
			o.wake <- false
		}
	}
	return w.id, w.err
}

// writeLogs writes a batch: a lone write as one statement, several in one
// transaction. A statement failing for another reason than writing nothing
// leaves the transaction in doubt (an I/O error may have ended it), so the
// batch is given up and each write made alone.
func (db *DB) writeLogs(batch []*logWrite) {
	one := func(w *logWrite) {
		if w.err = w.ctx.Err(); w.err == nil {
			w.id, w.err = db.logOne(w.ctx, nil, w.args)
		}
	}
	if len(batch) == 1 {
		one(batch[0])
		return
	}
	ctx := context.WithoutCancel(batch[0].ctx) // the batch is not any one caller's
	fail := func(err error) {                  // for every log the batch would have written
		for _, w := range batch {
			if w.err == nil {
				w.id, w.err = 0, err
			}
		}
	}
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		fail(err)
		return
	}
	defer tx.Rollback()
	for _, w := range batch {
		if w.err = w.ctx.Err(); w.err != nil {
			continue // given up before it was written: not written
		}
		w.id, w.err = db.logOne(ctx, tx, w.args)
		if w.err != nil && !errors.Is(w.err, sql.ErrNoRows) {
			tx.Rollback()
			for _, w := range batch {
				w.id, w.err = 0, nil
				one(w)
			}
			return
		}
	}
	if err := tx.Commit(); err != nil {
		fail(err)
	}
}

// logOne writes one log, in tx when it is not nil, and returns the new
// session's id, or sql.ErrNoRows when it wrote nothing (claimed before, or
// no user row).
func (db *DB) logOne(ctx context.Context, tx *sql.Tx, args []any) (int64, error) {
	if db.pg {
		var id int64
		err := db.wstmtRow(ctx, tx, logSessionClaimingSQL, args...).Scan(&id)
		return id, err
	}
	res, err := db.exec(ctx, tx, logSessionClaimingLiteSQL, args...)
	if err != nil {
		return 0, err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return 0, cmp.Or(err, sql.ErrNoRows)
	}
	return res.LastInsertId()
}
