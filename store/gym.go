package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/hangtime/hangtime/coach"
)

// SaveGymSchedule stores the user's schedule, withdraws the reminders
// queued from an earlier one (the pending jobs whose key starts with
// replace), and queues first, in one transaction.
func (db *DB) SaveGymSchedule(ctx context.Context, g coach.GymSchedule, first coach.Job, replace string, now time.Time) error {
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
	if _, err := cancelKeyPrefix(ctx, tx, replace, now); err != nil {
		return fmt.Errorf("save gym schedule: %w", err)
	}
	if _, _, err := addJob(ctx, tx, first, now); err != nil {
		return err
	}
	return tx.Commit()
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

// ClearGym removes the user's schedule and withdraws every pending job of
// theirs of kind, the reminders.
func (db *DB) ClearGym(ctx context.Context, userID, kind string, now time.Time) (hadSchedule bool, cancelled int64, err error) {
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
	if cancelled, err = cancelJobs(ctx, tx, userID, kind, now); err != nil {
		return false, 0, fmt.Errorf("clear gym: %w", err)
	}
	return n == 1, cancelled, tx.Commit()
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
