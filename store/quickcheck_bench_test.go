package store

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// BenchmarkOpenQuickCheck measures Open (quick_check, migrations, the
// write probe) on a database of real sessions; HANGTIME_BENCH_SESSIONS
// sets their number (default 100,000; about 9,000,000 make 1 GB).
//
//	HANGTIME_BENCH_SESSIONS=9000000 go test -run='^$' -bench=OpenQuickCheck -benchtime=3x ./store/
func BenchmarkOpenQuickCheck(b *testing.B) {
	n := 100_000
	if v := os.Getenv("HANGTIME_BENCH_SESSIONS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil {
			b.Fatal(err)
		}
	}
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "big.db")
	db, err := Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := db.w.ExecContext(ctx, `WITH RECURSIVE u(i) AS (SELECT 0 UNION ALL SELECT i+1 FROM u WHERE i < 9999)
		INSERT INTO users(user_id, created_ms) SELECT printf('3000000000000%05d', i), 0 FROM u`); err != nil {
		b.Fatal(err)
	}
	if _, err := db.w.ExecContext(ctx, `WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i+1 FROM s WHERE i < ?)
		INSERT INTO sessions(user_id, interaction_id, started_ms, duration_ms, device, angle, note, created_ms)
		SELECT printf('3000000000000%05d', i % 10000), printf('1%018d', i), 1700000000000 + i * 60000, 90000, 'table', 30,
			'after deadlifts, felt good, rotated gently a few times', 0 FROM s`, n-1); err != nil {
		b.Fatal(err)
	}
	if err := db.Close(); err != nil {
		b.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		db, err := Open(ctx, path)
		if err != nil {
			b.Fatal(err)
		}
		db.Close()
	}
	b.ReportMetric(float64(st.Size())/(1<<20), "MiB")
}
