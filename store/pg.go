package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"fmt"
	"hash/fnv"
	"io/fs"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// PostgreSQL serves the same store code as SQLite: the store's SQL is
// written for SQLite (? and ?N placeholders, integers for booleans) and a
// thin database/sql driver around pgx's (pgConn) translates it in one
// place, so there is one copy of every query. The few statements that
// differ (claiming due jobs, lists passed as JSON, the schema's version,
// PRAGMAs) are chosen by DB.pg.
//
// Single writer: SQLite runs every write transaction alone (BEGIN
// IMMEDIATE), and the store relies on it: check-then-insert under a limit,
// counts, "the first one wins". On PostgreSQL each transaction begun on the
// write pool first takes a transaction-level advisory lock
// (pg_advisory_xact_lock) keyed by the schema, so write transactions of all
// processes on one database run one at a time, as SQLite's do. Statements
// outside a transaction do not take it: they are single statements whose
// effect does not depend on a prior read (the interaction claim, inserts
// with ON CONFLICT, ClaimDue with FOR UPDATE SKIP LOCKED, RenewLeases,
// FinishJob), and PostgreSQL runs those correctly side by side.
//
// Pools: PostgreSQL allows 100 connections by default (3 kept for
// superusers). A process opens at most pgWriteConns+pgReadConns = 10, so
// up to 9 processes fit with room for psql and pg_dump; raise
// max_connections, or put PgBouncer (session mode, for the advisory
// locks) in front, for more.
const (
	pgWriteConns = 5
	pgReadConns  = 5
)

// Advisory lock classes (the first key of the two-key form); the second
// key is a hash of the schema, so deployments (and tests) in different
// schemas of one database do not wait for each other.
const (
	pgWriteLockClass   = 0x48540001 // a write transaction
	pgMigrateLockClass = 0x48540002 // migrations at start-up
)

//go:embed migrations_pg/*.sql
var migrationFilesPG embed.FS

// IsPostgres reports whether HANGTIME_DB names a PostgreSQL database (a
// postgres:// or postgresql:// URL) rather than a SQLite file.
func IsPostgres(dsnOrPath string) bool {
	return strings.HasPrefix(dsnOrPath, "postgres://") || strings.HasPrefix(dsnOrPath, "postgresql://")
}

// openPG opens the PostgreSQL database named by the URL dsn (query
// parameters such as sslmode and search_path are honoured) and brings its
// schema up to date. Errors name the server, never the password.
func openPG(ctx context.Context, dsn string) (*DB, error) {
	db, err := openPGWith(ctx, dsn, migrationFilesPG)
	if err != nil {
		return nil, err
	}
	// Prove at once that the server accepts writes (a standby, a user
	// without write rights), as SQLite's Open does for its file.
	if _, err := db.w.ExecContext(ctx, `UPDATE heartbeat SET beats = beats + 1`); err != nil {
		db.Close()
		return nil, describePG(db.where, err)
	}
	return db, nil
}

func openPGWith(ctx context.Context, dsn string, migrations fs.FS) (*DB, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		// pgx's message redacts the password.
		return nil, fmt.Errorf("HANGTIME_DB is not a usable PostgreSQL URL: %w", err)
	}
	where := fmt.Sprintf("PostgreSQL %s:%d/%s", cfg.Host, cfg.Port, cfg.Database)
	// Statements are prepared and cached by pgx per connection.
	base := stdlib.GetConnector(*cfg)
	w := sql.OpenDB(&pgConnector{inner: base})
	w.SetMaxOpenConns(pgWriteConns)
	w.SetMaxIdleConns(pgWriteConns)
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, describePG(where, err)
	}
	var schema sql.NullString
	if err := w.QueryRowContext(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
		w.Close()
		return nil, describePG(where, err)
	}
	if !schema.Valid {
		w.Close()
		return nil, fmt.Errorf("database %s: no schema of the search_path exists (create it, or fix search_path in HANGTIME_DB)", where)
	}
	key := schemaKey(schema.String)
	// The write pool's connections lock in BeginTx from now on.
	w.Close()
	w = sql.OpenDB(&pgConnector{inner: base, lock: true, key: key})
	w.SetMaxOpenConns(pgWriteConns)
	w.SetMaxIdleConns(pgWriteConns)
	if err := migratePG(ctx, w, migrations, key); err != nil {
		w.Close()
		return nil, fmt.Errorf("migrate %s: %w", where, describePG(where, err))
	}
	r := sql.OpenDB(&pgConnector{inner: base})
	n := min(pgReadConns, readConns)
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	d := &DB{sql: r, w: w, stop: make(chan struct{}), done: make(chan struct{}), pg: true, where: where}
	close(d.done) // no checkpointer: PostgreSQL checkpoints itself
	return d, nil
}

func schemaKey(schema string) int32 {
	h := fnv.New32a()
	h.Write([]byte(schema))
	return int32(h.Sum32())
}

// migratePG applies, in order and each in its own transaction, the
// migrations above the version recorded in schema_migrations, holding a
// session advisory lock so that processes starting together migrate once.
func migratePG(ctx context.Context, db *sql.DB, migrations fs.FS, key int32) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(?, ?)`, pgMigrateLockClass, key); err != nil {
		return err
	}
	defer conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock(?, ?)`, pgMigrateLockClass, key)
	if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_ms BIGINT NOT NULL)`); err != nil {
		return err
	}
	return applyMigrations(ctx, conn, migrations, versioning{
		dir: "migrations_pg",
		current: func(ctx context.Context, q rowQuerier) (int, error) {
			var v int
			err := q.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&v)
			return v, err
		},
		record: func(ctx context.Context, tx *sql.Tx, version int, file string) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations(version, name, applied_ms) VALUES(?, ?, ?)`,
				version, file, time.Now().UnixMilli())
			return err
		},
	})
}

// pgConnector makes pgConns; with lock, their transactions take the write
// lock.
type pgConnector struct {
	inner driver.Connector
	lock  bool
	key   int32
}

func (c *pgConnector) Connect(ctx context.Context) (driver.Conn, error) {
	dc, err := c.inner.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return &pgConn{Conn: dc.(*stdlib.Conn), c: c}, nil
}

func (c *pgConnector) Driver() driver.Driver { return c.inner.Driver() }

// pgConn is pgx's database/sql connection with the store's SQLite-flavoured
// SQL translated: placeholders rebound to $N, booleans passed as integers
// (the schema keeps SQLite's 0/1 columns).
type pgConn struct {
	*stdlib.Conn
	c *pgConnector
}

func (p *pgConn) Prepare(q string) (driver.Stmt, error) {
	return p.Conn.PrepareContext(context.Background(), rebind(q))
}

func (p *pgConn) PrepareContext(ctx context.Context, q string) (driver.Stmt, error) {
	return p.Conn.PrepareContext(ctx, rebind(q))
}

func (p *pgConn) ExecContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Result, error) {
	return p.Conn.ExecContext(ctx, rebind(q), args)
}

func (p *pgConn) QueryContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Rows, error) {
	return p.Conn.QueryContext(ctx, rebind(q), args)
}

func (p *pgConn) Begin() (driver.Tx, error) {
	return p.BeginTx(context.Background(), driver.TxOptions{})
}

func (p *pgConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	tx, err := p.Conn.BeginTx(ctx, opts)
	if err != nil || !p.c.lock || opts.ReadOnly {
		return tx, err
	}
	if _, err := p.Conn.Conn().Exec(ctx, `SELECT pg_advisory_xact_lock($1, $2)`, int32(pgWriteLockClass), p.c.key); err != nil {
		tx.Rollback()
		return nil, err
	}
	return tx, nil
}

// CheckNamedValue converts arguments as database/sql does by default, then
// booleans to 0 and 1.
func (p *pgConn) CheckNamedValue(nv *driver.NamedValue) error {
	v, err := driver.DefaultParameterConverter.ConvertValue(nv.Value)
	if err != nil {
		return err
	}
	if b, ok := v.(bool); ok {
		v = int64(0)
		if b {
			v = int64(1)
		}
	}
	nv.Value = v
	return nil
}

var rebound sync.Map // SQLite-flavoured query text -> PostgreSQL's

// rebind rewrites SQLite's placeholders, ? (the next number after the
// largest so far) and ?N, as PostgreSQL's $N, leaving quoted text and
// comments alone. The result is cached per query text.
func rebind(q string) string {
	if v, ok := rebound.Load(q); ok {
		return v.(string)
	}
	if !strings.Contains(q, "?") {
		rebound.Store(q, q)
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 8)
	n := 0
	for i := 0; i < len(q); i++ {
		switch c := q[i]; {
		case c == '\'' || c == '"':
			j := strings.IndexByte(q[i+1:], c)
			if j < 0 {
				b.WriteString(q[i:])
				i = len(q)
				continue
			}
			b.WriteString(q[i : i+j+2])
			i += j + 1
		case c == '-' && i+1 < len(q) && q[i+1] == '-':
			j := strings.IndexByte(q[i:], '\n')
			if j < 0 {
				b.WriteString(q[i:])
				i = len(q)
				continue
			}
			b.WriteString(q[i : i+j+1])
			i += j
		case c == '?':
			j := i + 1
			for j < len(q) && q[j] >= '0' && q[j] <= '9' {
				j++
			}
			num := n + 1
			if j > i+1 {
				num, _ = strconv.Atoi(q[i+1 : j])
			}
			n = max(n, num)
			b.WriteString("$" + strconv.Itoa(num))
			i = j - 1
		default:
			b.WriteByte(c)
		}
	}
	out := b.String()
	rebound.Store(q, out)
	return out
}
