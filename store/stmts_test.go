package store

import (
	"context"
	"testing"
	"time"
)

// A statement prepared for the first time while a transaction holds the
// write pool's one connection waits for that connection; the transaction
// meanwhile looks up its own statements. Preparing used to hold the
// statement cache's lock while it waited, so the transaction waited for
// the lock and neither ever finished.
func TestPreparingWaitsWithoutBlockingTheTransaction(t *testing.T) {
	db, _ := openTemp(t)
	if db.pg {
		t.Skip("SQLite's write pool of one connection")
	}
	ctx := context.Background()
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	read := make(chan error, 1)
	go func() {
		var n int
		read <- db.wstmtRow(ctx, nil, `SELECT count(*) + ? FROM users`, 1).Scan(&n)
	}()
	// Until the read waits for the connection (the pool counts it).
	for db.w.Stats().WaitCount == 0 {
		select {
		case err := <-read:
			t.Fatalf("the read ended without waiting for the connection: %v", err)
		case <-time.After(time.Millisecond):
		}
	}
	wrote := make(chan error, 1)
	go func() {
		_, err := db.exec(ctx, tx, ensureUserSQL, "u", int64(1))
		if err == nil {
			err = tx.Commit()
		}
		wrote <- err
	}()
	select {
	case err := <-wrote:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(time.Minute): // microseconds of work; a minute means never
		t.Fatal("the transaction's write waits for the statement cache while the cache waits for its connection")
	}
	if err := <-read; err != nil {
		t.Fatal(err)
	}
}
