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
	p, _, err := db.profile(ctx, `SELECT device, timezone, level, safety_ack_ms, weekly, notify, 0 FROM users WHERE user_id = ?1`, userID)
	return p, err
}

// ProfileAndGroups returns the user's profile, as Profile does, and whether
// they are a member of any group, in one read: after a hang is logged the
// group feature checks for milestones to share, which a non-member skips.
func (db *DB) ProfileAndGroups(ctx context.Context, userID string) (coach.Profile, bool, error) {
	return db.profile(ctx, profileAndGroupsSQL+` FROM users WHERE user_id = ?1`, userID)
}

// profileAndGroupsSQL selects what scanProfile reads, from users.
const profileAndGroupsSQL = `SELECT device, timezone, level, safety_ack_ms, weekly, notify,
		CASE WHEN EXISTS (SELECT 1 FROM group_members WHERE user_id = ?1) THEN 1 ELSE 0 END`

func (db *DB) profile(ctx context.Context, q, userID string) (coach.Profile, bool, error) {
	p, member, err := scanProfile(db.queryRow(ctx, nil, q, userID), userID)
	if errors.Is(err, sql.ErrNoRows) {
		return p, false, nil
	}
	if err != nil {
		return p, false, fmt.Errorf("load profile: %w", err)
	}
	return p, member, nil
}

// scanProfile reads a row of profileAndGroupsSQL's columns, then the
// columns of more (if any).
func scanProfile(r rowScanner, userID string, more ...any) (coach.Profile, bool, error) {
	p := coach.Profile{UserID: userID}
	var device, level, notify string
	var ack, member int64
	if err := r.Scan(append([]any{&device, &p.Timezone, &level, &ack, &p.Weekly, &notify, &member}, more...)...); err != nil {
		return coach.Profile{UserID: userID}, false, err
	}
	p.Device, p.Level, p.SafetyAck, p.Notify = coach.Device(device), coach.Level(level), fromMS(ack), coach.Notify(notify)
	return p, member == 1, nil
}

// SaveProfile stores the profile's device, time zone, level, weekly target
// and how time's up notifies (an empty Notify is a DM).
func (db *DB) SaveProfile(ctx context.Context, p coach.Profile, now time.Time) error {
	return saveProfile(ctx, db.w, p, now)
}

func saveProfile(ctx context.Context, e execer, p coach.Profile, now time.Time) error {
	notify := p.Notify
	if notify == "" {
		notify = coach.NotifyDM
	}
	_, err := e.ExecContext(ctx, `
		INSERT INTO users(user_id, device, timezone, level, weekly, notify, created_ms) VALUES(?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT(user_id) DO UPDATE SET device = excluded.device, timezone = excluded.timezone, level = excluded.level,
			weekly = excluded.weekly, notify = excluded.notify`,
		p.UserID, string(p.Device), p.Timezone, string(p.Level), p.Weekly, string(notify), ms(now))
	if err != nil {
		return fmt.Errorf("save profile: %w", err)
	}
	return nil
}

// SaveProfileRequeuing saves p and, in the same transaction, for each key
// prefix in requeue withdraws the user's pending jobs whose key starts with
// it and queues the job it maps to (the reminders of a schedule moved to a
// new time zone): all of it or nothing.
func (db *DB) SaveProfileRequeuing(ctx context.Context, p coach.Profile, requeue map[string]coach.Job, now time.Time) error {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("save profile: %w", err)
	}
	defer tx.Rollback()
	if err := saveProfile(ctx, tx, p, now); err != nil {
		return err
	}
	for replace, j := range requeue {
		if _, err := cancelKeyPrefix(ctx, tx, replace, now); err != nil {
			return fmt.Errorf("save profile: requeue: %w", err)
		}
		if _, _, err := addJob(ctx, tx, j, now); err != nil {
			return fmt.Errorf("save profile: requeue: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("save profile: %w", err)
	}
	return nil
}

// AckSafety records that the user acknowledged the safety card at at; an
// earlier acknowledgement is kept.
func (db *DB) AckSafety(ctx context.Context, userID string, at time.Time) error {
	_, err := db.w.ExecContext(ctx, `
		INSERT INTO users(user_id, safety_ack_ms, created_ms) VALUES(?, ?, ?)
		ON CONFLICT(user_id) DO UPDATE SET safety_ack_ms = excluded.safety_ack_ms WHERE users.safety_ack_ms = 0`,
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
func (db *DB) ClaimInteraction(ctx context.Context, id string, now time.Time) (bool, error) {
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
	var id int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO pending_commands(user_id, interaction_id, command, options, created_ms) VALUES(?, ?, ?, ?, ?) RETURNING id`,
		userID, interactionID, command, string(options), ms(now)).Scan(&id); err != nil {
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
