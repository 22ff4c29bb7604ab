package store

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/hangtime/hangtime/coach"
)

// BenchmarkLogHang compares the writes of one /hang log: the claim and the
// hang in two transactions (as before issue 9) and in one.
func BenchmarkLogHang(b *testing.B) {
	ctx := context.Background()
	for _, c := range []struct {
		name string
		log  func(db *DB, s coach.Session, id string) error
	}{
		{"claim_then_log", func(db *DB, s coach.Session, id string) error {
			if _, err := db.ClaimInteraction(ctx, id, t0); err != nil {
				return err
			}
			_, _, err := db.LogSession(ctx, s, id, t0)
			return err
		}},
		{"log_claiming", func(db *DB, s coach.Session, id string) error {
			_, _, err := db.LogSessionClaiming(ctx, s, id, t0)
			return err
		}},
	} {
		b.Run(c.name, func(b *testing.B) {
			db, err := Open(ctx, b.TempDir()+"/h.db")
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			i := 0
			for b.Loop() {
				i++
				s := coach.Session{UserID: "u" + strconv.Itoa(i%50), Start: t0.Add(-time.Hour), Duration: 90 * time.Second, Note: "bench"}
				if err := c.log(db, s, "i-"+strconv.Itoa(i)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
