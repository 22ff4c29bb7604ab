package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/hangtime/hangtime/coach"
)

// JobReminder is the job kind of a post-workout reminder.
const JobReminder = "reminder"

// GymKeyPrefix starts the key of every reminder materialised from a user's
// schedule: gym:<user>:<unix due>.
const GymKeyPrefix = "gym:"

// SaveGymSchedule stores the user's schedule, withdraws reminders queued
// from an earlier one, and queues first, in one transaction.
func (db *DB) SaveGymSchedule(ctx context.Context, g coach.GymSchedule, first coach.Job, now time.Time) error {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("save gym schedule: %w", err)
	}
	defer tx.Rollback()
	if err := ensureUser(ctx, tx, g.UserID, now); err != nil {
		return fmt.Errorf("save gym schedule: %w", err)
	}
	_, err = tx.ExecContext(ctx, `
		INSERT INTO gym_schedules(user_id, days, end_minute, delay_ms, destination, guild_id, channel_id, updated_ms)
		VALUES(?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT(user_id) DO UPDATE SET days = excluded.days, end_minute = excluded.end_minute, delay_ms = excluded.delay_ms,
			destination = excluded.destination, guild_id = excluded.guild_id, channel_id = excluded.channel_id, updated_ms = excluded.updated_ms`,
		g.UserID, g.Days.String(), g.End, g.Delay.Milliseconds(), g.Destination, g.GuildID, g.ChannelID, ms(now))
	if err != nil {
		return fmt.Errorf("save gym schedule: %w", err)
	}
	if err := cancelScheduled(ctx, tx, g.UserID, now); err != nil {
		return err
	}
	if _, _, err := addJob(ctx, tx, first, now); err != nil {
		return err
	}
	return tx.Commit()
}

func cancelScheduled(ctx context.Context, e execer, userID string, now time.Time) error {
	_, err := e.ExecContext(ctx, `UPDATE jobs SET state = 'cancelled', updated_ms = ? WHERE user_id = ? AND kind = ? AND state = 'pending' AND key LIKE ?`,
		ms(now), userID, JobReminder, GymKeyPrefix+"%")
	if err != nil {
		return fmt.Errorf("cancel scheduled reminders: %w", err)
	}
	return nil
}

// GymSchedule returns the user's schedule; ok is false when there is none.
func (db *DB) GymSchedule(ctx context.Context, userID string) (g coach.GymSchedule, ok bool, err error) {
	var days string
	var delay int64
	err = db.sql.QueryRowContext(ctx, `SELECT user_id, days, end_minute, delay_ms, destination, guild_id, channel_id FROM gym_schedules WHERE user_id = ?`, userID).
		Scan(&g.UserID, &days, &g.End, &delay, &g.Destination, &g.GuildID, &g.ChannelID)
	if errors.Is(err, sql.ErrNoRows) {
		return g, false, nil
	}
	if err != nil {
		return g, false, fmt.Errorf("load gym schedule: %w", err)
	}
	g.Delay = time.Duration(delay) * time.Millisecond
	if g.Days, err = coach.ParseDays("days", days); err != nil {
		return g, false, fmt.Errorf("load gym schedule: stored days %q: %w", days, err)
	}
	return g, true, nil
}

// ClearGym removes the user's schedule and withdraws every pending reminder.
func (db *DB) ClearGym(ctx context.Context, userID string, now time.Time) (hadSchedule bool, cancelled int64, err error) {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return false, 0, fmt.Errorf("clear gym: %w", err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `DELETE FROM gym_schedules WHERE user_id = ?`, userID)
	if err != nil {
		return false, 0, fmt.Errorf("clear gym: %w", err)
	}
	n, _ := res.RowsAffected()
	res, err = tx.ExecContext(ctx, `UPDATE jobs SET state = 'cancelled', updated_ms = ? WHERE user_id = ? AND kind = ? AND state = 'pending'`, ms(now), userID, JobReminder)
	if err != nil {
		return false, 0, fmt.Errorf("clear gym: %w", err)
	}
	cancelled, _ = res.RowsAffected()
	return n == 1, cancelled, tx.Commit()
}

// PendingReminders returns up to limit of the user's queued reminders,
// soonest first.
func (db *DB) PendingReminders(ctx context.Context, userID string, limit int) ([]coach.Job, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT `+jobCols+` FROM jobs
		WHERE user_id = ? AND kind = ? AND state IN ('pending', 'running') ORDER BY due_ms LIMIT ?`, userID, JobReminder, limit)
	if err != nil {
		return nil, fmt.Errorf("list reminders: %w", err)
	}
	out, err := scanJobs(rows)
	if err != nil {
		return nil, fmt.Errorf("list reminders: %w", err)
	}
	return out, nil
}

// LastReminder returns the user's most recently finished reminder with its
// state and outcome note; ok is false when none has finished yet.
func (db *DB) LastReminder(ctx context.Context, userID string) (j coach.Job, state, note string, ok bool, err error) {
	var due int64
	err = db.sql.QueryRowContext(ctx, `SELECT id, due_ms, state, outcome FROM jobs
		WHERE user_id = ? AND kind = ? AND state NOT IN ('pending', 'running', 'cancelled') ORDER BY due_ms DESC, id DESC LIMIT 1`, userID, JobReminder).
		Scan(&j.ID, &due, &state, &note)
	if errors.Is(err, sql.ErrNoRows) {
		return j, "", "", false, nil
	}
	if err != nil {
		return j, "", "", false, fmt.Errorf("last reminder: %w", err)
	}
	j.Due, j.Kind, j.UserID = fromMS(due), JobReminder, userID
	return j, state, note, true, nil
}

// GroupChannels returns the accountability channels of the groups the user
// has joined, where a reminder can go when their DMs are closed.
func (db *DB) GroupChannels(ctx context.Context, userID string) ([]string, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT g.channel_id FROM group_members m JOIN groups g ON g.guild_id = m.guild_id
		WHERE m.user_id = ? ORDER BY m.joined_ms`, userID)
	if err != nil {
		return nil, fmt.Errorf("group channels: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, fmt.Errorf("group channels: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
