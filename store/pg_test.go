package store

import (
	"context"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/hangtime/hangtime/coach"
	"github.com/hangtime/hangtime/internal/dbtest"
)

// openOld opens target with only the migrations in partial (named as
// SQLite's, migrations/NNNN_*.sql): on PostgreSQL their twins, or the
// partial's own text where a name has no twin.
func openOld(ctx context.Context, target string, partial fs.FS) (*DB, error) {
	if !IsPostgres(target) {
		return openWith(ctx, target, partial)
	}
	names, err := fs.Glob(partial, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	pg := fstest.MapFS{}
	for _, n := range names {
		base := strings.TrimPrefix(n, "migrations/")
		body, err := fs.ReadFile(migrationFilesPG, "migrations_pg/"+base)
		if err != nil {
			if body, err = fs.ReadFile(partial, n); err != nil {
				return nil, err
			}
		}
		pg["migrations_pg/"+base] = &fstest.MapFile{Data: body}
	}
	return openPGWith(ctx, target, pg)
}

// Every SQLite migration has a PostgreSQL twin with the same number and
// name, so the two schemas move in step.
func TestMigrationSetsHaveTheSameVersions(t *testing.T) {
	strip := func(names []string, dir string) []string {
		var out []string
		for _, n := range names {
			out = append(out, strings.TrimPrefix(n, dir+"/"))
		}
		return out
	}
	lite := strip(migrationNames(t), "migrations")
	pgNames, err := fs.Glob(migrationFilesPG, "migrations_pg/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	if pg := strip(pgNames, "migrations_pg"); !slices.Equal(lite, pg) {
		t.Errorf("migrations differ:\nSQLite     %v\nPostgreSQL %v", lite, pg)
	}
}

// The two migration sets make the same tables with the same columns.
func TestMigrationSetsMakeTheSameTablesAndColumns(t *testing.T) {
	if !dbtest.Postgres() {
		t.Skip("compares with PostgreSQL's schema: runs in the PostgreSQL run (HANGTIME_TEST_POSTGRES)")
	}
	ctx := context.Background()
	lite, err := Open(ctx, filepath.Join(t.TempDir(), "h.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	pg, _ := openTemp(t)
	columns := func(db *DB, q string) []string {
		rows, err := db.sql.QueryContext(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var table, col string
			if err := rows.Scan(&table, &col); err != nil {
				t.Fatal(err)
			}
			out = append(out, table+"."+col)
		}
		slices.Sort(out)
		return out
	}
	l := columns(lite, `SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'`)
	p := columns(pg, `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name <> 'schema_migrations'`)
	if !slices.Equal(l, p) {
		var onlyL, onlyP []string
		for _, c := range l {
			if !slices.Contains(p, c) {
				onlyL = append(onlyL, c)
			}
		}
		for _, c := range p {
			if !slices.Contains(l, c) {
				onlyP = append(onlyP, c)
			}
		}
		t.Errorf("schemas differ: only in SQLite %v; only in PostgreSQL %v", onlyL, onlyP)
	}
}

// Several processes starting at once on a new database migrate it once.
func TestConcurrentOpensMigrateOnce(t *testing.T) {
	path := dbtest.Path(t, filepath.Join(t.TempDir(), "h.db"))
	ctx := context.Background()
	errs := make(chan error, 4)
	dbs := make(chan *DB, 4)
	for range 4 {
		go func() {
			db, err := Open(ctx, path)
			if err == nil {
				dbs <- db
			}
			errs <- err
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Errorf("Open: %v", err)
		}
	}
	close(dbs)
	for db := range dbs {
		if v, err := db.SchemaVersion(ctx); err != nil || v != len(migrationNames(t)) {
			t.Errorf("SchemaVersion() = %d, %v, want %d", v, err, len(migrationNames(t)))
		}
		db.Close()
	}
}

// Dispatchers in two processes (two DBs on one database) claiming at once
// never claim the same job, and together claim every due job.
func TestConcurrentClaimersTakeDisjointJobs(t *testing.T) {
	a, path := openTemp(t)
	ctx := context.Background()
	b, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	const jobs = 300
	for i := range jobs {
		lane := coach.Lanes()[i%len(coach.Lanes())]
		if _, _, err := a.AddJob(ctx, coach.Job{Kind: "reminder", Key: fmt.Sprintf("k%d", i), Due: t0.Add(time.Duration(i) * time.Millisecond), Lane: lane}, t0); err != nil {
			t.Fatal(err)
		}
	}
	now := t0.Add(time.Hour)
	var mu sync.Mutex
	claimed := map[int64]string{}
	var wg sync.WaitGroup
	for w := range 6 {
		db := []*DB{a, b}[w%2]
		owner := fmt.Sprintf("d%d", w)
		wg.Go(func() {
			for {
				got, err := db.ClaimDue(ctx, owner, now, time.Minute, 7)
				if err != nil {
					t.Errorf("ClaimDue(%s): %v", owner, err)
					return
				}
				if len(got) == 0 {
					return
				}
				mu.Lock()
				for _, j := range got {
					if prev, dup := claimed[j.ID]; dup {
						t.Errorf("job %d claimed by %s and %s", j.ID, prev, owner)
					}
					claimed[j.ID] = owner
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(claimed) != jobs {
		t.Errorf("claimed %d jobs, want all %d", len(claimed), jobs)
	}
	owners := map[string]int{}
	for _, o := range claimed {
		owners[o]++
	}
	t.Logf("jobs per dispatcher: %v", owners)
}

// Write transactions of two processes are serialized as SQLite's are: a
// limit checked inside a transaction holds under concurrent adds.
func TestConcurrentAddsKeepALimit(t *testing.T) {
	a, path := openTemp(t)
	ctx := context.Background()
	b, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	var wg sync.WaitGroup
	for i := range 3 * coach.MaxReminders {
		db := []*DB{a, b}[i%2]
		wg.Go(func() {
			r := coach.Reminder{UserID: "u1", Days: coach.Weekdays(0b1), Minute: i}
			first := func(id int64) coach.Job {
				return coach.Job{Kind: "reminder", UserID: "u1", Key: fmt.Sprintf("remind:u1:%d:1", id), Due: t0}
			}
			if _, _, err := db.AddReminder(ctx, r, coach.MaxReminders, first, t0); err != nil {
				t.Errorf("AddReminder: %v", err)
			}
		})
	}
	wg.Wait()
	var n int
	if err := a.sql.QueryRowContext(ctx, `SELECT count(*) FROM plain_reminders WHERE user_id = 'u1'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != coach.MaxReminders {
		t.Errorf("%d reminders after concurrent adds, want the limit %d", n, coach.MaxReminders)
	}
}

// A server that cannot be reached is a FaultDown error naming the host and
// port, never the password.
func TestPostgresUnreachableNamesTheHostNotThePassword(t *testing.T) {
	_, err := Open(context.Background(), "postgres://hangtime:s3cret@127.0.0.1:1/hangtime?sslmode=disable&connect_timeout=5")
	if err == nil {
		t.Fatal("Open(nothing listening) = nil error")
	}
	if Fault(err) != FaultDown || !strings.Contains(err.Error(), "127.0.0.1:1") || strings.Contains(err.Error(), "s3cret") {
		t.Errorf("Open(nothing listening) = %v (fault %q), want an unreachable fault naming 127.0.0.1:1 without the password", err, Fault(err))
	}
	_, err = Open(context.Background(), "postgres://hangtime:s3cret@127.0.0.1:5432/hangtime?sslmode=bogus")
	if err == nil || strings.Contains(err.Error(), "s3cret") {
		t.Errorf("Open(bad sslmode) = %v, want an error without the password", err)
	}
}

// A database that refuses writes (here a read-only default) is a
// read-only fault at Open.
func TestPostgresReadOnlyIsAReadOnlyFault(t *testing.T) {
	if !dbtest.Postgres() {
		t.Skip("needs PostgreSQL: runs in the PostgreSQL run (HANGTIME_TEST_POSTGRES)")
	}
	_, err := Open(context.Background(), dbtest.Schema(t)+"&default_transaction_read_only=on")
	if Fault(err) != FaultReadOnly {
		t.Errorf("Open(read-only) = %v (fault %q), want %q", err, Fault(err), FaultReadOnly)
	}
}

func TestRebind(t *testing.T) {
	for q, want := range map[string]string{
		`SELECT ? , ?`:                          `SELECT $1 , $2`,
		`x = ?1 OR y = ?1 AND z = ?2`:           `x = $1 OR y = $1 AND z = $2`,
		`a = ?3, b = ?`:                         `a = $3, b = $4`,
		`'it''s ?' = ? -- what?` + "\n" + `, ?`: `'it''s ?' = $1 -- what?` + "\n" + `, $2`,
		`"col?" = ?`:                            `"col?" = $1`,
	} {
		if got := rebind(q); got != want {
			t.Errorf("rebind(%q) = %q, want %q", q, got, want)
		}
	}
}
