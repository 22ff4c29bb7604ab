package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

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
		VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(interaction_id) DO NOTHING`

// logSessionClaimingSQL inserts like logSessionSQL unless the interaction
// (?2) was claimed: the session's unique interaction_id is the claim, so
// claiming costs no write of its own.
const logSessionClaimingSQL = `
		INSERT INTO sessions(user_id, interaction_id, started_ms, duration_ms, device, angle, note, routine, stopped_early, created_ms)
		SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM interactions WHERE id = ?2)
		ON CONFLICT(interaction_id) DO NOTHING`

// LogSession stores a hang. interactionID, when not empty, makes the write
// idempotent: logging again with the same id returns the first session and
// created false. Only a session of s's user is ever returned: an id that
// another user's session holds is an error.
func (db *DB) LogSession(ctx context.Context, s coach.Session, interactionID string, now time.Time) (coach.Session, bool, error) {
	return db.logSession(ctx, s, interactionID, false, now)
}

// LogSessionClaiming is LogSession that also claims interactionID, as
// ClaimInteraction does, in the same write transaction: the one write of a
// logged hang. created is false, and nothing is written, when the
// interaction was claimed or logged before (a duplicate delivery); s is
// then returned as it came.
func (db *DB) LogSessionClaiming(ctx context.Context, s coach.Session, interactionID string, now time.Time) (coach.Session, bool, error) {
	if interactionID == "" {
		return s, false, errors.New("log session: no interaction to claim")
	}
	var created bool
	var err error
	db.warm.run(func() { s, created, err = db.logSession(ctx, s, interactionID, true, now) })
	return s, created, err
}

func (db *DB) logSession(ctx context.Context, s coach.Session, interactionID string, claim bool, now time.Time) (coach.Session, bool, error) {
	var iid any
	if interactionID != "" {
		iid = interactionID
	}
	q := logSessionSQL
	if claim {
		q = logSessionClaimingSQL
	}
	args := []any{s.UserID, iid, ms(s.Start), s.Duration.Milliseconds(), string(s.Device), s.Angle, s.Note, s.Routine, s.StoppedEarly, ms(now)}
	// The user has a row almost always (their profile, safety card): then
	// the insert is one statement, its own transaction, holding the write
	// connection for the least time. A first hang fails on the foreign key
	// and creates the user in the same transaction as the hang.
	res, err := db.exec(ctx, nil, q, args...)
	if se := (*sqlite.Error)(nil); errors.As(err, &se) && se.Code() == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY {
		res, err = db.logNewUser(ctx, s.UserID, q, args, now)
	}
	if err != nil {
		return s, false, fmt.Errorf("log session: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return s, false, fmt.Errorf("log session: %w", err)
	}
	if n == 0 && claim {
		return s, false, nil
	}
	if n == 0 {
		// The id is a stranger's data (a button's custom id): look only
		// among the user's own sessions.
		prev, err := scanSession(db.sql.QueryRowContext(ctx, `SELECT `+sessionCols+` FROM sessions WHERE interaction_id = ? AND user_id = ?`, interactionID, s.UserID))
		if err != nil {
			return s, false, fmt.Errorf("log session: find the user's earlier session: %w", err)
		}
		return prev, false, nil
	}
	if s.ID, err = res.LastInsertId(); err != nil {
		return s, false, fmt.Errorf("log session: %w", err)
	}
	return s, true, nil
}

// logNewUser runs the session insert q for a user without a row yet,
// creating it in the same transaction.
func (db *DB) logNewUser(ctx context.Context, userID, q string, args []any, now time.Time) (sql.Result, error) {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	if _, err := db.exec(ctx, tx, ensureUserSQL, userID, ms(now)); err != nil {
		return nil, err
	}
	res, err := db.exec(ctx, tx, q, args...)
	if err != nil {
		return nil, err
	}
	return res, tx.Commit()
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
