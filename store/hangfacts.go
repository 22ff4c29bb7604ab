package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/hangtime/hangtime/coach"
)

// factsCountCap bounds the count of HangFacts: what it decides turns on
// counts up to 100, and counting a long history would cost a step per hang.
const factsCountCap = "101"

// hangFactsSQL reads coach.HangFacts in one statement, every part of it
// from the sessions_by_user index alone: ?1 the user, ?2 the start of the
// hang about to be logged, ?3 Since, ?4 the window, ?5 coach.GuardHangs.
// The count of recent hangs, up to the window, is read only when
// coach.NeedsRecent says so (its condition is written out in the CASE):
// a new user's log costs a few index probes and a count of at most 101.
const hangFactsSQL = `SELECT n, first, prev, next,
	CASE WHEN n >= ?5 AND first <= ?3 THEN
		(SELECT count(*) FROM (SELECT 1 FROM sessions WHERE user_id = ?1 AND started_ms > ?3 LIMIT ?4) r)
	ELSE -1 END AS recent
FROM (SELECT
	(SELECT count(*) FROM (SELECT 1 FROM sessions WHERE user_id = ?1 LIMIT ` + factsCountCap + `) c) AS n,
	(SELECT min(started_ms) FROM sessions WHERE user_id = ?1) AS first,
	(SELECT max(started_ms) FROM sessions WHERE user_id = ?1 AND started_ms <= ?2) AS prev,
	(SELECT min(started_ms) FROM sessions WHERE user_id = ?1 AND started_ms > ?2) AS next) f`

// HangFacts summarises the user's hangs around one about to be logged
// that starts at added, as of the moment whose coach.GentleSince is since;
// window is how many recent hangs the beginner guard looks at
// (coach.PlanWindow).
func (db *DB) HangFacts(ctx context.Context, userID string, added, since time.Time, window int) (coach.HangFacts, error) {
	if db.hot != nil {
		if _, _, f, ok := db.hot.facts(userID, added, since, window); ok {
			return f, nil
		}
	}
	f := coach.HangFacts{Added: added, Since: since}
	var c factCols
	if err := db.hotRow(ctx, hangFactsSQL, userID, ms(added), ms(since), window, coach.GuardHangs).Scan(c.dest(&f)...); err != nil {
		return f, fmt.Errorf("hang facts: %w", err)
	}
	c.fill(&f)
	return f, nil
}

// ProfileAndFacts is ProfileAndGroups and HangFacts in one read, for a
// /hang log: one statement where there would be two. A user without a
// row has an empty profile, and facts of no hangs.
func (db *DB) ProfileAndFacts(ctx context.Context, userID string, added, since time.Time, window int) (coach.Profile, bool, coach.HangFacts, error) {
	if db.hot != nil {
		if p, member, f, ok := db.hot.facts(userID, added, since, window); ok {
			return p, member, f, nil
		}
		if err := db.fillHot(ctx, userID); err != nil {
			return coach.Profile{UserID: userID}, false, coach.HangFacts{}, err
		}
		if p, member, f, ok := db.hot.facts(userID, added, since, window); ok {
			return p, member, f, nil
		}
	}
	return db.profileAndFactsRead(ctx, userID, added, since, window)
}

// profileAndFactsRead is ProfileAndFacts from SQLite, without the cache.
func (db *DB) profileAndFactsRead(ctx context.Context, userID string, added, since time.Time, window int) (coach.Profile, bool, coach.HangFacts, error) {
	f := coach.HangFacts{Added: added, Since: since, Recent: -1}
	var c factCols
	p, member, err := scanProfile(db.hotRow(ctx, profileAndFactsSQL, userID, ms(added), ms(since), window, coach.GuardHangs), userID, c.dest(&f)...)
	if errors.Is(err, sql.ErrNoRows) {
		return p, false, f, nil
	}
	if err != nil {
		return p, false, f, fmt.Errorf("load profile and hang facts: %w", err)
	}
	c.fill(&f)
	return p, member, f, nil
}

// profileAndFactsSQL is profileAndGroupsSQL's columns, then hangFactsSQL's.
const profileAndFactsSQL = profileAndGroupsSQL + `, h.n, h.first, h.prev, h.next, h.recent FROM users, (` + hangFactsSQL + `) h WHERE users.user_id = ?1`

// factCols are the columns of hangFactsSQL as scanned.
type factCols struct{ first, prev, next sql.NullInt64 }

func (c *factCols) dest(f *coach.HangFacts) []any {
	return []any{&f.Total, &c.first, &c.prev, &c.next, &f.Recent}
}

func (c *factCols) fill(f *coach.HangFacts) {
	at := func(v sql.NullInt64) time.Time {
		if !v.Valid {
			return time.Time{}
		}
		return fromMS(v.Int64)
	}
	f.First, f.Prev, f.Next = at(c.first), at(c.prev), at(c.next)
}

const planScanSQL = `SELECT ` + sessionCols + ` FROM sessions WHERE user_id = ? ORDER BY started_ms DESC, id DESC LIMIT ?`

// planOldestSQL is the oldest hang of the window (?2 most recent of user
// ?1) that started by ?3.
const planOldestSQL = `SELECT ` + sessionCols + ` FROM sessions WHERE id = (
	SELECT id FROM (SELECT id, started_ms FROM sessions WHERE user_id = ?1 ORDER BY started_ms DESC, id DESC LIMIT ?2) w
	WHERE started_ms <= ?3 ORDER BY started_ms ASC, id ASC LIMIT 1)`

// PlanHistory returns what coach.MakePlan reads of the user's window most
// recent hangs, newest first, for a plan on device, among those that
// started by now: the latest, those on device (or on no device) and not in
// a routine up to the limit-th, and the oldest. MakePlan gives the same
// plan for it as for the whole window (store tests compare them), and a
// long history costs about limit rows instead of window.
func (db *DB) PlanHistory(ctx context.Context, userID string, device coach.Device, window, limit int, now time.Time) ([]coach.Session, error) {
	rows, err := db.query(ctx, nil, planScanSQL, userID, window)
	if err != nil {
		return nil, fmt.Errorf("plan history: %w", err)
	}
	var out []coach.Session
	matched, scanned := 0, 0
	var last coach.Session // the oldest read that started by now
	for rows.Next() {
		scanned++
		s, err := scanSession(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("plan history: %w", err)
		}
		if s.Start.After(now) {
			continue
		}
		mine := (s.Device == device || s.Device == "") && s.Routine == ""
		if len(out) == 0 || mine {
			out = append(out, s) // the latest, then the device's
		}
		if mine {
			if matched++; matched == limit {
				break
			}
		}
		last = s
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return nil, fmt.Errorf("plan history: %w", err)
	}
	oldest := last
	if matched == limit && scanned < window {
		// Stopped early: the oldest is further back.
		if oldest, err = scanSession(db.queryRow(ctx, nil, planOldestSQL, userID, window, ms(now))); err != nil {
			return nil, fmt.Errorf("plan history: oldest: %w", err)
		}
	}
	if len(out) > 0 && oldest.ID != out[len(out)-1].ID {
		out = append(out, oldest)
	}
	return out, nil
}
