package store

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"sort"
	"strings"
)

// rowQuerier is what *sql.DB, *sql.Conn and *sql.Tx offer for one row.
type rowQuerier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// migrationDB is where migrations run: a *sql.DB or a *sql.Conn.
type migrationDB interface {
	rowQuerier
	BeginTx(ctx context.Context, opts *sql.TxOptions) (*sql.Tx, error)
}

// versioning is how a backend keeps the number of the last migration it
// applied: SQLite in user_version, PostgreSQL in schema_migrations.
type versioning struct {
	dir     string // the migrations' directory in the embedded files
	current func(ctx context.Context, q rowQuerier) (int, error)
	record  func(ctx context.Context, tx *sql.Tx, version int, name string) error
}

// applyMigrations applies, in order and each in its own transaction, the
// migrations of v.dir (numbered 0001, 0002, … without gaps) above the
// database's version. Each transaction reads the version again first:
// another process opening the same database may have applied it while
// this one waited for the lock (SQLite's write lock; on PostgreSQL the
// caller holds an advisory lock, so it never has).
func applyMigrations(ctx context.Context, db migrationDB, migrations fs.FS, v versioning) error {
	names, err := fs.Glob(migrations, v.dir+"/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	current, err := v.current(ctx, db)
	if err != nil {
		return err
	}
	for i, name := range names {
		version := i + 1
		file := strings.TrimPrefix(name, v.dir+"/")
		var n int
		if _, err := fmt.Sscanf(file, "%04d_", &n); err != nil || n != version {
			return fmt.Errorf("migration %s: want number %04d", name, version)
		}
		if version <= current {
			continue
		}
		body, err := fs.ReadFile(migrations, name)
		if err != nil {
			return err
		}
		if err := applyMigration(ctx, db, v, version, file, string(body)); err != nil {
			return fmt.Errorf("migration %s: %w", name, err)
		}
	}
	return nil
}

func applyMigration(ctx context.Context, db migrationDB, v versioning, version int, file, body string) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	current, err := v.current(ctx, tx)
	if err != nil || version <= current {
		return err
	}
	if _, err := tx.ExecContext(ctx, body); err != nil {
		return err
	}
	if err := v.record(ctx, tx, version, file); err != nil {
		return err
	}
	return tx.Commit()
}
