package store

import (
	"encoding/binary"
	"os"
	"sync/atomic"

	"golang.org/x/sys/unix"
)

// soleLock tells whether this process alone has the database at path
// open, and whether anyone else opened it since, through the file
// path+".lock" (its own file: SQLite's POSIX locks on the database would
// be dropped by closing another descriptor of it). Each opener holds an
// open-file-description read lock on byte 0 for as long as it is open,
// and adds one to the count in bytes 8–15 as it opens. sole returns that
// count and whether nobody else holds the lock now. soleLock returns a nil
// sole where the file cannot be used: no cache then.
func soleLock(path string) (sole func() (uint64, bool), release func()) {
	f, err := os.OpenFile(path+".lock", os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, func() {}
	}
	fd := f.Fd()
	lock := func(cmd int, typ int16, start int64) error {
		l := unix.Flock_t{Type: typ, Whence: 0, Start: start, Len: 1}
		return unix.FcntlFlock(fd, cmd, &l)
	}
	count := func() (uint64, error) {
		var b [8]byte
		n, err := f.ReadAt(b[:], 8)
		if n < len(b) && err != nil {
			return 0, nil // a new file
		}
		return binary.LittleEndian.Uint64(b[:]), nil
	}
	opened := func() error {
		if err := lock(unix.F_OFD_SETLKW, unix.F_WRLCK, 1); err != nil {
			return err
		}
		defer lock(unix.F_OFD_SETLK, unix.F_UNLCK, 1)
		n, err := count()
		if err != nil {
			return err
		}
		var b [8]byte
		binary.LittleEndian.PutUint64(b[:], n+1)
		_, err = f.WriteAt(b[:], 8)
		return err
	}
	if lock(unix.F_OFD_SETLK, unix.F_RDLCK, 0) != nil || opened() != nil {
		f.Close()
		return nil, func() {}
	}
	// aloneAt is a count at which nobody else held the lock (0: none
	// yet; the count is at least 1 once this process opened). While the
	// count stays there nobody opened the file since, so nobody else has
	// it open: the lock need not be asked again, which saves a system
	// call on every /hang log.
	var aloneAt atomic.Uint64
	sole = func() (uint64, bool) {
		n, err := count()
		if err != nil {
			return 0, false
		}
		if n == aloneAt.Load() {
			return n, true
		}
		l := unix.Flock_t{Type: unix.F_WRLCK, Whence: 0, Start: 0, Len: 1}
		if err := unix.FcntlFlock(fd, unix.F_OFD_GETLK, &l); err != nil {
			return n, false
		}
		alone := l.Type == unix.F_UNLCK
		if alone {
			aloneAt.Store(n)
		}
		return n, alone
	}
	return sole, func() { f.Close() }
}
