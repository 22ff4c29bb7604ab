// Package dbtest lets a package's tests run on both of the store's
// backends without editing each test: Main runs them on SQLite, then, when
// HANGTIME_TEST_POSTGRES names a PostgreSQL server, re-executes the test
// binary with the PostgreSQL backend selected; Path turns the SQLite file a
// test would use into what it should open in the run at hand.
package dbtest

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"flag"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

// EnvPostgres names the PostgreSQL server the tests may use, as a URL
// such as postgres://postgres@127.0.0.1:5432/test?sslmode=disable.
const EnvPostgres = "HANGTIME_TEST_POSTGRES"

// envBackend selects the backend of a run; Main sets it for the re-run.
const envBackend = "HANGTIME_TEST_BACKEND"

// Postgres reports whether this run of the tests is on PostgreSQL.
func Postgres() bool { return os.Getenv(envBackend) == "postgres" }

// Main runs the tests (m.Run) on SQLite and, with EnvPostgres set, again
// on PostgreSQL in a re-executed test binary (same flags); it returns the
// exit code for os.Exit. Without EnvPostgres it says once why the
// PostgreSQL run is skipped.
func Main(m *testing.M) int {
	code := m.Run()
	if Postgres() {
		return code
	}
	// A fuzzing run (go test -fuzz) explores inputs, not backends.
	if f := flag.Lookup("test.fuzz"); f != nil && f.Value.String() != "" {
		return code
	}
	if os.Getenv(EnvPostgres) == "" {
		fmt.Printf("dbtest: %s is not set, so these tests ran on SQLite only (set it to a PostgreSQL URL, e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable, to run them on PostgreSQL too)\n", EnvPostgres)
		return code
	}
	fmt.Printf("dbtest: running the same tests on PostgreSQL (%s)\n", redacted(os.Getenv(EnvPostgres)))
	cmd := exec.Command(os.Args[0], os.Args[1:]...)
	cmd.Env = append(os.Environ(), envBackend+"=postgres")
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		fmt.Printf("dbtest: the PostgreSQL run failed: %v\n", err)
		return 1
	}
	return code
}

// SkipOnPostgres skips a test that is about SQLite itself (its files,
// PRAGMAs, quick_check) in the PostgreSQL run, saying why.
func SkipOnPostgres(t testing.TB, why string) {
	t.Helper()
	if Postgres() {
		t.Skip("SQLite only: " + why)
	}
}

var (
	mu      sync.Mutex
	targets = map[string]string{} // SQLite path -> PostgreSQL URL
	admin   *sql.DB
)

// Path returns what a test that would use the SQLite file path opens: path
// itself on SQLite; on PostgreSQL the URL of a schema made for it (the
// same one for the same path) and dropped when the test ends.
func Path(t testing.TB, path string) string {
	t.Helper()
	if !Postgres() {
		return path
	}
	mu.Lock()
	defer mu.Unlock()
	if u, ok := targets[path]; ok {
		return u
	}
	u := Schema(t)
	targets[path] = u
	t.Cleanup(func() {
		mu.Lock()
		delete(targets, path)
		mu.Unlock()
	})
	return u
}

// Schema creates a schema of its own for t on the EnvPostgres server and
// returns a URL whose search_path is that schema; the schema is dropped
// when the test ends.
func Schema(t testing.TB) string {
	t.Helper()
	base := os.Getenv(EnvPostgres)
	if base == "" {
		t.Fatalf("%s is not set", EnvPostgres)
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s: %v", EnvPostgres, err)
	}
	if admin == nil {
		if admin, err = sql.Open("pgx", base); err != nil {
			t.Fatal(err)
		}
		admin.SetMaxOpenConns(2)
	}
	b := make([]byte, 6)
	rand.Read(b)
	name := "t_" + hex.EncodeToString(b)
	if _, err := admin.Exec(`CREATE SCHEMA ` + name); err != nil {
		t.Fatalf("create schema for the test: %v", err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec(`DROP SCHEMA ` + name + ` CASCADE`); err != nil {
			t.Errorf("drop the test's schema %s: %v", name, err)
		}
	})
	q := u.Query()
	q.Set("search_path", name)
	u.RawQuery = q.Encode()
	return u.String()
}

func redacted(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "an unreadable URL"
	}
	return u.Redacted()
}

// Raw opens the database at target (a SQLite path or what Path returned)
// with the plain driver, for a test to look at or seed tables directly;
// write its SQL with ? placeholders and pass it through SQL.
func Raw(t testing.TB, target string) *sql.DB {
	t.Helper()
	driver, dsn := "sqlite", "file:"+target+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)"
	if Postgres() {
		driver, dsn = "pgx", target
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// SQL returns q, written with ? placeholders, for the run's backend:
// PostgreSQL's are $1, $2…
func SQL(q string) string {
	if !Postgres() {
		return q
	}
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
