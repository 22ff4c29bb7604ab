package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/hangtime/hangtime/coach"
)

// execer is what both *sql.DB and *sql.Tx offer for writes.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

func ensureUser(ctx context.Context, e execer, userID string, now time.Time) error {
	_, err := e.ExecContext(ctx, ensureUserSQL, userID, ms(now))
	return err
}

const ensureUserSQL = `INSERT INTO users(user_id, created_ms) VALUES(?, ?) ON CONFLICT DO NOTHING`

// Profile returns the user's profile; a user never seen has an empty one.
func (db *DB) Profile(ctx context.Context, userID string) (coach.Profile, error) {
	p := coach.Profile{UserID: userID}
	var device, level string
	var ack int64
	err := db.queryRow(ctx, nil, `SELECT device, timezone, level, safety_ack_ms FROM users WHERE user_id = ?`, userID).
		Scan(&device, &p.Timezone, &level, &ack)
	if errors.Is(err, sql.ErrNoRows) {
		return p, nil
	}
	if err != nil {
		return p, fmt.Errorf("load profile: %w", err)
	}
	p.Device, p.Level, p.SafetyAck = coach.Device(device), coach.Level(level), fromMS(ack)
	return p, nil
}

const saveProfileSQL = `
		INSERT INTO users(user_id, device, timezone, level, created_ms) VALUES(?, ?, ?, ?, ?)
		ON CONFLICT(user_id) DO UPDATE SET device = excluded.device, timezone = excluded.timezone, level = excluded.level`

// ProfileAndGroups returns the user's profile, as Profile does, and whether
// they are a member of any group, in one read: after logging a hang the
// bot checks the groups for a milestone, which a non-member skips.
func (db *DB) ProfileAndGroups(ctx context.Context, userID string) (p coach.Profile, member bool, err error) {
	db.warm.run(func() { p, member, err = db.profileAndGroups(ctx, userID) })
	return p, member, err
}

func (db *DB) profileAndGroups(ctx context.Context, userID string) (coach.Profile, bool, error) {
	p := coach.Profile{UserID: userID}
	var device, level string
	var ack int64
	var member bool
	err := db.queryRow(ctx, nil, `SELECT device, timezone, level, safety_ack_ms,
		EXISTS(SELECT 1 FROM group_members WHERE user_id = ?1) FROM users WHERE user_id = ?1`, userID).
		Scan(&device, &p.Timezone, &level, &ack, &member)
	if errors.Is(err, sql.ErrNoRows) {
		return p, false, nil
	}
	if err != nil {
		return p, false, fmt.Errorf("load profile: %w", err)
	}
	p.Device, p.Level, p.SafetyAck = coach.Device(device), coach.Level(level), fromMS(ack)
	return p, member, nil
}

// SaveProfile stores the profile's device, time zone and level.
func (db *DB) SaveProfile(ctx context.Context, p coach.Profile, now time.Time) error {
	_, err := db.w.ExecContext(ctx, saveProfileSQL, p.UserID, string(p.Device), p.Timezone, string(p.Level), ms(now))
	if err != nil {
		return fmt.Errorf("save profile: %w", err)
	}
	return nil
}

// SaveProfileMovingReminder stores the profile as SaveProfile does and, in
// the same transaction, when the user has a post-workout schedule, replaces
// the reminders queued from it with next (computed for the profile's new
// time zone). Either both are saved or nothing is. moved reports whether
// the user had a schedule, so next was queued.
func (db *DB) SaveProfileMovingReminder(ctx context.Context, p coach.Profile, next coach.Job, now time.Time) (moved bool, err error) {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("save profile: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, saveProfileSQL, p.UserID, string(p.Device), p.Timezone, string(p.Level), ms(now)); err != nil {
		return false, fmt.Errorf("save profile: %w", err)
	}
	// Read inside the transaction: a schedule cleared meanwhile gets no
	// reminder back.
	var one int
	err = tx.QueryRowContext(ctx, `SELECT 1 FROM gym_schedules WHERE user_id = ?`, p.UserID).Scan(&one)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return false, fmt.Errorf("save profile: %w", err)
	default:
		if err := cancelScheduled(ctx, tx, p.UserID, now); err != nil {
			return false, fmt.Errorf("save profile: %w", err)
		}
		if _, _, err := addJob(ctx, tx, next, now); err != nil {
			return false, fmt.Errorf("save profile: %w", err)
		}
		moved = true
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("save profile: %w", err)
	}
	return moved, nil
}

// AckSafety records that the user acknowledged the safety card at at; an
// earlier acknowledgement is kept.
func (db *DB) AckSafety(ctx context.Context, userID string, at time.Time) error {
	_, err := db.w.ExecContext(ctx, `
		INSERT INTO users(user_id, safety_ack_ms, created_ms) VALUES(?, ?, ?)
		ON CONFLICT(user_id) DO UPDATE SET safety_ack_ms = excluded.safety_ack_ms WHERE safety_ack_ms = 0`,
		userID, ms(at), ms(at))
	if err != nil {
		return fmt.Errorf("acknowledge safety: %w", err)
	}
	return nil
}

// Forget deletes everything stored about the user: their row (which
// cascades to sessions, schedules, jobs, memberships…) and the traces of
// their id elsewhere (who set a group up, shout-outs posted).
func (db *DB) Forget(ctx context.Context, userID string) error {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("forget user: %w", err)
	}
	defer tx.Rollback()
	for _, q := range []string{
		`DELETE FROM users WHERE user_id = ?1`,
		`UPDATE groups SET created_by = '' WHERE created_by = ?1`,
		`DELETE FROM group_posts WHERE key LIKE 'shoutout:%:' || ?1 || ':%'`,
	} {
		if _, err := tx.ExecContext(ctx, q, userID); err != nil {
			return fmt.Errorf("forget user: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("forget user: %w", err)
	}
	return nil
}

// claimInteractionSQL claims an interaction unless it is claimed already:
// in interactions, or by the hang it logged (LogSessionClaiming).
const claimInteractionSQL = `INSERT INTO interactions(id, seen_ms) SELECT ?1, ?2
		WHERE NOT EXISTS (SELECT 1 FROM sessions WHERE interaction_id = ?1) ON CONFLICT DO NOTHING`

// ClaimInteraction records the interaction as handled. It reports false when
// it was claimed before (here, or by LogSessionClaiming), so a duplicate
// delivery is not acted on twice.
func (db *DB) ClaimInteraction(ctx context.Context, id string, now time.Time) (fresh bool, err error) {
	db.warm.run(func() { fresh, err = db.claimInteraction(ctx, id, now) })
	return fresh, err
}

func (db *DB) claimInteraction(ctx context.Context, id string, now time.Time) (bool, error) {
	res, err := db.exec(ctx, nil, claimInteractionSQL, id, ms(now))
	if err != nil {
		return false, fmt.Errorf("claim interaction: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("claim interaction: %w", err)
	}
	return n == 1, nil
}

// PruneInteractions forgets claims older than before; Discord never
// re-delivers an interaction that old (its token lasts 15 minutes).
func (db *DB) PruneInteractions(ctx context.Context, before time.Time) (int64, error) {
	res, err := db.w.ExecContext(ctx, `DELETE FROM interactions WHERE seen_ms < ?`, ms(before))
	if err != nil {
		return 0, fmt.Errorf("prune interactions: %w", err)
	}
	return res.RowsAffected()
}

// SavePending stores a command interrupted by the safety card, with its
// options encoded by the caller, and returns its id.
func (db *DB) SavePending(ctx context.Context, userID, interactionID, command string, options []byte, now time.Time) (int64, error) {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("save pending command: %w", err)
	}
	defer tx.Rollback()
	if err := ensureUser(ctx, tx, userID, now); err != nil {
		return 0, fmt.Errorf("save pending command: %w", err)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO pending_commands(user_id, interaction_id, command, options, created_ms) VALUES(?, ?, ?, ?, ?)`,
		userID, interactionID, command, string(options), ms(now))
	if err != nil {
		return 0, fmt.Errorf("save pending command: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, fmt.Errorf("save pending command: %w", err)
	}
	return id, tx.Commit()
}

// TakePending removes the user's pending command with that id and returns
// it; ok is false when there is none (already carried out, or not theirs).
func (db *DB) TakePending(ctx context.Context, userID string, id int64) (interactionID, command string, options []byte, ok bool, err error) {
	var opts string
	err = db.w.QueryRowContext(ctx, `DELETE FROM pending_commands WHERE id = ? AND user_id = ? RETURNING interaction_id, command, options`, id, userID).
		Scan(&interactionID, &command, &opts)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", nil, false, nil
	}
	if err != nil {
		return "", "", nil, false, fmt.Errorf("take pending command: %w", err)
	}
	return interactionID, command, []byte(opts), true, nil
}
