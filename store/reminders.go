package store

import (
	"context"
	"fmt"
	"time"

	"github.com/hangtime/hangtime/coach"
)

// AddReminder adds a plain reminder for r.UserID unless they already have
// limit, and queues its first occurrence, first(id), in one transaction. It
// returns the new reminder's id (0 when none was added) and how many the
// user has now.
func (db *DB) AddReminder(ctx context.Context, r coach.Reminder, limit int, first func(id int64) coach.Job, now time.Time) (id int64, count int, err error) {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return 0, 0, fmt.Errorf("add reminder: %w", err)
	}
	defer tx.Rollback()
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM plain_reminders WHERE user_id = ?`, r.UserID).Scan(&count); err != nil {
		return 0, 0, fmt.Errorf("add reminder: %w", err)
	}
	if count >= limit {
		return 0, count, nil
	}
	if err := ensureUser(ctx, tx, r.UserID, now); err != nil {
		return 0, 0, fmt.Errorf("add reminder: %w", err)
	}
	err = tx.QueryRowContext(ctx, `INSERT INTO plain_reminders(user_id, days, minute, updated_ms) VALUES(?, ?, ?, ?) RETURNING id`,
		r.UserID, r.Days.String(), r.Minute, ms(now)).Scan(&id)
	if err != nil {
		return 0, 0, fmt.Errorf("add reminder: %w", err)
	}
	if _, _, err := addJob(ctx, tx, first(id), now); err != nil {
		return 0, 0, err
	}
	if err := tx.Commit(); err != nil {
		return 0, 0, fmt.Errorf("add reminder: %w", err)
	}
	return id, count + 1, nil
}

// Reminders returns the user's plain reminders, oldest first.
func (db *DB) Reminders(ctx context.Context, userID string) ([]coach.Reminder, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT id, user_id, days, minute FROM plain_reminders WHERE user_id = ? ORDER BY id`, userID)
	if err != nil {
		return nil, fmt.Errorf("load reminders: %w", err)
	}
	defer rows.Close()
	var out []coach.Reminder
	for rows.Next() {
		var r coach.Reminder
		var days string
		if err := rows.Scan(&r.ID, &r.UserID, &days, &r.Minute); err != nil {
			return nil, fmt.Errorf("load reminders: %w", err)
		}
		if r.Days, err = coach.ParseDays("days", days); err != nil {
			return nil, fmt.Errorf("load reminders: stored days %q: %w", days, err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("load reminders: %w", err)
	}
	return out, nil
}

// RemoveReminder removes one of the user's plain reminders and withdraws
// the pending jobs whose key starts with replace, its occurrences.
func (db *DB) RemoveReminder(ctx context.Context, userID string, id int64, replace string, now time.Time) (bool, error) {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("remove reminder: %w", err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `DELETE FROM plain_reminders WHERE user_id = ? AND id = ?`, userID, id)
	if err != nil {
		return false, fmt.Errorf("remove reminder: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil
	}
	if _, err := cancelKeyPrefix(ctx, tx, replace, now); err != nil {
		return false, fmt.Errorf("remove reminder: %w", err)
	}
	return true, tx.Commit()
}
