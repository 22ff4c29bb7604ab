package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/hangtime/hangtime/coach"
	"github.com/hangtime/hangtime/internal/dbtest"
)

// TestCopyToMovesEveryRowInBatches copies more rows than one INSERT
// takes from SQLite into PostgreSQL: all arrive with their ids, new ids
// follow them, and a second copy is refused.
func TestCopyToMovesEveryRowInBatches(t *testing.T) {
	if os.Getenv(dbtest.EnvPostgres) == "" {
		t.Skipf("%s is not set: no PostgreSQL to copy into", dbtest.EnvPostgres)
	}
	if dbtest.Postgres() {
		t.Skip("copies from SQLite: runs in the SQLite run")
	}
	ctx := context.Background()
	src, err := Open(ctx, filepath.Join(t.TempDir(), "h.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	const n = 2*copyBatch + 34
	for i := range n {
		s := coach.Session{UserID: fmt.Sprintf("u%d", i%7), Start: t0.Add(time.Duration(i) * time.Minute), Duration: time.Minute, Note: fmt.Sprint(i)}
		if _, _, err := src.LogSession(ctx, s, fmt.Sprintf("i%d", i), t0); err != nil {
			t.Fatal(err)
		}
	}
	dst, err := Open(ctx, dbtest.Schema(t))
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	if _, err := dst.CopyTo(ctx, src); err == nil {
		t.Error("CopyTo from PostgreSQL into SQLite succeeded, want a refusal")
	}
	copied, err := src.CopyTo(ctx, dst)
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]int64{}
	for _, c := range copied {
		rows[c.Table] = c.Rows
	}
	if rows["sessions"] != n || rows["users"] != 7 || rows["interactions"] != 0 {
		t.Errorf("copied %v, want %d sessions of 7 users", rows, n)
	}
	for u := range 7 {
		want, total, err := src.Sessions(ctx, fmt.Sprintf("u%d", u), 1000, 0)
		if err != nil {
			t.Fatal(err)
		}
		got, gotTotal, err := dst.Sessions(ctx, fmt.Sprintf("u%d", u), 1000, 0)
		if err != nil || gotTotal != total || len(got) != len(want) {
			t.Fatalf("u%d: %d hangs (%d) in PostgreSQL, %v; want %d", u, len(got), gotTotal, err, len(want))
		}
		for i := range want {
			if got[i].ID != want[i].ID || got[i].Note != want[i].Note || !got[i].Start.Equal(want[i].Start) {
				t.Fatalf("u%d hang %d = %+v, want %+v", u, i, got[i], want[i])
			}
		}
	}
	s, created, err := dst.LogSession(ctx, coach.Session{UserID: "u0", Start: t0, Duration: time.Minute}, "new", t0)
	if err != nil || !created || s.ID <= n {
		t.Errorf("a hang logged after the copy = id %d, %v, %v; want an id after the %d copied", s.ID, created, err, n)
	}
	if _, err := src.CopyTo(ctx, dst); err == nil {
		t.Error("a second CopyTo into the filled database succeeded, want a refusal")
	}
}
