// Command pgcheck exits 0 when the PostgreSQL server that
// HANGTIME_TEST_POSTGRES names answers, and otherwise says why and exits 1:
// .ci/run runs it before the tests so that a missing server fails early
// and plainly instead of as a hundred failed tests.
package main

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
)

func main() {
	dsn := os.Getenv("HANGTIME_TEST_POSTGRES")
	if dsn == "" {
		fmt.Fprintln(os.Stderr, "pgcheck: HANGTIME_TEST_POSTGRES is not set")
		os.Exit(1)
	}
	shown := "an unreadable URL"
	if u, err := url.Parse(dsn); err == nil {
		shown = u.Redacted()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	db, err := sql.Open("pgx", dsn)
	if err == nil {
		defer db.Close()
		err = db.PingContext(ctx)
	}
	if err == nil {
		_, err = db.ExecContext(ctx, `CREATE SCHEMA IF NOT EXISTS pgcheck; DROP SCHEMA pgcheck`)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "pgcheck: cannot use PostgreSQL at %s: %v\n"+
			"Start it (pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start) or set HANGTIME_TEST_POSTGRES to a server the tests may create schemas on.\n", shown, err)
		os.Exit(1)
	}
	fmt.Printf("pgcheck: PostgreSQL at %s answers\n", shown)
}
