package store

import (
	"context"
	"fmt"
	"time"
)

// ReleaseLeases ends, as of now, the leases owner holds: the jobs a
// previous run of the same instance had claimed when it died are free to
// claim at once instead of after their lease. Only a dispatcher starting
// under a stable name (HANGTIME_INSTANCE) calls it, before it claims.
func (db *DB) ReleaseLeases(ctx context.Context, owner string, now time.Time) (int, error) {
	res, err := db.w.ExecContext(ctx, `UPDATE jobs SET lease_ms = ? WHERE state = 'running' AND lease_owner = ? AND lease_ms > ?`,
		ms(now), owner, ms(now))
	if err != nil {
		return 0, fmt.Errorf("release leases: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("release leases: %w", err)
	}
	return int(n), nil
}
