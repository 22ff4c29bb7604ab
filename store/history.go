package store

import (
	"context"
	"fmt"

	"github.com/hangtime/hangtime/coach"
)

// CorrectSession sets the duration, angle and note of the user's hang s.ID
// to those of s; the start, device and the rest are kept. It reports false,
// and changes nothing, when the user has no such hang: the id is scoped to
// the user, so nobody corrects another's hang.
func (db *DB) CorrectSession(ctx context.Context, userID string, s coach.Session) (bool, error) {
	res, err := db.w.ExecContext(ctx, `UPDATE sessions SET duration_ms = ?, angle = ?, note = ? WHERE id = ? AND user_id = ?`,
		s.Duration.Milliseconds(), s.Angle, s.Note, s.ID, userID)
	if err != nil {
		return false, fmt.Errorf("correct session: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("correct session: %w", err)
	}
	return n == 1, nil
}
