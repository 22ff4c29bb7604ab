package store

import (
	"errors"
	"fmt"
)

// Kinds of storage fault, as Fault names them: what an operator acts on.
const (
	FaultReadOnly = "read_only" // the file, its directory or the mount refuses writes
	FaultFull     = "disk_full" // the disk or a quota is full
	FaultCorrupt  = "corrupt"   // the file is damaged or not a database
	FaultIO       = "io"        // the operating system reported an I/O error
	FaultBusy     = "busy"      // another process held the lock past the busy timeout
	FaultOther    = "other"     // any other database error
)

// SQLite's primary result codes (the low byte of an extended code).
const (
	sqliteBusy     = 5
	sqliteReadOnly = 8
	sqliteIOErr    = 10
	sqliteCorrupt  = 11
	sqliteFull     = 13
	sqliteCantOpen = 14
	sqliteNotADB   = 26
)

// Fault classifies a storage error by what went wrong with the database,
// or returns "" when err carries no SQLite result code (nil, a cancelled
// context, a decoding problem).
func Fault(err error) string {
	var coded interface{ Code() int }
	if !errors.As(err, &coded) {
		return ""
	}
	switch coded.Code() & 0xff {
	case sqliteReadOnly, sqliteCantOpen:
		return FaultReadOnly
	case sqliteFull:
		return FaultFull
	case sqliteCorrupt, sqliteNotADB:
		return FaultCorrupt
	case sqliteIOErr:
		return FaultIO
	case sqliteBusy:
		return FaultBusy
	}
	return FaultOther
}

// describeFault says in an operator's words what a storage error means for
// the file at path, keeping the error in the chain.
func describeFault(path string, err error) error {
	switch Fault(err) {
	case FaultReadOnly:
		return fmt.Errorf("database %s cannot be written (check the file's and its directory's permissions, `lsattr` for the immutable flag, and whether the disk is mounted read-only): %w", path, err)
	case FaultFull:
		return fmt.Errorf("database %s cannot be written because the disk is full (free some space; nothing already saved is lost): %w", path, err)
	case FaultCorrupt:
		return fmt.Errorf("database %s is damaged: %w\n%s", path, err, restoreAdvice(path))
	}
	return fmt.Errorf("database %s: %w", path, err)
}

// restoreAdvice tells an operator how to get back to a sound database.
func restoreAdvice(path string) string {
	return fmt.Sprintf("Stop Hangtime, move %[1]s (and any %[1]s-wal and %[1]s-shm beside it) aside, and copy your latest backup (made with `sqlite3 %[1]s \".backup backup.db\"` or VACUUM INTO) to %[1]s; see README, Operations. "+
		"To salvage what is readable instead: `sqlite3 %[1]s .recover | sqlite3 recovered.db`.", path)
}
