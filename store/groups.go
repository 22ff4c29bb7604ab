package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/hangtime/hangtime/coach"
)

// SaveGroup creates or updates the server's group and reschedules its
// posts: the pending jobs whose key starts with one of replace are
// withdrawn and jobs (whose keys may be those of withdrawn, missed or
// finished ones) are queued in their place. A job with such a key that is
// running right now is left to finish. The group's members and posts are
// kept.
func (db *DB) SaveGroup(ctx context.Context, g coach.Group, replace []string, jobs []coach.Job, now time.Time) error {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("save group: %w", err)
	}
	defer tx.Rollback()
	_, err = tx.ExecContext(ctx, `
		INSERT INTO groups(guild_id, channel_id, digest_minute, timezone, created_by, updated_ms) VALUES(?, ?, ?, ?, ?, ?)
		ON CONFLICT(guild_id) DO UPDATE SET channel_id = excluded.channel_id, digest_minute = excluded.digest_minute,
			timezone = excluded.timezone, updated_ms = excluded.updated_ms`,
		g.GuildID, g.ChannelID, g.DigestMinute, g.Timezone, g.CreatedBy, ms(now))
	if err != nil {
		return fmt.Errorf("save group: %w", err)
	}
	for _, prefix := range replace {
		if _, err := cancelKeyPrefix(ctx, tx, prefix, now); err != nil {
			return fmt.Errorf("save group: %w", err)
		}
	}
	for _, j := range jobs {
		lane, err := laneOf(j)
		if err != nil {
			return fmt.Errorf("save group: %w", err)
		}
		_, err = tx.ExecContext(ctx, `
			INSERT INTO jobs(kind, key, due_ms, payload, updated_ms, lane) VALUES(?, ?, ?, ?, ?, ?)
			ON CONFLICT(key) DO UPDATE SET due_ms = excluded.due_ms, payload = excluded.payload, state = 'pending',
				attempts = 0, lease_ms = 0, updated_ms = excluded.updated_ms, lane = excluded.lane
			WHERE jobs.state <> 'running'`,
			j.Kind, j.Key, ms(j.Due), j.Payload, ms(now), lane)
		if err != nil {
			return fmt.Errorf("save group: queue %s: %w", j.Key, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("save group: %w", err)
	}
	return nil
}

const groupCols = `guild_id, channel_id, digest_minute, timezone, created_by`

func scanGroup(r rowScanner) (coach.Group, error) {
	var g coach.Group
	err := r.Scan(&g.GuildID, &g.ChannelID, &g.DigestMinute, &g.Timezone, &g.CreatedBy)
	return g, err
}

// Group returns the server's group; ok is false when it has none.
func (db *DB) Group(ctx context.Context, guildID string) (g coach.Group, ok bool, err error) {
	g, err = scanGroup(db.sql.QueryRowContext(ctx, `SELECT `+groupCols+` FROM groups WHERE guild_id = ?`, guildID))
	if errors.Is(err, sql.ErrNoRows) {
		return g, false, nil
	}
	if err != nil {
		return g, false, fmt.Errorf("load group: %w", err)
	}
	return g, true, nil
}

// MemberGroups returns the groups the user is a member of.
func (db *DB) MemberGroups(ctx context.Context, userID string) ([]coach.Group, error) {
	rows, err := db.query(ctx, nil, `
		SELECT g.guild_id, g.channel_id, g.digest_minute, g.timezone, g.created_by
		FROM group_members m JOIN groups g ON g.guild_id = m.guild_id WHERE m.user_id = ? ORDER BY g.guild_id`, userID)
	if err != nil {
		return nil, fmt.Errorf("list member groups: %w", err)
	}
	defer rows.Close()
	var out []coach.Group
	for rows.Next() {
		g, err := scanGroup(rows)
		if err != nil {
			return nil, fmt.Errorf("list member groups: %w", err)
		}
		out = append(out, g)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list member groups: %w", err)
	}
	return out, nil
}

// A member without a zone of their own counts days in the group's; their
// plan's gym days are those of all their schedules.
const memberCols = `m.user_id, m.nudges, COALESCE(NULLIF(u.timezone, ''), (SELECT g.timezone FROM groups g WHERE g.guild_id = m.guild_id), ''), m.joined_ms, u.weekly,
	COALESCE((SELECT string_agg(gs.days, ',') FROM gym_schedules gs WHERE gs.user_id = m.user_id), '')`

func scanMember(r rowScanner) (coach.Member, error) {
	var m coach.Member
	var joined int64
	var days string
	if err := r.Scan(&m.UserID, &m.Nudges, &m.Timezone, &joined, &m.Plan.Weekly, &days); err != nil {
		return m, err
	}
	m.Joined = fromMS(joined)
	if days != "" {
		w, err := coach.ParseDays("days", days)
		if err != nil {
			return m, fmt.Errorf("stored gym days %q: %w", days, err)
		}
		m.Plan.GymDays = w
	}
	return m, nil
}

// Membership returns the user's membership of the server's group; ok is
// false when the user is not a member.
func (db *DB) Membership(ctx context.Context, guildID, userID string) (m coach.Member, ok bool, err error) {
	m, err = scanMember(db.sql.QueryRowContext(ctx, `SELECT `+memberCols+`
		FROM group_members m JOIN users u ON u.user_id = m.user_id WHERE m.guild_id = ? AND m.user_id = ?`, guildID, userID))
	if errors.Is(err, sql.ErrNoRows) {
		return m, false, nil
	}
	if err != nil {
		return m, false, fmt.Errorf("load membership: %w", err)
	}
	return m, true, nil
}

// JoinGroup makes the user a member of the server's group, which must
// exist. It reports false, and changes nothing, when the user already is
// one.
func (db *DB) JoinGroup(ctx context.Context, guildID, userID string, nudges bool, now time.Time) (bool, error) {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("join group: %w", err)
	}
	defer tx.Rollback()
	if err := ensureUser(ctx, tx, userID, now); err != nil {
		return false, fmt.Errorf("join group: %w", err)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO group_members(guild_id, user_id, nudges, joined_ms) VALUES(?, ?, ?, ?) ON CONFLICT DO NOTHING`,
		guildID, userID, nudges, ms(now))
	if err != nil {
		return false, fmt.Errorf("join group: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("join group: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("join group: %w", err)
	}
	return n == 1, nil
}

// SetNudges turns a member's nudges on or off; false when the user is not
// a member.
func (db *DB) SetNudges(ctx context.Context, guildID, userID string, nudges bool) (bool, error) {
	res, err := db.w.ExecContext(ctx, `UPDATE group_members SET nudges = ? WHERE guild_id = ? AND user_id = ?`, nudges, guildID, userID)
	if err != nil {
		return false, fmt.Errorf("set nudges: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("set nudges: %w", err)
	}
	return n == 1, nil
}

// LeaveGroup removes the user from the server's group; false when the
// user was not a member.
func (db *DB) LeaveGroup(ctx context.Context, guildID, userID string) (bool, error) {
	res, err := db.w.ExecContext(ctx, `DELETE FROM group_members WHERE guild_id = ? AND user_id = ?`, guildID, userID)
	if err != nil {
		return false, fmt.Errorf("leave group: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("leave group: %w", err)
	}
	return n == 1, nil
}

// GroupMembers returns the members of the server's group with their own
// time zones, earliest to join first. It is one query, whatever the size.
func (db *DB) GroupMembers(ctx context.Context, guildID string) ([]coach.Member, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT `+memberCols+`
		FROM group_members m JOIN users u ON u.user_id = m.user_id WHERE m.guild_id = ? ORDER BY m.joined_ms, m.user_id`, guildID)
	if err != nil {
		return nil, fmt.Errorf("list group members: %w", err)
	}
	defer rows.Close()
	var out []coach.Member
	for rows.Next() {
		m, err := scanMember(rows)
		if err != nil {
			return nil, fmt.Errorf("list group members: %w", err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list group members: %w", err)
	}
	return out, nil
}

// GroupActivity returns, by user id, what the members of the server's group
// did: their sessions that started in [since, until) (a zero since or until
// leaves that end open; only start and duration are read), and their rest
// days and pauses that may matter from since on, on any time zone's
// calendar. With only not nil, just those members are read. It runs three
// queries, whatever the number of members; members without any activity
// are absent.
func (db *DB) GroupActivity(ctx context.Context, guildID string, since, until time.Time, only []string) (map[string]*coach.Activity, error) {
	out := map[string]*coach.Activity{}
	if only != nil && len(only) == 0 {
		return out, nil
	}
	var filter any // NULL: every member
	if only != nil {
		b, err := json.Marshal(only)
		if err != nil {
			return nil, fmt.Errorf("group activity: %w", err)
		}
		filter = string(b)
	}
	get := func(id string) *coach.Activity {
		a := out[id]
		if a == nil {
			a = &coach.Activity{}
			out[id] = a
		}
		return a
	}
	// Local days are at most 14 hours ahead of or 12 behind UTC: a day
	// before since's UTC day covers every zone's calendar.
	sinceDay := ""
	if !since.IsZero() {
		sinceDay = coach.DayOf(since, time.UTC).AddDays(-1).String()
	}
	members := `FROM group_members m JOIN %s ON x.user_id = m.user_id
		WHERE m.guild_id = ?1 AND (?2 IS NULL OR m.user_id IN (SELECT value FROM json_each(?2))) AND %s`
	if db.pg {
		members = `FROM group_members m JOIN %s ON x.user_id = m.user_id
		WHERE m.guild_id = ?1 AND (CAST(?2 AS json) IS NULL OR m.user_id IN (SELECT value FROM json_array_elements_text(CAST(?2 AS json)))) AND %s`
	}

	end := int64(math.MaxInt64)
	if !until.IsZero() {
		end = ms(until)
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT x.user_id, x.started_ms, x.duration_ms `+
		fmt.Sprintf(members, "sessions x", "x.started_ms >= ?3 AND x.started_ms < ?4"), guildID, filter, ms(since), end)
	if err != nil {
		return nil, fmt.Errorf("group activity: sessions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var start, dur int64
		if err := rows.Scan(&id, &start, &dur); err != nil {
			return nil, fmt.Errorf("group activity: sessions: %w", err)
		}
		a := get(id)
		a.Sessions = append(a.Sessions, coach.Session{UserID: id, Start: fromMS(start), Duration: time.Duration(dur) * time.Millisecond})
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("group activity: sessions: %w", err)
	}
	rows.Close()

	rows, err = db.sql.QueryContext(ctx, `SELECT x.user_id, x.day `+
		fmt.Sprintf(members, "rest_days x", "x.day >= ?3"), guildID, filter, sinceDay)
	if err != nil {
		return nil, fmt.Errorf("group activity: rest days: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, s string
		if err := rows.Scan(&id, &s); err != nil {
			return nil, fmt.Errorf("group activity: rest days: %w", err)
		}
		d, err := coach.ParseDay("day", s)
		if err != nil {
			return nil, fmt.Errorf("group activity: stored rest day %q: %w", s, err)
		}
		a := get(id)
		a.Rests = append(a.Rests, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("group activity: rest days: %w", err)
	}
	rows.Close()

	rows, err = db.sql.QueryContext(ctx, `SELECT x.user_id, x.from_day, x.to_day `+
		fmt.Sprintf(members, "pauses x", "(x.to_day = '' OR x.to_day >= ?3)"), guildID, filter, sinceDay)
	if err != nil {
		return nil, fmt.Errorf("group activity: pauses: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, from, to string
		if err := rows.Scan(&id, &from, &to); err != nil {
			return nil, fmt.Errorf("group activity: pauses: %w", err)
		}
		p, err := parsePause(from, to)
		if err != nil {
			return nil, fmt.Errorf("group activity: %w", err)
		}
		a := get(id)
		a.Pauses = append(a.Pauses, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("group activity: pauses: %w", err)
	}
	return out, nil
}

// GroupPosted reports whether the digest, recap or shout-out with that key
// was posted.
func (db *DB) GroupPosted(ctx context.Context, key string) (bool, error) {
	var n int
	if err := db.sql.QueryRowContext(ctx, `SELECT count(*) FROM group_posts WHERE key = ?`, key).Scan(&n); err != nil {
		return false, fmt.Errorf("check group post: %w", err)
	}
	return n > 0, nil
}

// RecordGroupPost records that the post with that key was posted as
// messageID. It reports false, keeping the first record, when it was
// recorded before.
func (db *DB) RecordGroupPost(ctx context.Context, key, guildID, messageID string, now time.Time) (bool, error) {
	res, err := db.w.ExecContext(ctx, `INSERT INTO group_posts(key, guild_id, message_id, posted_ms) VALUES(?, ?, ?, ?) ON CONFLICT(key) DO NOTHING`,
		key, guildID, messageID, ms(now))
	if err != nil {
		return false, fmt.Errorf("record group post: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("record group post: %w", err)
	}
	return n == 1, nil
}
