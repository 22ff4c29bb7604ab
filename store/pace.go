package store

import (
	"context"
	"fmt"
	"time"
)

// BookSlots books n consecutive send slots, every apart, from the slot
// table every process on the database shares, and returns the first: the
// slots are first, first+every, …. The first is now when nobody has booked
// a slot since, otherwise the next free one. One atomic statement, so
// processes never book the same slot.
func (db *DB) BookSlots(ctx context.Context, n int, every time.Duration, now time.Time) (time.Time, error) {
	if n < 1 {
		return time.Time{}, fmt.Errorf("book send slots: n = %d, want at least 1", n)
	}
	span := int64(n) * every.Microseconds()
	var end int64
	err := db.w.QueryRowContext(ctx, `UPDATE send_slots
		SET next_us = CASE WHEN next_us < ? THEN ? ELSE next_us END + ?
		WHERE id = 1 RETURNING next_us`, now.UnixMicro(), now.UnixMicro(), span).Scan(&end)
	if err != nil {
		return time.Time{}, fmt.Errorf("book send slots: %w", err)
	}
	return time.UnixMicro(end - span), nil
}
