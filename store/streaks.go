package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/hangtime/hangtime/coach"
)

// Days are stored as the user's local calendar day, YYYY-MM-DD, which sorts
// and compares as text in calendar order. An open-ended pause has to_day ''.

// AddRest marks day as one of the user's rest days. Marking the same day
// again changes nothing. The weekly allowance is the caller's to check
// (coach.CanRest) before.
func (db *DB) AddRest(ctx context.Context, userID string, day coach.Day, now time.Time) error {
	if day.IsZero() {
		return errors.New("add rest day: zero day")
	}
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("add rest day: %w", err)
	}
	defer tx.Rollback()
	if err := ensureUser(ctx, tx, userID, now); err != nil {
		return fmt.Errorf("add rest day: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO rest_days(user_id, day) VALUES(?, ?) ON CONFLICT DO NOTHING`, userID, day.String()); err != nil {
		return fmt.Errorf("add rest day: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("add rest day: %w", err)
	}
	return nil
}

// Rests returns the user's rest days, earliest first.
func (db *DB) Rests(ctx context.Context, userID string) ([]coach.Day, error) {
	return db.rests(ctx, nil, userID)
}

func (db *DB) rests(ctx context.Context, tx *sql.Tx, userID string) ([]coach.Day, error) {
	rows, err := db.query(ctx, tx, restsSQL, userID)
	return scanAll(rows, err, "list rest days", func(rows *sql.Rows) (coach.Day, error) {
		var s string
		if err := rows.Scan(&s); err != nil {
			return coach.Day{}, err
		}
		d, err := coach.ParseDay("day", s)
		if err != nil {
			return d, fmt.Errorf("stored day %q: %w", s, err)
		}
		return d, nil
	})
}

// StartPause stores a streak pause. It refuses, with ok false and the
// pause in the way, when the user already has a pause that is open-ended
// or shares a day with p; nothing is written then. A zero p.To makes p
// open-ended.
func (db *DB) StartPause(ctx context.Context, userID string, p coach.Pause, now time.Time) (existing coach.Pause, ok bool, err error) {
	if p.From.IsZero() || (!p.To.IsZero() && p.To.Before(p.From)) {
		return coach.Pause{}, false, fmt.Errorf("start pause: invalid pause %v to %v", p.From, p.To)
	}
	to := ""
	if !p.To.IsZero() {
		to = p.To.String()
	}
	// The transaction starts with a write lock (_txlock=immediate), so the
	// overlap check and the insert cannot interleave with another request.
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return coach.Pause{}, false, fmt.Errorf("start pause: %w", err)
	}
	defer tx.Rollback()
	// Two pauses overlap when each starts on or before the other ends; an
	// open end is later than any day.
	var from, until string
	err = tx.QueryRowContext(ctx, `
		SELECT from_day, to_day FROM pauses
		WHERE user_id = ? AND (? = '' OR from_day <= ?) AND (to_day = '' OR to_day >= ?)
		ORDER BY from_day LIMIT 1`,
		userID, to, to, p.From.String()).Scan(&from, &until)
	switch {
	case err == nil:
		q, err := parsePause(from, until)
		if err != nil {
			return coach.Pause{}, false, fmt.Errorf("start pause: %w", err)
		}
		return q, false, nil
	case !errors.Is(err, sql.ErrNoRows):
		return coach.Pause{}, false, fmt.Errorf("start pause: %w", err)
	}
	if err := ensureUser(ctx, tx, userID, now); err != nil {
		return coach.Pause{}, false, fmt.Errorf("start pause: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO pauses(user_id, from_day, to_day) VALUES(?, ?, ?)`, userID, p.From.String(), to); err != nil {
		return coach.Pause{}, false, fmt.Errorf("start pause: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return coach.Pause{}, false, fmt.Errorf("start pause: %w", err)
	}
	return p, true, nil
}

// EndPause ends the user's current pause: one that is open-ended or lasts
// until today or later. It then ends yesterday, so the days paused so far
// keep the streak and today counts as an ordinary day again (which, not
// being over, cannot break the streak yet). A pause that starts today or
// later is removed. EndPause reports false when there was no such pause.
func (db *DB) EndPause(ctx context.Context, userID string, today coach.Day) (bool, error) {
	if today.IsZero() {
		return false, errors.New("end pause: zero day")
	}
	t, y := today.String(), today.AddDays(-1).String()
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("end pause: %w", err)
	}
	defer tx.Rollback()
	del, err := tx.ExecContext(ctx, `DELETE FROM pauses WHERE user_id = ? AND from_day >= ? AND (to_day = '' OR to_day >= ?)`, userID, t, t)
	if err != nil {
		return false, fmt.Errorf("end pause: %w", err)
	}
	upd, err := tx.ExecContext(ctx, `UPDATE pauses SET to_day = ? WHERE user_id = ? AND from_day < ? AND (to_day = '' OR to_day >= ?)`, y, userID, t, t)
	if err != nil {
		return false, fmt.Errorf("end pause: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("end pause: %w", err)
	}
	nd, _ := del.RowsAffected()
	nu, _ := upd.RowsAffected()
	return nd+nu > 0, nil
}

// Pauses returns the user's pauses, earliest first.
func (db *DB) Pauses(ctx context.Context, userID string) ([]coach.Pause, error) {
	return db.pauses(ctx, nil, userID)
}

func (db *DB) pauses(ctx context.Context, tx *sql.Tx, userID string) ([]coach.Pause, error) {
	rows, err := db.query(ctx, tx, pausesSQL, userID)
	return scanAll(rows, err, "list pauses", func(rows *sql.Rows) (coach.Pause, error) {
		var from, to string
		if err := rows.Scan(&from, &to); err != nil {
			return coach.Pause{}, err
		}
		return parsePause(from, to)
	})
}

// StreakRecord reads what the user's streaks are computed from in one
// read transaction: one consistent view, and one start of a read instead
// of four (a read connection reads its pages again whenever the WAL has
// moved, which logging hangs does all the time). The starts come from
// the sessions_by_user index alone, newest first. A log's milestone check
// runs it, so it is on the path of a user's first hang of each day.
func (db *DB) StreakRecord(ctx context.Context, userID string) (coach.StreakRecord, error) {
	var r coach.StreakRecord
	ctx = db.quick(ctx)
	db.prepareReads(ctx, sessionStartsSQL, restsSQL, pausesSQL, gymSchedulesSQL)
	tx, err := db.sql.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return r, fmt.Errorf("load streak record: %w", err)
	}
	defer tx.Rollback()
	rows, err := db.query(ctx, tx, sessionStartsSQL, userID)
	if r.Starts, err = scanAll(rows, err, "list session starts", func(rows *sql.Rows) (time.Time, error) {
		var v int64
		err := rows.Scan(&v)
		return fromMS(v), err
	}); err != nil {
		return r, err
	}
	if r.Rests, err = db.rests(ctx, tx, userID); err != nil {
		return r, err
	}
	if r.Pauses, err = db.pauses(ctx, tx, userID); err != nil {
		return r, err
	}
	if r.Gym, err = db.gymSchedules(ctx, tx, userID); err != nil {
		return r, err
	}
	return r, nil
}

const (
	restsSQL         = `SELECT day FROM rest_days WHERE user_id = ? ORDER BY day`
	pausesSQL        = `SELECT from_day, to_day FROM pauses WHERE user_id = ? ORDER BY from_day, id`
	sessionStartsSQL = `SELECT started_ms FROM sessions WHERE user_id = ? ORDER BY started_ms DESC, id DESC`
)

func parsePause(from, to string) (coach.Pause, error) {
	var p coach.Pause
	var err error
	if p.From, err = coach.ParseDay("from_day", from); err != nil {
		return p, fmt.Errorf("stored pause start %q: %w", from, err)
	}
	if to != "" {
		if p.To, err = coach.ParseDay("to_day", to); err != nil {
			return p, fmt.Errorf("stored pause end %q: %w", to, err)
		}
	}
	return p, nil
}
