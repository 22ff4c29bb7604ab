// Package store keeps Hangtime's data in SQLite through database/sql and the
// pure-Go modernc.org/sqlite driver. The schema comes from embedded, versioned
// migrations applied at Open; methods speak coach types.
package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"strings"
	"sync"
	"time"

	"modernc.org/sqlite"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// DB is Hangtime's database. Writes go through w, a pool of one
// connection, so concurrent handlers queue for SQLite's single write lock
// in Go (a handoff of microseconds) instead of in SQLite's busy handler,
// which sleeps for milliseconds; reads use sql, a pool of many, and never
// wait for writes (WAL).
type DB struct {
	sql    *sql.DB
	w      *sql.DB
	stop   chan struct{} // closed by Close to end the checkpointer
	done   chan struct{} // closed when the checkpointer has ended
	once   sync.Once
	stmts  stmts  // prepared on sql
	wstmts stmts  // prepared on w
	pg     bool   // PostgreSQL rather than SQLite; see pg.go
	where  string // the database in messages: the file, or the server
	// hot is /hang log's cache (hotcache.go), nil on PostgreSQL or where
	// no lock tells whether another process has the file open; unlock
	// gives up that lock.
	hot    *hotCache
	unlock func()
	logs   logBatch // /hang log's writes, committed together (batch.go)
}

// readConns is how many read connections the pool holds, kept open
// between reads; each costs its page cache (at most about 2 MB) and its
// prepared statements.
var readConns = 8

// checkpointEvery is how often the WAL is copied back into the database
// file. SQLite would otherwise do it inside whichever commit crosses 1,000
// pages, making that interaction wait for the flush (the tail of the load
// benchmark's latency); a background PASSIVE checkpoint blocks nobody.
const checkpointEvery = time.Second

// Open opens the database named by dsnOrPath and brings its schema up to
// date: a postgres:// or postgresql:// URL opens PostgreSQL (see pg.go);
// anything else is the path of a SQLite file, created if needed and opened
// with WAL, a busy timeout and foreign keys.
func Open(ctx context.Context, dsnOrPath string) (*DB, error) {
	if IsPostgres(dsnOrPath) {
		return openPG(ctx, dsnOrPath)
	}
	path := dsnOrPath
	db, err := openWith(ctx, path, migrationFiles)
	if err != nil {
		return nil, err
	}
	// A file that cannot be written opens and migrates (when up to date)
	// without a write; find out now, and say which file.
	if _, err := db.w.ExecContext(ctx, `UPDATE heartbeat SET beats = beats + 1`); err != nil {
		db.Close()
		return nil, describeFault(path, err)
	}
	return db, nil
}

func openWith(ctx context.Context, path string, migrations fs.FS) (*DB, error) {
	q := url.Values{}
	for _, p := range []string{"busy_timeout(10000)", "journal_mode(WAL)", "foreign_keys(1)", "synchronous(NORMAL)", "wal_autocheckpoint(0)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	dsn := "file:" + path + "?" + q.Encode()
	// Every connection reports its writes to the cache, where there is one.
	var hot *hotCache
	sole, unlock := soleLock(path)
	drv := &sqlite.Driver{}
	if sole != nil {
		hot = newHotCache(sole)
		drv.RegisterConnectionHook(hot.hook)
	}
	open := func() (*sql.DB, error) {
		db := sql.OpenDB(connector{drv, dsn})
		// A connection's first statements switch a new file to WAL. While
		// another process does the same, SQLite can refuse at once
		// (SQLITE_BUSY) instead of waiting out busy_timeout: try again,
		// for as long as that timeout.
		err := db.PingContext(ctx)
		for end := time.Now().Add(10 * time.Second); Fault(err) == FaultBusy && time.Now().Before(end) && ctx.Err() == nil; {
			time.Sleep(10 * time.Millisecond)
			err = db.PingContext(ctx)
		}
		if err != nil {
			db.Close()
			return nil, fmt.Errorf("open %w", describeFault(path, err))
		}
		return db, nil
	}
	w, err := open()
	if err != nil {
		unlock()
		return nil, err
	}
	fail := func(err error) (*DB, error) {
		w.Close()
		unlock()
		return nil, err
	}
	w.SetMaxOpenConns(1)
	// A damaged file opens without complaint and fails later, one query at
	// a time, while writes go on; check it before anything runs on it.
	if err := quickCheck(ctx, w, path); err != nil {
		return fail(err)
	}
	if err := migrate(ctx, w, migrations); err != nil {
		return fail(fmt.Errorf("migrate %s: %w", path, describeFault(path, err)))
	}
	if hot != nil && hot.columns(ctx, w) != nil {
		hot = nil // a schema without the columns (an old migration in a test): no cache
	}
	r, err := open()
	if err != nil {
		return fail(err)
	}
	// A fixed set of read connections: with database/sql's defaults (no
	// limit, 2 kept idle) a burst of concurrent handlers opened connections
	// and closed them again, each open applying the pragmas, preparing its
	// statements and filling its page cache anew. Reads are CPU-bound, so
	// more connections would not make a burst finish sooner. No read holds
	// a connection while it waits for another (store tests run under a
	// pool of one to prove it).
	r.SetMaxOpenConns(readConns)
	r.SetMaxIdleConns(readConns)
	d := &DB{sql: r, w: w, stop: make(chan struct{}), done: make(chan struct{}), where: path, hot: hot, unlock: unlock}
	for _, q := range writeStmts() {
		if _, err := d.wstmts.get(ctx, w, q); err != nil {
			d.stmts.close()
			r.Close()
			return fail(fmt.Errorf("prepare %s: %w", path, err))
		}
	}
	go d.checkpoint()
	return d, nil
}

func (db *DB) checkpoint() {
	defer close(db.done)
	t := time.NewTicker(checkpointEvery)
	defer t.Stop()
	for {
		select {
		case <-db.stop:
			return
		case <-t.C:
			// A failure (busy) is retried on the next tick; the WAL only grows.
			db.sql.Exec(`PRAGMA wal_checkpoint(PASSIVE)`)
		}
	}
}

// Close closes the database; the last connection's close checkpoints the
// WAL into the file and removes it.
func (db *DB) Close() error {
	db.once.Do(func() {
		close(db.stop)
		<-db.done
		db.stmts.close()
		db.wstmts.close()
	})
	err := errors.Join(db.sql.Close(), db.w.Close())
	if db.unlock != nil {
		db.unlock()
	}
	return err
}

// Check proves the database answers and accepts a committed write; a
// failure says what kind of fault (see Fault) it is.
func (db *DB) Check(ctx context.Context, now time.Time) error {
	if _, err := db.w.ExecContext(ctx, `UPDATE heartbeat SET beats = beats + 1, at_ms = ?`, ms(now)); err != nil {
		return fmt.Errorf("check database: %w", err)
	}
	return nil
}

// quickCheck runs SQLite's quick_check on the file at path and refuses a
// damaged one with advice on restoring it.
func quickCheck(ctx context.Context, db *sql.DB, path string) error {
	rows, err := db.QueryContext(ctx, `PRAGMA quick_check`)
	if err != nil {
		return describeFault(path, err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return describeFault(path, err)
		}
		if line != "ok" && len(problems) < 5 {
			problems = append(problems, line)
		}
	}
	if err := rows.Err(); err != nil {
		return describeFault(path, err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("database %s is damaged (quick_check: %s)\n%s", path, strings.Join(problems, "; "), restoreAdvice(path))
	}
	return nil
}

// IntegrityCheck runs SQLite's integrity check and returns its verdict.
// PostgreSQL has no such check of a whole database (it checksums pages as
// it reads them): there it proves that every table of the schema reads.
func (db *DB) IntegrityCheck(ctx context.Context) (string, error) {
	var res string
	if db.pg {
		if err := db.sql.QueryRowContext(ctx, `SELECT CASE WHEN count(*) = 1 THEN 'ok' ELSE 'heartbeat row missing' END FROM heartbeat`).Scan(&res); err != nil {
			return "", fmt.Errorf("integrity check: %w", err)
		}
		return res, nil
	}
	if err := db.sql.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&res); err != nil {
		return "", fmt.Errorf("integrity check: %w", err)
	}
	return res, nil
}

// SchemaVersion reports the number of migrations applied.
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	if db.pg {
		err := db.sql.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&v)
		return v, err
	}
	err := db.sql.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&v)
	return v, err
}

// migrate brings a SQLite database's schema up to date; its version is
// PRAGMA user_version.
func migrate(ctx context.Context, db *sql.DB, migrations fs.FS) error {
	return applyMigrations(ctx, db, migrations, versioning{
		dir: "migrations",
		current: func(ctx context.Context, q rowQuerier) (int, error) {
			var v int
			err := q.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&v)
			return v, err
		},
		record: func(ctx context.Context, tx *sql.Tx, version int, _ string) error {
			_, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA user_version = %d`, version))
			return err
		},
	})
}

func ms(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

func fromMS(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.UnixMilli(v).UTC()
}

// connector opens connections of the file through drv, whose hooks
// (hotCache.hook) each connection gets.
type connector struct {
	drv *sqlite.Driver
	dsn string
}

func (c connector) Connect(context.Context) (driver.Conn, error) { return c.drv.Open(c.dsn) }
func (c connector) Driver() driver.Driver                        { return c.drv }
