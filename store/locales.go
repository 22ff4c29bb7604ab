package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// SetUserLocale remembers the Discord locale of a user's last interaction.
// It only updates a user Hangtime already stores (one with a profile or
// hangs) and reports whether there was one; it creates nobody.
func (db *DB) SetUserLocale(ctx context.Context, userID, locale string) (bool, error) {
	res, err := db.w.ExecContext(ctx, `UPDATE users SET locale = ? WHERE user_id = ?`, locale, userID)
	if err != nil {
		return false, fmt.Errorf("save user locale: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("save user locale: %w", err)
	}
	return n > 0, nil
}

// UserLocale returns the locale of the user's last interaction; "" for a
// user never seen or whose locale is unknown.
func (db *DB) UserLocale(ctx context.Context, userID string) (string, error) {
	var locale string
	err := db.queryRow(ctx, nil, `SELECT locale FROM users WHERE user_id = ?`, userID).Scan(&locale)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("load user locale: %w", err)
	}
	return locale, nil
}

// SetGroupLocale remembers a server's locale for its group's posts; it
// reports whether the server has a group (it creates none).
func (db *DB) SetGroupLocale(ctx context.Context, guildID, locale string) (bool, error) {
	res, err := db.w.ExecContext(ctx, `UPDATE groups SET locale = ? WHERE guild_id = ?`, locale, guildID)
	if err != nil {
		return false, fmt.Errorf("save group locale: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("save group locale: %w", err)
	}
	return n > 0, nil
}

// GroupLocale returns the locale a server's group posts in; "" when
// unknown or the server has no group.
func (db *DB) GroupLocale(ctx context.Context, guildID string) (string, error) {
	var locale string
	err := db.queryRow(ctx, nil, `SELECT locale FROM groups WHERE guild_id = ?`, guildID).Scan(&locale)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("load group locale: %w", err)
	}
	return locale, nil
}
