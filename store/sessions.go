package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/hangtime/hangtime/coach"
)

const sessionCols = `id, user_id, started_ms, duration_ms, device, angle, note, routine, stopped_early`

type rowScanner interface{ Scan(dest ...any) error }

func scanSession(r rowScanner) (coach.Session, error) {
	var s coach.Session
	var start, dur int64
	var device string
	err := r.Scan(&s.ID, &s.UserID, &start, &dur, &device, &s.Angle, &s.Note, &s.Routine, &s.StoppedEarly)
	s.Start, s.Duration, s.Device = fromMS(start), time.Duration(dur)*time.Millisecond, coach.Device(device)
	return s, err
}

const logSessionSQL = `
		INSERT INTO sessions(user_id, interaction_id, started_ms, duration_ms, device, angle, note, routine, stopped_early, created_ms)
		VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(interaction_id) DO NOTHING RETURNING id`

// logSessionClaimingSQL inserts like logSessionSQL when the interaction
// (?2) was not claimed (ClaimInteraction) and the user (?1) has a row: the
// session's unique interaction_id is then the claim, so claiming costs no
// write of its own. It returns the new row's id, for PostgreSQL. SQLite
// runs logSessionClaimingLiteSQL, the same without RETURNING, and reads the
// id as the connection's last rowid (logOne): it would gather a RETURNING
// statement's rows in a temporary b-tree, opened and dropped at every log.
const (
	logSessionClaimingLiteSQL = `
		INSERT INTO sessions(user_id, interaction_id, started_ms, duration_ms, device, angle, note, routine, stopped_early, created_ms)
		SELECT ?1, ?2, CAST(?3 AS BIGINT), CAST(?4 AS BIGINT), ?5, CAST(?6 AS INTEGER), ?7, ?8, CAST(?9 AS INTEGER), CAST(?10 AS BIGINT)
		WHERE NOT EXISTS (SELECT 1 FROM interactions WHERE id = ?2) AND EXISTS (SELECT 1 FROM users WHERE user_id = ?1)
		ON CONFLICT(interaction_id) DO NOTHING`
	logSessionClaimingSQL = logSessionClaimingLiteSQL + ` RETURNING id`
)

// LogSessionClaiming is LogSession that also claims interactionID, as
// ClaimInteraction does: the one write of a logged hang, one statement
// when the user has a row (always, after the safety card), committed with
// other logs' arriving together (logBatch). created is
// false, and nothing is written, when the interaction was claimed or
// logged before (a duplicate delivery); s is then returned as it came.
func (db *DB) LogSessionClaiming(ctx context.Context, s coach.Session, interactionID string, now time.Time) (coach.Session, bool, error) {
	if interactionID == "" {
		return s, false, errors.New("log session: no interaction to claim")
	}
	args := []any{s.UserID, interactionID, ms(s.Start), s.Duration.Milliseconds(), string(s.Device), s.Angle, s.Note, s.Routine, s.StoppedEarly, ms(now)}
	id, err := db.logClaiming(ctx, args)
	if errors.Is(err, sql.ErrNoRows) {
		// Claimed already, or a user without a row (their data deleted
		// since the safety card): tell which in the transaction that
		// creates the row.
		return db.logSessionNewUser(ctx, s, args, now)
	}
	if err != nil {
		return s, false, fmt.Errorf("log session: %w", err)
	}
	s.ID = id
	return s, true, nil
}

func (db *DB) logSessionNewUser(ctx context.Context, s coach.Session, args []any, now time.Time) (coach.Session, bool, error) {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return s, false, fmt.Errorf("log session: %w", err)
	}
	defer tx.Rollback()
	if _, err := db.exec(ctx, tx, ensureUserSQL, s.UserID, ms(now)); err != nil {
		return s, false, fmt.Errorf("log session: %w", err)
	}
	id, err := db.logOne(ctx, tx, args)
	if errors.Is(err, sql.ErrNoRows) {
		return s, false, nil // claimed before
	}
	if err != nil {
		return s, false, fmt.Errorf("log session: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return s, false, fmt.Errorf("log session: %w", err)
	}
	s.ID = id
	return s, true, nil
}

// LogSession stores a hang. interactionID, when not empty, makes the write
// idempotent: logging again with the same id returns the first session and
// created false.
func (db *DB) LogSession(ctx context.Context, s coach.Session, interactionID string, now time.Time) (coach.Session, bool, error) {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return s, false, fmt.Errorf("log session: %w", err)
	}
	defer tx.Rollback()
	if _, err := db.exec(ctx, tx, ensureUserSQL, s.UserID, ms(now)); err != nil {
		return s, false, fmt.Errorf("log session: %w", err)
	}
	var iid any
	if interactionID != "" {
		iid = interactionID
	}
	err = db.wstmtRow(ctx, tx, logSessionSQL,
		s.UserID, iid, ms(s.Start), s.Duration.Milliseconds(), string(s.Device), s.Angle, s.Note, s.Routine, s.StoppedEarly, ms(now)).Scan(&s.ID)
	if errors.Is(err, sql.ErrNoRows) {
		// The id may be a stranger's data (a button's custom id): look only
		// among the user's own sessions.
		prev, err := scanSession(tx.QueryRowContext(ctx, `SELECT `+sessionCols+` FROM sessions WHERE interaction_id = ? AND user_id = ?`, interactionID, s.UserID))
		if errors.Is(err, sql.ErrNoRows) {
			return s, false, fmt.Errorf("log session: interaction %s: %w", interactionID, coach.ErrNotYours)
		}
		if err != nil {
			return s, false, fmt.Errorf("log session: find earlier: %w", err)
		}
		return prev, false, nil
	}
	if err != nil {
		return s, false, fmt.Errorf("log session: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return s, false, fmt.Errorf("log session: %w", err)
	}
	return s, true, nil
}

// Sessions returns up to limit of the user's sessions, newest first, after
// skipping offset, and how many sessions the user has in all.
func (db *DB) Sessions(ctx context.Context, userID string, limit, offset int) ([]coach.Session, int, error) {
	var total int
	if err := db.sql.QueryRowContext(ctx, `SELECT count(*) FROM sessions WHERE user_id = ?`, userID).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count sessions: %w", err)
	}
	list, err := db.querySessions(ctx, `SELECT `+sessionCols+` FROM sessions WHERE user_id = ? ORDER BY started_ms DESC, id DESC LIMIT ? OFFSET ?`, userID, limit, offset)
	return list, total, err
}

// SessionsSince returns the user's sessions that started at or after since,
// newest first; a zero since means all of them.
func (db *DB) SessionsSince(ctx context.Context, userID string, since time.Time) ([]coach.Session, error) {
	return db.querySessions(ctx, `SELECT `+sessionCols+` FROM sessions WHERE user_id = ? AND started_ms >= ? ORDER BY started_ms DESC, id DESC`, userID, ms(since))
}

func (db *DB) querySessions(ctx context.Context, q string, args ...any) ([]coach.Session, error) {
	rows, err := db.sql.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list sessions: %w", err)
	}
	defer rows.Close()
	var out []coach.Session
	for rows.Next() {
		s, err := scanSession(rows)
		if err != nil {
			return nil, fmt.Errorf("list sessions: %w", err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list sessions: %w", err)
	}
	return out, nil
}

// LastLogged returns the session the user logged most recently (not the one
// that started last: a past hang logged with ago is still the last logged);
// ok is false when the user has none.
func (db *DB) LastLogged(ctx context.Context, userID string) (s coach.Session, ok bool, err error) {
	s, err = scanSession(db.sql.QueryRowContext(ctx, `SELECT `+sessionCols+` FROM sessions WHERE user_id = ? ORDER BY id DESC LIMIT 1`, userID))
	if errors.Is(err, sql.ErrNoRows) {
		return s, false, nil
	}
	if err != nil {
		return s, false, fmt.Errorf("load last session: %w", err)
	}
	return s, true, nil
}

// Session returns one of the user's sessions; ok is false when there is no
// such session (removed, or someone else's).
func (db *DB) Session(ctx context.Context, userID string, id int64) (s coach.Session, ok bool, err error) {
	s, err = scanSession(db.sql.QueryRowContext(ctx, `SELECT `+sessionCols+` FROM sessions WHERE id = ? AND user_id = ?`, id, userID))
	if errors.Is(err, sql.ErrNoRows) {
		return s, false, nil
	}
	if err != nil {
		return s, false, fmt.Errorf("load session: %w", err)
	}
	return s, true, nil
}

// DeleteSession removes one of the user's sessions; it reports false when
// there was no such session (already removed, or someone else's).
func (db *DB) DeleteSession(ctx context.Context, userID string, id int64) (bool, error) {
	res, err := db.w.ExecContext(ctx, `DELETE FROM sessions WHERE id = ? AND user_id = ?`, id, userID)
	if err != nil {
		return false, fmt.Errorf("delete session: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("delete session: %w", err)
	}
	return n == 1, nil
}
