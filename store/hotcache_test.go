package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/hangtime/hangtime/coach"
)

// openCached opens a SQLite file whose /hang log reads are cached, or
// skips where there is no cache (PostgreSQL under HANGTIME_TEST_POSTGRES,
// which has none; a platform without the lock).
func openCached(t *testing.T) (*DB, string) {
	t.Helper()
	db, path := openTemp(t)
	if db.hot == nil {
		t.Skip("no /hang log cache here: PostgreSQL, or no open-file-description lock")
	}
	return db, path
}

// hotAnswers reports whether the user's cached entry answers at added
// and since.
func hotAnswers(db *DB, user string, added, since time.Time) bool {
	_, _, _, ok := db.hot.facts(user, added, since, coach.PlanWindow)
	return ok
}

// checkHot compares ProfileAndFacts (from the cache where it answers)
// with the same read from SQLite, for each user at added times around
// their hangs and now, and returns how many the cache answered.
func checkHot(t *testing.T, db *DB, r *rand.Rand, users []string, now time.Time, step string) int {
	t.Helper()
	ctx := context.Background()
	answered := 0
	for _, user := range users {
		for range 6 {
			added := now.Add(-time.Duration(r.IntN(45*24*60)) * time.Minute)
			if r.IntN(3) == 0 {
				added = now.Add(time.Duration(r.IntN(120)) * time.Minute)
			}
			since := coach.GentleSince(now.Add(-time.Duration(r.IntN(30*24)) * time.Hour))
			if hotAnswers(db, user, added, since) {
				answered++
			}
			p, m, f, err := db.ProfileAndFacts(ctx, user, added, since, coach.PlanWindow)
			if err != nil {
				t.Fatal(err)
			}
			wp, wm, wf, err := db.profileAndFactsRead(ctx, user, added, since, coach.PlanWindow)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([]any{wp, wm, wf}, []any{p, m, f}); diff != "" {
				t.Fatalf("after %s, %s at %v since %v: cached read differs (-SQLite +cache):\n%s", step, user, added, since, diff)
			}
			hf, err := db.HangFacts(ctx, user, added, since, coach.PlanWindow)
			if err != nil {
				t.Fatal(err)
			}
			if wp.UserID != "" && (hf != wf) {
				if diff := cmp.Diff(wf, hf); diff != "" {
					t.Fatalf("after %s, %s: HangFacts differs (-SQLite +cache):\n%s", step, user, diff)
				}
			}
		}
	}
	return answered
}

// The cache answers /hang log's read exactly as SQLite does, through every
// kind of write to what it holds: logs (claiming and not, backdated and in
// the future, at the window's edge), a deleted hang, a corrected one, a
// profile saved, the safety card, joining, leaving and a deleted group
// (a cascade), a forgotten user (a cascade), and a rolled-back
// transaction.
func TestHotCacheAnswersAsSQLite(t *testing.T) {
	db, _ := openCached(t)
	ctx := context.Background()
	r := rand.New(rand.NewPCG(5, 11))
	now := t0
	users := []string{"a", "b", "c", "d"}
	// a: a long history (past the window); b: a short one; c: a first
	// hang long ago and the rest lately; d: none yet.
	randomHistory(t, db, r, "a", 230, 40*24*time.Hour, now)
	randomHistory(t, db, r, "b", 7, 20*24*time.Hour, now)
	if _, _, err := db.LogSession(ctx, coach.Session{UserID: "c", Start: now.Add(-60 * 24 * time.Hour), Duration: time.Minute}, "c-old", now); err != nil {
		t.Fatal(err)
	}
	randomHistory(t, db, r, "c", 205, 10*24*time.Hour, now)
	if err := db.SaveGroup(ctx, testGroup(), replaced("g1"), nil, t0); err != nil {
		t.Fatal(err)
	}
	answered := checkHot(t, db, r, users, now, "the first logs")
	seq := 0
	steps := []struct {
		name string
		do   func(user string) error
	}{
		{"a log", func(user string) error {
			seq++
			start := now.Add(-time.Duration(r.IntN(3*24*60)) * time.Minute)
			if r.IntN(4) == 0 {
				start = now.Add(-time.Duration(r.IntN(50*24)) * time.Hour) // before much of the history
			}
			_, _, err := db.LogSessionClaiming(ctx, coach.Session{UserID: user, Start: start, Duration: time.Minute}, fmt.Sprintf("i%d", seq), now)
			return err
		}},
		{"a log without a claim", func(user string) error {
			seq++
			_, _, err := db.LogSession(ctx, coach.Session{UserID: user, Start: now.Add(time.Duration(r.IntN(600)) * time.Minute), Duration: time.Minute}, fmt.Sprintf("j%d", seq), now)
			return err
		}},
		{"a deleted hang", func(user string) error {
			ss, _, err := db.Sessions(ctx, user, 5, 0)
			if err != nil || len(ss) == 0 {
				return err
			}
			_, err = db.DeleteSession(ctx, user, ss[r.IntN(len(ss))].ID)
			return err
		}},
		{"a corrected hang", func(user string) error {
			ss, _, err := db.Sessions(ctx, user, 1, 0)
			if err != nil || len(ss) == 0 {
				return err
			}
			s := ss[0]
			s.Duration += time.Second
			_, err = db.CorrectSession(ctx, user, s)
			return err
		}},
		{"a saved profile", func(user string) error {
			return db.SaveProfile(ctx, coach.Profile{UserID: user, Device: coach.Devices()[r.IntN(len(coach.Devices()))], Timezone: "Europe/Paris", Weekly: 1 + r.IntN(7)}, now)
		}},
		{"the safety card", func(user string) error { return db.AckSafety(ctx, user, now) }},
		{"a join", func(user string) error {
			_, err := db.JoinGroup(ctx, "g1", user, true, now)
			return err
		}},
		{"a leave", func(user string) error {
			_, err := db.LeaveGroup(ctx, "g1", user)
			return err
		}},
		{"a deleted group", func(string) error {
			if _, err := db.w.ExecContext(ctx, `DELETE FROM groups WHERE guild_id = 'g1'`); err != nil {
				return err
			}
			return db.SaveGroup(ctx, testGroup(), replaced("g1"), nil, t0)
		}},
		{"a forgotten user", func(user string) error { return db.Forget(ctx, user) }},
		{"a rolled-back log", func(user string) error {
			tx, err := db.w.BeginTx(ctx, nil)
			if err != nil {
				return err
			}
			defer tx.Rollback()
			if _, err := db.exec(ctx, tx, ensureUserSQL, user, ms(now)); err != nil {
				return err
			}
			_, err = tx.ExecContext(ctx, `INSERT INTO sessions(user_id, started_ms, duration_ms, device, angle, note, routine, stopped_early, created_ms) VALUES(?, ?, 60000, '', 0, '', '', 0, ?)`,
				user, ms(now.Add(time.Hour)), ms(now))
			return err // rolled back by the deferred call
		}},
	}
	for i := range 120 {
		st := steps[r.IntN(len(steps))]
		if i < len(steps) {
			st = steps[i]
		}
		user := users[r.IntN(len(users))]
		if err := st.do(user); err != nil {
			t.Fatalf("%s for %s: %v", st.name, user, err)
		}
		answered += checkHot(t, db, r, users, now, st.name+" for "+user)
	}
	if answered < 500 {
		t.Errorf("the cache answered %d of %d reads: the test barely exercises it", answered, 6*len(users)*121)
	}
}

// While another process has the file open, the cache stands aside: a hang
// that process logs is in the next read here.
func TestHotCacheStandsAsideForAnotherProcess(t *testing.T) {
	db, path := openCached(t)
	ctx := context.Background()
	now := t0
	if _, _, err := db.LogSession(ctx, coach.Session{UserID: "u", Start: now.Add(-time.Hour), Duration: time.Minute}, "i1", now); err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := db.ProfileAndFacts(ctx, "u", now, coach.GentleSince(now), coach.PlanWindow); err != nil {
		t.Fatal(err)
	}
	if !hotAnswers(db, "u", now, coach.GentleSince(now)) {
		t.Fatal("the cache does not answer after a read filled it")
	}
	other, err := Open(ctx, path) // its own open file description, as another process's
	if err != nil {
		t.Fatal(err)
	}
	if hotAnswers(db, "u", now, coach.GentleSince(now)) {
		t.Error("the cache answers while another opener has the file")
	}
	if _, _, err := other.LogSession(ctx, coach.Session{UserID: "u", Start: now.Add(-time.Minute), Duration: time.Minute}, "i2", now); err != nil {
		t.Fatal(err)
	}
	_, _, f, err := db.ProfileAndFacts(ctx, "u", now, coach.GentleSince(now), coach.PlanWindow)
	if err != nil {
		t.Fatal(err)
	}
	if f.Total != 2 || !f.Prev.Equal(now.Add(-time.Minute)) {
		t.Errorf("with another opener: facts %+v, want 2 hangs, the latest a minute ago", f)
	}
	if err := other.Close(); err != nil {
		t.Fatal(err)
	}
	// Alone again: what the cache held before is not trusted.
	_, _, f, err = db.ProfileAndFacts(ctx, "u", now, coach.GentleSince(now), coach.PlanWindow)
	if err != nil {
		t.Fatal(err)
	}
	if f.Total != 2 {
		t.Errorf("alone again: facts %+v, want 2 hangs", f)
	}
}

// Logs and reads of the same users from many goroutines leave the cache
// agreeing with SQLite (and the race detector quiet).
func TestHotCacheUnderConcurrentLogs(t *testing.T) {
	db, _ := openCached(t)
	ctx := context.Background()
	now := t0
	users := []string{"x", "y", "z"}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 60 {
				user := users[(g+i)%len(users)]
				if _, _, _, err := db.ProfileAndFacts(ctx, user, now, coach.GentleSince(now), coach.PlanWindow); err != nil {
					errs <- err
					return
				}
				start := now.Add(-time.Duration((g*60+i)%(5*24*60)) * time.Minute)
				if _, _, err := db.LogSessionClaiming(ctx, coach.Session{UserID: user, Start: start, Duration: time.Minute}, fmt.Sprintf("c%d-%d", g, i), now); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	checkHot(t, db, rand.New(rand.NewPCG(1, 2)), users, now, "concurrent logs")
}
