package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
)

// stmts caches prepared statements by their text. Preparing is a quarter
// of the cost of a small query with the pure-Go driver, and the hot path of
// an interaction (claim, profile, log) runs the same few statements.
type stmts struct {
	mu sync.Mutex
	m  map[string]*sql.Stmt
}

// lookup returns the statement if it was prepared already.
func (c *stmts) lookup(q string) (*sql.Stmt, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s, ok := c.m[q]
	return s, ok
}

// get returns the statement, prepared on db the first time. It prepares
// without holding the lock: preparing waits for one of db's connections,
// and a transaction holding the last of them may be about to look up a
// statement (exec in a transaction on the write pool of one), which would
// wait for the lock for ever. Two callers may then prepare the same text;
// the second keeps the first's.
func (c *stmts) get(ctx context.Context, db *sql.DB, q string) (*sql.Stmt, error) {
	if s, ok := c.lookup(q); ok {
		return s, nil
	}
	s, err := db.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if had, ok := c.m[q]; ok {
		s.Close()
		return had, nil
	}
	if c.m == nil {
		c.m = map[string]*sql.Stmt{}
	}
	c.m[q] = s
	return s, nil
}

func (c *stmts) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, s := range c.m {
		s.Close()
	}
	c.m = nil
}

// exec runs a cached write statement on the write pool, in tx (which must
// come from the write pool) when tx is not nil. Inside a transaction it
// cannot prepare (the pool's one connection is the transaction's), so it
// uses what Open prepared (writeStmts) and runs anything else unprepared.
func (db *DB) exec(ctx context.Context, tx *sql.Tx, q string, args ...any) (sql.Result, error) {
	if tx != nil {
		if s, ok := db.wstmts.lookup(q); ok {
			return tx.StmtContext(ctx, s).ExecContext(ctx, args...)
		}
		return tx.ExecContext(ctx, q, args...)
	}
	s, err := db.wstmts.get(ctx, db.w, q)
	if err != nil {
		return nil, err
	}
	return s.ExecContext(db.quick(ctx), args...)
}

// wstmtRow runs a cached write statement that returns a row (RETURNING)
// on the write pool, in tx when tx is not nil, as exec does.
func (db *DB) wstmtRow(ctx context.Context, tx *sql.Tx, q string, args ...any) *sql.Row {
	if tx != nil {
		if s, ok := db.wstmts.lookup(q); ok {
			return tx.StmtContext(ctx, s).QueryRowContext(ctx, args...)
		}
		return tx.QueryRowContext(ctx, q, args...)
	}
	s, err := db.wstmts.get(ctx, db.w, q)
	if err != nil {
		// Let the caller see the error from Scan.
		return db.w.QueryRowContext(ctx, q, args...)
	}
	return s.QueryRowContext(db.quick(ctx), args...)
}

// quick returns ctx without its cancellation, for the cached statements
// outside transactions, which take microseconds: for a cancellable context
// the driver starts a goroutine per statement to interrupt it, which costs
// about as much as such a statement. A context already done is returned as
// it is, so the call fails at once.
func (db *DB) quick(ctx context.Context) context.Context {
	if db.pg {
		// pgx needs the context to give up on a server that stopped
		// answering; a network round trip dwarfs the watch it costs.
		return ctx
	}
	if ctx.Done() == nil || ctx.Err() != nil {
		return ctx
	}
	return context.WithoutCancel(ctx)
}

// writeStmts are prepared on the write pool at Open: the hot writes that
// run inside transactions.
func writeStmts() []string {
	return []string{ensureUserSQL, logSessionSQL, logSessionClaimingLiteSQL, claimInteractionSQL}
}

// queryRow runs a cached single-row read, in tx (from the read pool) when
// tx is not nil; in a transaction, as query does.
func (db *DB) queryRow(ctx context.Context, tx *sql.Tx, q string, args ...any) *sql.Row {
	if tx != nil {
		if s, ok := db.stmts.lookup(q); ok {
			return tx.StmtContext(ctx, s).QueryRowContext(ctx, args...)
		}
		return tx.QueryRowContext(ctx, q, args...)
	}
	s, err := db.stmts.get(ctx, db.sql, q)
	if err != nil {
		// Let the caller see the error from Scan, as with QueryRowContext.
		return db.sql.QueryRowContext(ctx, q, args...)
	}
	return s.QueryRowContext(db.quick(ctx), args...)
}

// hotRow runs a cached single-row read for /hang log (the profile with
// the hang facts, or the facts alone). On SQLite it runs on the write connection: SQLite
// empties a connection's page cache whenever the WAL has changed since
// that connection last read, so while hangs are being logged every read
// connection starts cold and reads its pages again, where the writer's
// cache keeps what it wrote itself. Such a read takes microseconds, so a
// write waits little behind it; the read may wait for a write transaction,
// as the log's own write right after it would anyway. Other reads stay on
// the read pool, which never waits for a writer. On PostgreSQL it is
// queryRow.
func (db *DB) hotRow(ctx context.Context, q string, args ...any) *sql.Row {
	if db.pg {
		return db.queryRow(ctx, nil, q, args...)
	}
	return db.wstmtRow(ctx, nil, q, args...)
}

// query runs a cached read, in tx (from the read pool) when tx is not nil.
// Inside a transaction it cannot prepare (the pool's other connections may
// all be busy, and one may be waiting for this transaction's), so it uses
// a statement prepared already (see prepareReads) and runs anything else
// unprepared.
func (db *DB) query(ctx context.Context, tx *sql.Tx, q string, args ...any) (*sql.Rows, error) {
	if tx != nil {
		if s, ok := db.stmts.lookup(q); ok {
			return tx.StmtContext(ctx, s).QueryContext(ctx, args...)
		}
		return tx.QueryContext(ctx, q, args...)
	}
	s, err := db.stmts.get(ctx, db.sql, q)
	if err != nil {
		return nil, err
	}
	return s.QueryContext(db.quick(ctx), args...)
}

// prepareReads prepares reads on the read pool before a transaction runs
// them. One that fails to prepare runs unprepared in the transaction, which
// reports its error.
func (db *DB) prepareReads(ctx context.Context, qs ...string) {
	for _, q := range qs {
		db.stmts.get(ctx, db.sql, q)
	}
}

// scanAll reads every row of a query that returned rows and err, each
// with scan, and closes the rows; errors say what was being read.
func scanAll[T any](rows *sql.Rows, err error, what string, scan func(*sql.Rows) (T, error)) ([]T, error) {
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return out, nil
}
