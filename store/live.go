package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/hangtime/hangtime/coach"
)

const liveCols = `user_id, interaction_id, started_ms, target_ms, device, angle, routine, message_ref`

func scanLive(r rowScanner) (coach.Live, error) {
	var l coach.Live
	var start, target int64
	var device string
	err := r.Scan(&l.UserID, &l.InteractionID, &start, &target, &device, &l.Angle, &l.Routine, &l.MessageRef)
	l.Start, l.Target, l.Device = fromMS(start), fromMS(target), coach.Device(device)
	return l, err
}

// StartLive stores a live hang and queues end, the job that completes it at
// its target, in one transaction. When the user already has one, it returns
// that one with started false; the same interaction delivered again also
// gets started false and its own session.
func (db *DB) StartLive(ctx context.Context, l coach.Live, end coach.Job, now time.Time) (cur coach.Live, started bool, err error) {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return l, false, fmt.Errorf("start live hang: %w", err)
	}
	defer tx.Rollback()
	if err := ensureUser(ctx, tx, l.UserID, now); err != nil {
		return l, false, fmt.Errorf("start live hang: %w", err)
	}
	cur, err = scanLive(tx.QueryRowContext(ctx, `SELECT `+liveCols+` FROM live_sessions WHERE user_id = ?`, l.UserID))
	if err == nil {
		return cur, false, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return l, false, fmt.Errorf("start live hang: %w", err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO live_sessions(`+liveCols+`) VALUES(?, ?, ?, ?, ?, ?, ?, ?)`,
		l.UserID, l.InteractionID, ms(l.Start), ms(l.Target), string(l.Device), l.Angle, l.Routine, l.MessageRef)
	if err != nil {
		return l, false, fmt.Errorf("start live hang: %w", err)
	}
	if _, _, err := addJob(ctx, tx, end, now); err != nil {
		return l, false, err
	}
	return l, true, tx.Commit()
}

// LiveSession returns the user's live hang; ok is false when there is none.
func (db *DB) LiveSession(ctx context.Context, userID string) (l coach.Live, ok bool, err error) {
	l, err = scanLive(db.sql.QueryRowContext(ctx, `SELECT `+liveCols+` FROM live_sessions WHERE user_id = ?`, userID))
	if errors.Is(err, sql.ErrNoRows) {
		return l, false, nil
	}
	if err != nil {
		return l, false, fmt.Errorf("load live hang: %w", err)
	}
	return l, true, nil
}

// EndLive ends the user's live hang started by interactionID ("" for
// whichever is running) at now, the way how says, and withdraws the job
// that would have completed it (the user's pending jobs of endKind: a user
// has one live hang at most), in one transaction. The session
// coach.EndLive makes of it is returned, and recorded when it is to be
// logged (then its ID is set). ok is false when there was no such live
// hang: it already ended, so a Done click racing the target logs once.
func (db *DB) EndLive(ctx context.Context, userID, interactionID, endKind string, how coach.EndKind, now time.Time) (l coach.Live, s coach.Session, ok bool, err error) {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return l, s, false, fmt.Errorf("end live hang: %w", err)
	}
	defer tx.Rollback()
	l, err = scanLive(tx.QueryRowContext(ctx, `DELETE FROM live_sessions WHERE user_id = ?1 AND (?2 = '' OR interaction_id = ?2) RETURNING `+liveCols, userID, interactionID))
	if errors.Is(err, sql.ErrNoRows) {
		return l, s, false, nil
	}
	if err != nil {
		return l, s, false, fmt.Errorf("end live hang: %w", err)
	}
	if _, err := cancelJobs(ctx, tx, l.UserID, endKind, now); err != nil {
		return l, s, false, fmt.Errorf("end live hang: %w", err)
	}
	s, log := coach.EndLive(l, now, how)
	if log {
		err := tx.QueryRowContext(ctx, `
			INSERT INTO sessions(user_id, interaction_id, started_ms, duration_ms, device, angle, note, routine, stopped_early, created_ms)
			VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(interaction_id) DO NOTHING RETURNING id`,
			s.UserID, l.InteractionID, ms(s.Start), s.Duration.Milliseconds(), string(s.Device), s.Angle, s.Note, s.Routine, s.StoppedEarly, ms(now)).Scan(&s.ID)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return l, s, false, fmt.Errorf("end live hang: log: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return l, s, false, fmt.Errorf("end live hang: %w", err)
	}
	return l, s, true, nil
}
