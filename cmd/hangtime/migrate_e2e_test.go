package main

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hangtime/hangtime/internal/dbtest"
	"github.com/hangtime/hangtime/internal/discordtest"
	"github.com/hangtime/hangtime/store"
)

// migrateTo runs hangtime migrate-to as main would, with HANGTIME_DB db.
func runMigrateTo(db string, args ...string) (string, error) {
	var out strings.Builder
	err := run(context.Background(), env{Args: append([]string{"migrate-to"}, args...), Getenv: getenv(map[string]string{"HANGTIME_DB": db}), Stdout: &out, Stderr: &out})
	return out.String(), err
}

func TestMigrateToRefusesBadArguments(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "none.db")
	for _, tc := range []struct {
		db   string
		args []string
		want string
	}{
		{"hangtime.db", nil, "usage"},
		{"hangtime.db", []string{"other.db"}, "usage"},
		{"hangtime.db", []string{"postgres://a/b", "postgres://c/d"}, "usage"},
		{"postgres://a/b", []string{"postgres://c/d"}, "PostgreSQL URL already"},
		{missing, []string{"postgres://c/d"}, "nothing to copy"},
	} {
		_, err := runMigrateTo(tc.db, tc.args...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("HANGTIME_DB=%s migrate-to %q = %v, want an error with %q", tc.db, tc.args, err, tc.want)
		}
	}
	if _, err := os.Stat(missing); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("migrate-to created the missing source %s (%v)", missing, err)
	}
}

// TestMigrateToCopiesIntoPostgres fills a SQLite database through the
// bot, copies it into an empty PostgreSQL schema, and runs the bot on the
// copy: the hangs and jobs are there, a new hang gets a new id, and a
// second copy into the filled schema is refused.
func TestMigrateToCopiesIntoPostgres(t *testing.T) {
	if os.Getenv(dbtest.EnvPostgres) == "" {
		t.Skipf("%s is not set: no PostgreSQL to copy into", dbtest.EnvPostgres)
	}
	if dbtest.Postgres() {
		t.Skip("copies from SQLite: runs in the SQLite run")
	}
	w := newWorld(t)
	p := w.start()
	acknowledge(w, alice)
	for _, note := range []string{"first", "second"} {
		if cb := logHang(w, alice, discordtest.Str("duration", "90s"), discordtest.Str("note", note)); !strings.Contains(text(cb), "Logged") {
			t.Fatalf("/hang log = %q", text(cb))
		}
	}
	gym(w, bob, "done", discordtest.Str("delay", "10m"))
	w.stop(p)
	sqlite := w.db

	src, err := store.Open(context.Background(), sqlite)
	if err != nil {
		t.Fatal(err)
	}
	want, _, err := src.Sessions(context.Background(), alice.ID, 100, 0)
	src.Close()
	if err != nil || len(want) != 3 {
		t.Fatalf("hangs in SQLite = %d, %v, want 3", len(want), err)
	}

	target := dbtest.Schema(t)
	out, err := runMigrateTo(sqlite, target)
	if err != nil {
		t.Fatalf("migrate-to: %v\n%s", err, out)
	}
	for _, table := range []string{"users", "sessions", "jobs", "interactions"} {
		if !strings.Contains(out, table) {
			t.Errorf("migrate-to's report lacks %s:\n%s", table, out)
		}
	}
	t.Logf("migrate-to:\n%s", out)

	dst, err := store.Open(context.Background(), target)
	if err != nil {
		t.Fatal(err)
	}
	got, _, err := dst.Sessions(context.Background(), alice.ID, 100, 0)
	dst.Close()
	if err != nil || len(got) != len(want) {
		t.Fatalf("hangs in PostgreSQL = %d, %v, want %d", len(got), err, len(want))
	}
	for i := range want {
		if got[i].ID != want[i].ID || got[i].Note != want[i].Note || got[i].Duration != want[i].Duration || !got[i].Start.Equal(want[i].Start) {
			t.Errorf("hang %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	pg, err := sql.Open("pgx", target)
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	var pending int
	if err := pg.QueryRow(`SELECT count(*) FROM jobs WHERE key LIKE 'gymdone:` + bob.ID + `:%' AND state = 'pending'`).Scan(&pending); err != nil || pending != 1 {
		t.Errorf("bob's pending /gym done reminder in PostgreSQL: %d, %v, want 1", pending, err)
	}

	// The bot on the copy: a new hang continues the ids.
	w.env["HANGTIME_DB"] = target
	p = w.start()
	if cb := logHang(w, alice, discordtest.Str("duration", "90s"), discordtest.Str("note", "on postgres")); !strings.Contains(text(cb), "Logged") {
		t.Fatalf("/hang log on the copy = %q\n%s", text(cb), p.logs.String())
	}
	w.stop(p)
	dst, err = store.Open(context.Background(), target)
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	after, _, err := dst.Sessions(context.Background(), alice.ID, 100, 0)
	if err != nil || len(after) != len(want)+1 {
		t.Fatalf("hangs after logging on the copy = %d, %v", len(after), err)
	}
	for _, s := range want {
		if s.ID >= after[0].ID && after[0].Note == "on postgres" {
			t.Errorf("the new hang's id %d does not follow the copied ones (up to %d)", after[0].ID, s.ID)
		}
	}

	if out, err := runMigrateTo(sqlite, target); err == nil || !strings.Contains(err.Error(), "already holds data") {
		t.Errorf("a second migrate-to into the filled database = %v\n%s, want a refusal", err, out)
	}
}
