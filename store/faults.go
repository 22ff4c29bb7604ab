package store

import (
	"errors"
	"fmt"
	"net"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
)

// Kinds of storage fault, as Fault names them: what an operator acts on.
const (
	FaultReadOnly = "read_only"   // the file, its directory or the mount refuses writes
	FaultFull     = "disk_full"   // the disk or a quota is full
	FaultCorrupt  = "corrupt"     // the file is damaged or not a database
	FaultIO       = "io"          // the operating system reported an I/O error
	FaultBusy     = "busy"        // another process held the lock past the busy timeout
	FaultDown     = "unreachable" // the database server refuses or dropped the connection (PostgreSQL)
	FaultOther    = "other"       // any other database error
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
// or returns "" when err carries no SQLite result code or PostgreSQL error
// (nil, a cancelled context, a decoding problem).
func Fault(err error) string {
	if kind, ok := pgFault(err); ok {
		return kind
	}
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

// pgFault classifies a PostgreSQL error by its SQLSTATE class, and a
// failure to reach the server (refused, dropped, DNS) as FaultDown.
func pgFault(err error) (string, bool) {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		code := pgErr.Code
		switch {
		case code == "25006" || code == "42501": // read_only_sql_transaction (a standby), insufficient_privilege
			return FaultReadOnly, true
		case code == "53100": // disk_full
			return FaultFull, true
		case code == "XX001" || code == "XX002": // data_corrupted, index_corrupted
			return FaultCorrupt, true
		case code == "58030": // io_error
			return FaultIO, true
		case code == "55P03" || code == "40001" || code == "40P01" || code == "57014": // lock_not_available, serialization, deadlock, query_canceled (timeout)
			return FaultBusy, true
		case strings.HasPrefix(code, "08") || strings.HasPrefix(code, "57P") || code == "53300": // connection exception, shutting down, too_many_connections
			return FaultDown, true
		}
		return FaultOther, true
	}
	var connErr *pgconn.ConnectError
	if errors.As(err, &connErr) {
		return FaultDown, true
	}
	var netErr *net.OpError
	if errors.As(err, &netErr) {
		return FaultDown, true
	}
	return "", false
}

// describePG says in an operator's words what a PostgreSQL error means for
// the server where (host, port and database: never the password).
func describePG(where string, err error) error {
	switch Fault(err) {
	case FaultDown:
		return fmt.Errorf("database %s cannot be reached (is the server running and HANGTIME_DB's host and port right?): %w", where, err)
	case FaultReadOnly:
		return fmt.Errorf("database %s refuses writes (a read-only standby, or a user without write rights): %w", where, err)
	case FaultFull:
		return fmt.Errorf("database %s cannot be written because its disk is full: %w", where, err)
	}
	return fmt.Errorf("database %s: %w", where, err)
}
