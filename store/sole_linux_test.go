package store

import (
	"path/filepath"
	"testing"
)

// sole tells whether another opener has the file, whoever opened first,
// and counts every opening, so that one that came and went is seen too.
func TestSoleLockSeesOtherOpeners(t *testing.T) {
	path := filepath.Join(t.TempDir(), "h.db")
	look := func(sole func() (uint64, bool), wantAlone bool, what string) uint64 {
		t.Helper()
		n, alone := sole()
		if alone != wantAlone {
			t.Fatalf("%s: alone %v, want %v", what, alone, wantAlone)
		}
		return n
	}
	a, releaseA := soleLock(path)
	if a == nil {
		t.Fatal("soleLock: no lock file")
	}
	first := look(a, true, "the only opener")
	if again := look(a, true, "the only opener, asked again"); again != first {
		t.Fatalf("the count moved from %d to %d with nobody opening", first, again)
	}

	b, releaseB := soleLock(path)
	afterB := look(a, false, "a second opener came")
	if afterB == first {
		t.Fatal("the count did not move when a second opener came")
	}
	look(b, false, "the second opener, while the first has the file")
	releaseB()
	if n := look(a, true, "the second opener left"); n != afterB {
		t.Fatalf("count %d after the second opener left, want %d", n, afterB)
	}

	// An opener that comes and goes between two looks is seen by the count.
	_, releaseC := soleLock(path)
	releaseC()
	if n := look(a, true, "a third opener came and went"); n == afterB {
		t.Fatal("the count did not move for an opener that came and went")
	}

	// One that opened first, seen by one that opens later, until it leaves.
	releaseA()
	_, releaseD := soleLock(path)
	e, releaseE := soleLock(path)
	defer releaseE()
	look(e, false, "a later opener, while an earlier one has the file")
	releaseD()
	look(e, true, "the earlier opener left")
}
