package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// DMChannelID returns the id of the user's DM channel as last opened; ok
// is false when none is kept.
func (db *DB) DMChannelID(ctx context.Context, userID string) (id string, ok bool, err error) {
	err = db.queryRow(ctx, nil, `SELECT channel_id FROM dm_channels WHERE user_id = ?`, userID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("load DM channel: %w", err)
	}
	return id, true, nil
}

// SaveDMChannel keeps the id of the user's DM channel, opened at now,
// replacing one kept before (a channel Discord no longer knows).
func (db *DB) SaveDMChannel(ctx context.Context, userID, channelID string, now time.Time) error {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("save DM channel: %w", err)
	}
	defer tx.Rollback()
	if err := ensureUser(ctx, tx, userID, now); err != nil {
		return fmt.Errorf("save DM channel: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO dm_channels(user_id, channel_id, opened_ms) VALUES(?, ?, ?)
		ON CONFLICT(user_id) DO UPDATE SET channel_id = excluded.channel_id, opened_ms = excluded.opened_ms`,
		userID, channelID, ms(now)); err != nil {
		return fmt.Errorf("save DM channel: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("save DM channel: %w", err)
	}
	return nil
}
