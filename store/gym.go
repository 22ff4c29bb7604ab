package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/hangtime/hangtime/coach"
)

// AddGymSchedule adds a schedule for g.UserID unless they already have
// limit, and queues its first reminder, first(id), in one transaction. It
// returns the new schedule's id (0 when none was added) and how many
// schedules the user has now.
func (db *DB) AddGymSchedule(ctx context.Context, g coach.GymSchedule, limit int, first func(id int64) coach.Job, now time.Time) (id int64, count int, err error) {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return 0, 0, fmt.Errorf("add gym schedule: %w", err)
	}
	defer tx.Rollback()
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM gym_schedules WHERE user_id = ?`, g.UserID).Scan(&count); err != nil {
		return 0, 0, fmt.Errorf("add gym schedule: %w", err)
	}
	if count >= limit {
		return 0, count, nil
	}
	if err := ensureUser(ctx, tx, g.UserID, now); err != nil {
		return 0, 0, fmt.Errorf("add gym schedule: %w", err)
	}
	err = tx.QueryRowContext(ctx, `
		INSERT INTO gym_schedules(user_id, days, end_minute, delay_ms, destination, guild_id, channel_id, updated_ms)
		VALUES(?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		g.UserID, g.Days.String(), g.End, g.Delay.Milliseconds(), g.Destination, g.GuildID, g.ChannelID, ms(now)).Scan(&id)
	if err != nil {
		return 0, 0, fmt.Errorf("add gym schedule: %w", err)
	}
	if _, _, err := addJob(ctx, tx, first(id), now); err != nil {
		return 0, 0, err
	}
	if err := tx.Commit(); err != nil {
		return 0, 0, fmt.Errorf("add gym schedule: %w", err)
	}
	return id, count + 1, nil
}

// GymSchedules returns the user's schedules, oldest first.
func (db *DB) GymSchedules(ctx context.Context, userID string) ([]coach.GymSchedule, error) {
	return db.gymSchedules(ctx, nil, userID)
}

func (db *DB) gymSchedules(ctx context.Context, tx *sql.Tx, userID string) ([]coach.GymSchedule, error) {
	rows, err := db.query(ctx, tx, gymSchedulesSQL, userID)
	return scanAll(rows, err, "load gym schedules", func(rows *sql.Rows) (coach.GymSchedule, error) {
		var g coach.GymSchedule
		var days string
		var delay int64
		if err := rows.Scan(&g.ID, &g.UserID, &days, &g.End, &delay, &g.Destination, &g.GuildID, &g.ChannelID); err != nil {
			return g, err
		}
		g.Delay = time.Duration(delay) * time.Millisecond
		var err error
		if g.Days, err = coach.ParseDays("days", days); err != nil {
			return g, fmt.Errorf("stored days %q: %w", days, err)
		}
		return g, nil
	})
}

const gymSchedulesSQL = `SELECT id, user_id, days, end_minute, delay_ms, destination, guild_id, channel_id
	FROM gym_schedules WHERE user_id = ? ORDER BY id`

// RemoveGymSchedule removes one of the user's schedules and withdraws the
// pending jobs whose key starts with replace, its reminders.
func (db *DB) RemoveGymSchedule(ctx context.Context, userID string, id int64, replace string, now time.Time) (removed bool, err error) {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("remove gym schedule: %w", err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `DELETE FROM gym_schedules WHERE user_id = ? AND id = ?`, userID, id)
	if err != nil {
		return false, fmt.Errorf("remove gym schedule: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil
	}
	if _, err := cancelKeyPrefix(ctx, tx, replace, now); err != nil {
		return false, fmt.Errorf("remove gym schedule: %w", err)
	}
	return true, tx.Commit()
}

// ClearGym removes all the user's schedules and withdraws every pending job
// of theirs of kind, the reminders, except those whose key starts with keep
// (the plain reminders, which /gym clear leaves alone).
func (db *DB) ClearGym(ctx context.Context, userID, kind, keep string, now time.Time) (schedules int64, cancelled int64, err error) {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return 0, 0, fmt.Errorf("clear gym: %w", err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `DELETE FROM gym_schedules WHERE user_id = ?`, userID)
	if err != nil {
		return 0, 0, fmt.Errorf("clear gym: %w", err)
	}
	schedules, _ = res.RowsAffected()
	res, err = tx.ExecContext(ctx, `UPDATE jobs SET state = 'cancelled', updated_ms = ?
		WHERE user_id = ? AND kind = ? AND state = 'pending' AND (key IS NULL OR substr(key, 1, length(?)) != ?)`, ms(now), userID, kind, keep, keep)
	if err != nil {
		return 0, 0, fmt.Errorf("clear gym: %w", err)
	}
	cancelled, _ = res.RowsAffected()
	return schedules, cancelled, tx.Commit()
}

// ReplaceJob withdraws the pending jobs whose key starts with replace and
// queues j, in one transaction: a second /gym done replaces the first.
func (db *DB) ReplaceJob(ctx context.Context, j coach.Job, replace string, now time.Time) (id int64, replaced int64, err error) {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return 0, 0, fmt.Errorf("replace job: %w", err)
	}
	defer tx.Rollback()
	if replaced, err = cancelKeyPrefix(ctx, tx, replace, now); err != nil {
		return 0, 0, fmt.Errorf("replace job: %w", err)
	}
	if id, _, err = addJob(ctx, tx, j, now); err != nil {
		return 0, 0, err
	}
	return id, replaced, tx.Commit()
}

// CancelJob withdraws one pending job of the user's; false when it is not
// theirs or no longer pending.
func (db *DB) CancelJob(ctx context.Context, userID string, id int64, now time.Time) (bool, error) {
	res, err := db.w.ExecContext(ctx, `UPDATE jobs SET state = 'cancelled', updated_ms = ? WHERE id = ? AND user_id = ? AND state = 'pending'`, ms(now), id, userID)
	if err != nil {
		return false, fmt.Errorf("cancel job: %w", err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
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
