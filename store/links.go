package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// SetGymLink gives the user a link with the token hash, replacing (and so
// revoking) any earlier one. With keep set, an existing link stays and
// false is returned.
func (db *DB) SetGymLink(ctx context.Context, userID, selector, hash string, keep bool, now time.Time) (set bool, err error) {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("set gym link: %w", err)
	}
	defer tx.Rollback()
	if err := ensureUser(ctx, tx, userID, now); err != nil {
		return false, fmt.Errorf("set gym link: %w", err)
	}
	q := `INSERT INTO gym_links(user_id, selector, token_hash, created_ms) VALUES(?, ?, ?, ?)
		ON CONFLICT(user_id) DO UPDATE SET selector = excluded.selector, token_hash = excluded.token_hash, created_ms = excluded.created_ms`
	if keep {
		q = `INSERT INTO gym_links(user_id, selector, token_hash, created_ms) VALUES(?, ?, ?, ?) ON CONFLICT(user_id) DO NOTHING`
	}
	res, err := tx.ExecContext(ctx, q, userID, selector, hash, ms(now))
	if err != nil {
		return false, fmt.Errorf("set gym link: %w", err)
	}
	n, _ := res.RowsAffected()
	return n == 1, tx.Commit()
}

// GymLink returns the user and token hash of the link with selector; ok is
// false when there is none.
func (db *DB) GymLink(ctx context.Context, selector string) (userID, hash string, ok bool, err error) {
	err = db.sql.QueryRowContext(ctx, `SELECT user_id, token_hash FROM gym_links WHERE selector = ?`, selector).Scan(&userID, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", false, nil
	}
	if err != nil {
		return "", "", false, fmt.Errorf("load gym link: %w", err)
	}
	return userID, hash, true, nil
}
