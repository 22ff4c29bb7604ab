package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hangtime/hangtime/coach"
)

const jobCols = `id, kind, coalesce(user_id, ''), coalesce(key, ''), due_ms, payload, attempts, lane`

// scanJobs reads jobCols rows and closes them.
func scanJobs(rows *sql.Rows) ([]coach.Job, error) {
	defer rows.Close()
	var out []coach.Job
	for rows.Next() {
		var j coach.Job
		var due int64
		if err := rows.Scan(&j.ID, &j.Kind, &j.UserID, &j.Key, &due, &j.Payload, &j.Attempts, &j.Lane); err != nil {
			return nil, err
		}
		j.Due = fromMS(due)
		out = append(out, j)
	}
	return out, rows.Err()
}

// AddJob queues a job. With a key already queued (or already run) it keeps
// the first and returns its id with added false; a job withdrawn with that
// key is queued again, so scheduling the same thing after a change of mind
// works.
func (db *DB) AddJob(ctx context.Context, j coach.Job, now time.Time) (id int64, added bool, err error) {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return 0, false, fmt.Errorf("add job: %w", err)
	}
	defer tx.Rollback()
	id, added, err = addJob(ctx, tx, j, now)
	if err != nil {
		return 0, false, err
	}
	return id, added, tx.Commit()
}

func addJob(ctx context.Context, tx *sql.Tx, j coach.Job, now time.Time) (int64, bool, error) {
	var user, key any
	if j.UserID != "" {
		if err := ensureUser(ctx, tx, j.UserID, now); err != nil {
			return 0, false, fmt.Errorf("add job: %w", err)
		}
		user = j.UserID
	}
	if j.Key != "" {
		key = j.Key
	}
	payload := j.Payload
	if payload == "" {
		payload = "{}"
	}
	lane, err := laneOf(j)
	if err != nil {
		return 0, false, fmt.Errorf("add job: %w", err)
	}
	var id int64
	err = tx.QueryRowContext(ctx, `
		INSERT INTO jobs(kind, user_id, key, due_ms, payload, updated_ms, lane) VALUES(?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT(key) DO UPDATE SET state = 'pending', due_ms = excluded.due_ms, payload = excluded.payload,
			attempts = 0, outcome = '', updated_ms = excluded.updated_ms, lane = excluded.lane
		WHERE jobs.state = 'cancelled'
		RETURNING id`, j.Kind, user, key, ms(j.Due), payload, ms(now), lane).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		if err := tx.QueryRowContext(ctx, `SELECT id FROM jobs WHERE key = ?`, j.Key).Scan(&id); err != nil {
			return 0, false, fmt.Errorf("add job: find existing: %w", err)
		}
		return id, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("add job: %w", err)
	}
	return id, true, nil
}

// laneOf is the lane j is stored in: its own, LaneTimely when unset.
func laneOf(j coach.Job) (coach.Lane, error) {
	if j.Lane == 0 {
		return coach.LaneTimely, nil
	}
	if !slices.Contains(coach.Lanes(), j.Lane) {
		return 0, fmt.Errorf("%s job in unknown lane %d", j.Kind, j.Lane)
	}
	return j.Lane, nil
}

// ClaimDue moves up to limit jobs that are due at now (pending, or running
// with a lease that ran out) to running, leased to owner until now+lease,
// and returns them in the order they should go out: by lane (coach.Job's
// LaneAt: a bulk job BulkWait late rides with the timely ones), then by due
// time. One transaction does it, so two dispatchers never claim the same
// job. The owner (a dispatcher's id) is what RenewLeases checks.
func (db *DB) ClaimDue(ctx context.Context, owner string, now time.Time, lease time.Duration, limit int) ([]coach.Job, error) {
	// Most ticks find nothing due: answer those with a read, without taking
	// the write lock that interactions need.
	var due bool
	if err := db.queryRow(ctx, nil, `SELECT EXISTS(SELECT 1 FROM jobs WHERE state = 'pending' AND due_ms <= ?1)
		OR EXISTS(SELECT 1 FROM jobs WHERE state = 'running' AND lease_ms <= ?1)`, ms(now)).Scan(&due); err != nil {
		return nil, fmt.Errorf("claim due jobs: %w", err)
	}
	if !due {
		return nil, nil
	}
	// Prepared once: a dispatcher claims whenever a worker frees, and
	// parsing this statement would cost more than running it.
	claim, err := db.wstmts.get(ctx, db.w, claimSQL(db.pg))
	if err != nil {
		return nil, fmt.Errorf("claim due jobs: %w", err)
	}
	rows, err := claim.QueryContext(ctx, ms(now.Add(lease)), ms(now), limit, owner, ms(now.Add(-coach.BulkWait)))
	if err != nil {
		return nil, fmt.Errorf("claim due jobs: %w", err)
	}
	out, err := scanJobs(rows)
	if err != nil {
		return nil, fmt.Errorf("claim due jobs: %w", err)
	}
	// RETURNING gives rows in no promised order.
	slices.SortFunc(out, func(a, b coach.Job) int {
		if la, lb := a.LaneAt(now), b.LaneAt(now); la != lb {
			return int(la - lb)
		}
		return a.Due.Compare(b.Due)
	})
	return out, nil
}

// claimSQL is ClaimDue's statement: the earliest due jobs of each lane,
// each found through jobs_pending_lane_due (so a lane's jobs that are not
// due yet are never read), and the running jobs whose lease ran out, in
// coach's lane order. ?1 lease end, ?2 now, ?3 limit, ?4 owner, ?5 the
// due time before which a bulk job rides with the timely ones.
func claimSQL(pg bool) string {
	// On PostgreSQL each candidate row is locked as it is found, skipping
	// rows another process's claim holds, so processes claiming at once
	// take disjoint jobs without waiting for each other; a row whose claim
	// committed meanwhile is re-checked against the WHERE and dropped.
	lock := ""
	if pg {
		lock = " FOR UPDATE SKIP LOCKED"
	}
	var parts []string
	for _, l := range coach.Lanes() {
		parts = append(parts, fmt.Sprintf(`SELECT * FROM (SELECT id, lane, due_ms FROM jobs
			WHERE state = 'pending' AND lane = %d AND due_ms <= ?2 ORDER BY due_ms LIMIT ?3%s) AS lane%d`, l, lock, l))
	}
	parts = append(parts, `SELECT * FROM (SELECT id, lane, due_ms FROM jobs
		WHERE state = 'running' AND lease_ms <= ?2 ORDER BY lease_ms LIMIT ?3`+lock+`) AS expired`)
	return fmt.Sprintf(`
		UPDATE jobs SET state = 'running', lease_ms = ?1, lease_owner = ?4, attempts = attempts + 1, updated_ms = ?2
		WHERE id IN (
			SELECT id FROM (%s) AS due
			ORDER BY CASE WHEN lane = %d AND due_ms <= ?5 THEN %d ELSE lane END, due_ms LIMIT ?3)
		RETURNING `+jobCols, strings.Join(parts, " UNION ALL "), coach.LaneBulk, coach.LaneTimely)
}

// RenewLeases extends to until the leases owner holds on the jobs ids, for
// jobs still running: a dispatcher renews the jobs it has in flight, so a
// short lease frees a crashed process's jobs soon without freeing a slow
// send's. A job whose lease another dispatcher took over is left alone.
func (db *DB) RenewLeases(ctx context.Context, owner string, ids []int64, until time.Time) error {
	if len(ids) == 0 {
		return nil
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return fmt.Errorf("renew leases: %w", err)
	}
	q := `UPDATE jobs SET lease_ms = ?1
		WHERE state = 'running' AND lease_owner = ?2 AND id IN (SELECT value FROM json_each(?3))`
	if db.pg {
		q = `UPDATE jobs SET lease_ms = ?1
		WHERE state = 'running' AND lease_owner = ?2 AND id IN (SELECT CAST(value AS BIGINT) FROM json_array_elements_text(CAST(?3 AS json)))`
	}
	if _, err := db.exec(ctx, nil, q, ms(until), owner, string(list)); err != nil {
		return fmt.Errorf("renew leases: %w", err)
	}
	return nil
}

// FinishJob records a claimed job's outcome (done, missed, failed,
// undeliverable) with a note on what happened, or, with pending and a new due
// time, puts it back to retry.
func (db *DB) FinishJob(ctx context.Context, id int64, state, note string, due, now time.Time) error {
	q := `UPDATE jobs SET state = ?, outcome = ?, lease_ms = 0, updated_ms = ? WHERE id = ?`
	args := []any{state, note, ms(now), id}
	if state == coach.JobPending {
		q = `UPDATE jobs SET state = ?, outcome = ?, lease_ms = 0, updated_ms = ?, due_ms = ? WHERE id = ?`
		args = []any{state, note, ms(now), ms(due), id}
	}
	if _, err := db.w.ExecContext(ctx, q, args...); err != nil {
		return fmt.Errorf("finish job: %w", err)
	}
	return nil
}

// NextDue returns when the earliest pending job is due; ok is false when
// none is pending.
func (db *DB) NextDue(ctx context.Context) (due time.Time, ok bool, err error) {
	var v sql.NullInt64
	if err := db.sql.QueryRowContext(ctx, `SELECT min(due_ms) FROM jobs WHERE state = 'pending'`).Scan(&v); err != nil {
		return time.Time{}, false, fmt.Errorf("next due job: %w", err)
	}
	return fromMS(v.Int64), v.Valid, nil
}

// Job returns a job by id; ok is false when there is none.
func (db *DB) Job(ctx context.Context, id int64) (j coach.Job, state string, ok bool, err error) {
	var due int64
	err = db.sql.QueryRowContext(ctx, `SELECT `+jobCols+`, state FROM jobs WHERE id = ?`, id).
		Scan(&j.ID, &j.Kind, &j.UserID, &j.Key, &due, &j.Payload, &j.Attempts, &j.Lane, &state)
	if errors.Is(err, sql.ErrNoRows) {
		return j, "", false, nil
	}
	if err != nil {
		return j, "", false, fmt.Errorf("load job: %w", err)
	}
	j.Due = fromMS(due)
	return j, state, true, nil
}

// CancelJobs withdraws the user's pending jobs of a kind; it returns how
// many it cancelled.
func (db *DB) CancelJobs(ctx context.Context, userID, kind string, now time.Time) (int64, error) {
	n, err := cancelJobs(ctx, db.w, userID, kind, now)
	if err != nil {
		return 0, fmt.Errorf("cancel jobs: %w", err)
	}
	return n, nil
}

func cancelJobs(ctx context.Context, e execer, userID, kind string, now time.Time) (int64, error) {
	res, err := e.ExecContext(ctx, `UPDATE jobs SET state = 'cancelled', updated_ms = ? WHERE user_id = ? AND kind = ? AND state = 'pending'`, ms(now), userID, kind)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// cancelKeyPrefix withdraws the pending jobs whose key starts with prefix.
// Keys sort by prefix: "gym:42:" up to "gym:42;" (';' follows ':') is the
// range of keys that start with "gym:42:", found through the key's index.
func cancelKeyPrefix(ctx context.Context, e execer, prefix string, now time.Time) (int64, error) {
	if prefix == "" || prefix[len(prefix)-1] == 0xFF {
		return 0, fmt.Errorf("withdraw jobs: unusable key prefix %q", prefix)
	}
	hi := []byte(prefix)
	hi[len(hi)-1]++
	res, err := e.ExecContext(ctx, `UPDATE jobs SET state = 'cancelled', updated_ms = ? WHERE key >= ? AND key < ? AND state = 'pending'`, ms(now), prefix, string(hi))
	if err != nil {
		return 0, fmt.Errorf("withdraw jobs %s*: %w", prefix, err)
	}
	return res.RowsAffected()
}

// PendingJobs returns up to limit of the user's queued (or running) jobs
// of a kind, soonest first.
func (db *DB) PendingJobs(ctx context.Context, userID, kind string, limit int) ([]coach.Job, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT `+jobCols+` FROM jobs
		WHERE user_id = ? AND kind = ? AND state IN ('pending', 'running') ORDER BY due_ms LIMIT ?`, userID, kind, limit)
	if err != nil {
		return nil, fmt.Errorf("list pending %s jobs: %w", kind, err)
	}
	out, err := scanJobs(rows)
	if err != nil {
		return nil, fmt.Errorf("list pending %s jobs: %w", kind, err)
	}
	return out, nil
}

// LastJob returns the user's most recently due job of a kind that has
// finished (not cancelled), with its state and outcome note; ok is false
// when none has finished yet. Only its ID, Kind, UserID and Due are set.
func (db *DB) LastJob(ctx context.Context, userID, kind string) (j coach.Job, state, note string, ok bool, err error) {
	var due int64
	err = db.sql.QueryRowContext(ctx, `SELECT id, due_ms, state, outcome FROM jobs
		WHERE user_id = ? AND kind = ? AND state NOT IN ('pending', 'running', 'cancelled') ORDER BY due_ms DESC, id DESC LIMIT 1`, userID, kind).
		Scan(&j.ID, &due, &state, &note)
	if errors.Is(err, sql.ErrNoRows) {
		return j, "", "", false, nil
	}
	if err != nil {
		return j, "", "", false, fmt.Errorf("last %s job: %w", kind, err)
	}
	j.Due, j.Kind, j.UserID = fromMS(due), kind, userID
	return j, state, note, true, nil
}
