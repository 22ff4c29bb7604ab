package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/hangtime/hangtime/store"
)

// migrateToUsage is what a wrong hangtime migrate-to command line gets.
const migrateToUsage = `usage: HANGTIME_DB=hangtime.db hangtime migrate-to postgres://user:password@host:5432/dbname
copies the SQLite database HANGTIME_DB into an empty PostgreSQL database (stop the bot first)`

// migrateTo is hangtime migrate-to <postgres-url>: it copies the SQLite
// database cfg names into the PostgreSQL database args names, which it
// migrates first and which must hold no data, in one transaction, and
// says what it copied.
func migrateTo(ctx context.Context, cfg config, args []string, out io.Writer) error {
	if len(args) != 1 || !store.IsPostgres(args[0]) {
		return errors.New(migrateToUsage)
	}
	if store.IsPostgres(cfg.DBPath) {
		return fmt.Errorf("HANGTIME_DB is a PostgreSQL URL already: migrate-to copies a SQLite file; set HANGTIME_DB to it")
	}
	if _, err := os.Stat(cfg.DBPath); err != nil {
		return fmt.Errorf("HANGTIME_DB %s: %w: nothing to copy", cfg.DBPath, err)
	}
	src, err := store.Open(ctx, cfg.DBPath)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := store.Open(ctx, args[0])
	if err != nil {
		return err
	}
	defer dst.Close()
	copied, err := src.CopyTo(ctx, dst)
	if err != nil {
		return err
	}
	var rows int64
	for _, c := range copied {
		fmt.Fprintf(out, "%-20s %9d rows\n", c.Table, c.Rows)
		rows += c.Rows
	}
	fmt.Fprintf(out, "copied %d rows from %s into PostgreSQL; start the bot with HANGTIME_DB set to the PostgreSQL URL\n", rows, cfg.DBPath)
	return nil
}
