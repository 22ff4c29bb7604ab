package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
)

// TableCopy is how many rows CopyTo copied into one table.
type TableCopy struct {
	Table string
	Rows  int64
}

// copySkip are tables CopyTo leaves alone: rows the migrations make and
// the running bot's own bookkeeping, not data.
var copySkip = []string{"heartbeat", "send_slots"}

// copyBatch is how many rows go in one INSERT.
const copyBatch = 500

// CopyTo copies every table of db, a SQLite database, into dst, a
// PostgreSQL database already migrated (Open does it) and holding no data,
// in one transaction: on any error nothing is written. Rows keep their
// ids, and dst's id sequences continue after them. It refuses a target
// that holds data, naming the table.
func (db *DB) CopyTo(ctx context.Context, dst *DB) ([]TableCopy, error) {
	if db.pg || !dst.pg {
		return nil, fmt.Errorf("copy database: from SQLite to PostgreSQL only")
	}
	tables, err := sqliteTables(ctx, db.sql)
	if err != nil {
		return nil, fmt.Errorf("copy database: %w", err)
	}
	for _, t := range tables {
		var n int64
		if err := dst.sql.QueryRowContext(ctx, `SELECT count(*) FROM `+quoteIdent(t)).Scan(&n); err != nil {
			return nil, fmt.Errorf("copy database: the target lacks table %s (is it Hangtime's schema?): %w", t, err)
		}
		if n > 0 {
			return nil, fmt.Errorf("copy database: the target already holds data (%d rows in %s); migrate-to copies into an empty database only", n, t)
		}
	}
	tx, err := dst.w.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("copy database: %w", err)
	}
	defer tx.Rollback()
	var out []TableCopy
	for _, t := range tables {
		n, err := copyTable(ctx, db.sql, tx, t)
		if err != nil {
			return nil, fmt.Errorf("copy database: table %s: %w", t, err)
		}
		out = append(out, TableCopy{Table: t, Rows: n})
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("copy database: %w", err)
	}
	return out, nil
}

// sqliteTables lists the data tables, each after the tables its foreign
// keys point at.
func sqliteTables(ctx context.Context, src *sql.DB) ([]string, error) {
	rows, err := src.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	if err != nil {
		return nil, err
	}
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return nil, err
		}
		if !slices.Contains(copySkip, n) {
			names = append(names, n)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	deps := map[string][]string{}
	for _, n := range names {
		rows, err := src.QueryContext(ctx, `SELECT "table" FROM pragma_foreign_key_list(?)`, n)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var d string
			if err := rows.Scan(&d); err != nil {
				rows.Close()
				return nil, err
			}
			if d != n {
				deps[n] = append(deps[n], d)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	var order []string
	done := map[string]bool{}
	var visit func(n string, depth int) error
	visit = func(n string, depth int) error {
		if done[n] {
			return nil
		}
		if depth > len(names) {
			return fmt.Errorf("foreign keys of %s form a cycle", n)
		}
		for _, d := range deps[n] {
			if err := visit(d, depth+1); err != nil {
				return err
			}
		}
		if !done[n] {
			done[n] = true
			order = append(order, n)
		}
		return nil
	}
	for _, n := range names {
		if err := visit(n, 0); err != nil {
			return nil, err
		}
	}
	return order, nil
}

// copyTable copies table t's rows from src into tx in batches, and moves
// an identity column's sequence past the ids copied.
func copyTable(ctx context.Context, src *sql.DB, tx *sql.Tx, t string) (int64, error) {
	rows, err := src.QueryContext(ctx, `SELECT * FROM `+quoteIdent(t))
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return 0, err
	}
	quoted := make([]string, len(cols))
	for i, c := range cols {
		quoted[i] = quoteIdent(c)
	}
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
	var (
		n     int64
		batch []any
	)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		k := len(batch) / len(cols)
		q := `INSERT INTO ` + quoteIdent(t) + ` (` + strings.Join(quoted, ", ") + `) VALUES ` + strings.TrimSuffix(strings.Repeat(one+", ", k), ", ")
		if _, err := tx.ExecContext(ctx, q, batch...); err != nil {
			return err
		}
		batch = batch[:0]
		return nil
	}
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return 0, err
		}
		batch = append(batch, vals...)
		n++
		if len(batch)/len(cols) == copyBatch {
			if err := flush(); err != nil {
				return 0, err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return 0, err
	}
	if err := flush(); err != nil {
		return 0, err
	}
	var ident sql.NullString
	err = tx.QueryRowContext(ctx, `SELECT column_name FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name = ? AND is_identity = 'YES'`, t).Scan(&ident)
	if err != nil && err != sql.ErrNoRows {
		return 0, err
	}
	if ident.Valid && n > 0 {
		c := quoteIdent(ident.String)
		if _, err := tx.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence(?, ?), (SELECT max(`+c+`) FROM `+quoteIdent(t)+`))`, t, ident.String); err != nil {
			return 0, err
		}
	}
	return n, nil
}

// quoteIdent quotes a table or column name for SQL.
func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
