package store

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/hangtime/hangtime/coach"
	"github.com/hangtime/hangtime/internal/dbtest"
)

// BenchmarkHangLogStore measures the store's part of one /hang log, as
// the bot makes it: the profile with group membership and the hang facts
// from the cache (cached; hotcache.go) or in one read from SQLite
// (one-read; two-reads makes them apart, as the bot did before), then the
// one write, for 50 users taking turns (as hangbench's
// closed loop does). "new" users have 20 hangs over the last week;
// "habit" users a hang a day for a year, so the facts count their recent
// hangs.
func BenchmarkHangLogStore(b *testing.B) {
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	for _, h := range []struct {
		name  string
		hangs int
		every time.Duration
	}{{"new", 20, 8 * time.Hour}, {"habit", 365, 24 * time.Hour}} {
		for _, reads := range []string{"cached", "one-read", "two-reads"} {
			b.Run(h.name+"/"+reads, func(b *testing.B) {
				ctx := context.Background()
				db, err := Open(ctx, dbtest.Path(b, filepath.Join(b.TempDir(), "h.db")))
				if err != nil {
					b.Fatal(err)
				}
				defer db.Close()
				if reads != "cached" {
					db.hot = nil
				}
				const users = 50
				for u := range users {
					user := fmt.Sprint("u", u)
					if err := db.AckSafety(ctx, user, now.Add(-time.Duration(h.hangs)*h.every)); err != nil {
						b.Fatal(err)
					}
					for i := range h.hangs {
						s := coach.Session{UserID: user, Start: now.Add(-time.Duration(i+1) * h.every), Duration: time.Minute, Device: coach.Table}
						if _, _, err := db.LogSession(ctx, s, fmt.Sprintf("%s-%d", user, i), now); err != nil {
							b.Fatal(err)
						}
					}
				}
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					user := fmt.Sprint("u", i%users)
					t := now.Add(time.Duration(i) * time.Second)
					s := coach.Session{UserID: user, Start: t.Add(-90 * time.Second), Duration: 90 * time.Second, Device: coach.Table}
					if reads != "two-reads" {
						if _, _, _, err := db.ProfileAndFacts(ctx, user, s.Start, coach.GentleSince(t), coach.PlanWindow); err != nil {
							b.Fatal(err)
						}
					} else {
						if _, _, err := db.ProfileAndGroups(ctx, user); err != nil {
							b.Fatal(err)
						}
						if _, err := db.HangFacts(ctx, user, s.Start, coach.GentleSince(t), coach.PlanWindow); err != nil {
							b.Fatal(err)
						}
					}
					if _, created, err := db.LogSessionClaiming(ctx, s, fmt.Sprint("i", i), t); err != nil || !created {
						b.Fatal(created, err)
					}
				}
			})
		}
	}
}
