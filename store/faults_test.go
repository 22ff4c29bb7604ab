package store

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hangtime/hangtime/internal/dbtest"
)

// fill writes enough rows that the file spans many pages.
func fill(t *testing.T, db *DB) {
	t.Helper()
	ctx := context.Background()
	if _, err := db.w.ExecContext(ctx, `CREATE TABLE filler(x TEXT)`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.w.ExecContext(ctx, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 2000)
		INSERT INTO filler SELECT printf('%0200d', i) FROM n`); err != nil {
		t.Fatal(err)
	}
}

func TestOpenRefusesADamagedFileNamingItAndHowToRestore(t *testing.T) {
	dbtest.SkipOnPostgres(t, "SQLite file faults; PostgreSQL faults are in pg_test.go")
	path := filepath.Join(t.TempDir(), "h.db")
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	fill(t, db)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	// Zero one page in the middle of the filler table.
	if _, err := f.WriteAt(make([]byte, 4096), (st.Size()/4096/2)*4096); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}

	db, err = Open(context.Background(), path)
	if err == nil {
		db.Close()
		t.Fatal("Open of a file with a zeroed page succeeded")
	}
	for _, want := range []string{path, "damaged", "backup", ".recover"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Open error lacks %q:\n%v", want, err)
		}
	}
}

func TestOpenRefusesAFileThatIsNotADatabase(t *testing.T) {
	dbtest.SkipOnPostgres(t, "SQLite file faults; PostgreSQL faults are in pg_test.go")
	path := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(path, []byte(strings.Repeat("not a database\n", 500)), 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := Open(context.Background(), path)
	if err == nil {
		db.Close()
		t.Fatal("Open of a text file succeeded")
	}
	if !strings.Contains(err.Error(), path) || Fault(err) != FaultCorrupt {
		t.Errorf("Open(text file) = %v (fault %q), want the path named and a corrupt fault", err, Fault(err))
	}
}

// smallDisk mounts a tmpfs of size bytes for the test, or skips saying why
// (it needs root and mount).
func smallDisk(t *testing.T, size string) string {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("skipped: mounting a small tmpfs needs root")
	}
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("skipped: cannot mount a tmpfs here: %v %s", err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v %s", dir, err, out)
		}
	})
	return dir
}

func TestCheckAndOpenReportAFullDisk(t *testing.T) {
	dbtest.SkipOnPostgres(t, "SQLite file faults; PostgreSQL faults are in pg_test.go")
	dir := smallDisk(t, "2m")
	path := filepath.Join(dir, "h.db")
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Check(context.Background(), t0); err != nil {
		t.Fatalf("Check with room to spare = %v", err)
	}
	// Fill the rest of the disk.
	ballast, err := os.Create(filepath.Join(dir, "ballast"))
	if err != nil {
		t.Fatal(err)
	}
	chunk := make([]byte, 64<<10)
	for {
		if _, err := ballast.Write(chunk); err != nil {
			break
		}
	}
	ballast.Close()
	fill := func() error {
		_, err := db.w.ExecContext(context.Background(), `CREATE TABLE IF NOT EXISTS big(x TEXT);
			INSERT INTO big WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 200) SELECT printf('%0500d', i) FROM n`)
		return err
	}
	err = fill()
	for i := 0; err == nil && i < 50; i++ {
		err = fill()
	}
	if Fault(err) != FaultFull {
		t.Fatalf("writing to a full disk = %v (fault %q), want %q", err, Fault(err), FaultFull)
	}
	if err := db.Check(context.Background(), t0); err == nil {
		// The heartbeat may still fit in a WAL page already allocated; the
		// classification above is what /healthz reports when it does not.
		t.Log("heartbeat still fits after the disk filled")
	} else if Fault(err) != FaultFull {
		t.Errorf("Check on a full disk = %v (fault %q), want %q", err, Fault(err), FaultFull)
	}
}

func TestOpenAndCheckReportAnUnwritableFile(t *testing.T) {
	dbtest.SkipOnPostgres(t, "SQLite file faults; PostgreSQL faults are in pg_test.go")
	dir := smallDisk(t, "8m")
	path := filepath.Join(dir, "h.db")
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	immutable := func(on bool) {
		t.Helper()
		flag := "+i"
		if !on {
			flag = "-i"
		}
		for _, f := range []string{path, path + "-wal", path + "-shm"} {
			if _, err := os.Stat(f); err != nil {
				continue
			}
			if out, err := exec.Command("chattr", flag, f).CombinedOutput(); err != nil {
				t.Skipf("skipped: chattr %s: %v %s", flag, err, out)
			}
		}
	}
	t.Cleanup(func() { immutable(false) })
	immutable(true)
	// Whether writes through descriptors opened before the flag fail
	// depends on the file system (tmpfs lets them through); a new
	// connection's cannot succeed.
	if err := db.Check(context.Background(), t0); err != nil && Fault(err) != FaultReadOnly {
		t.Errorf("Check on an immutable file = %v (fault %q), want %q", err, Fault(err), FaultReadOnly)
	}
	db.Close()
	immutable(true) // closing may have checkpointed and removed the WAL

	db, err = Open(context.Background(), path)
	if err == nil {
		db.Close()
		t.Fatal("Open of an immutable file succeeded")
	}
	if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "cannot be written") {
		t.Errorf("Open(immutable file) = %v, want the path and what is wrong", err)
	}
}
