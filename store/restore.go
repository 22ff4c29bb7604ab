package store

import (
	"context"
	"fmt"
	"time"

	"github.com/hangtime/hangtime/coach"
)

// Restore adds a backup to the user's account in one transaction: hangs
// not already there (the same start and length), rest days, pauses not
// already there, schedules and reminders not already there (up to the
// limits, each queued through its job function), and the profile's fields
// the account has not set. Restoring the same backup twice adds nothing the
// second time.
func (db *DB) Restore(ctx context.Context, userID string, b coach.Backup, gymJob func(coach.GymSchedule) coach.Job, remindJob func(coach.Reminder) coach.Job, now time.Time) (r coach.Restored, err error) {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return r, fmt.Errorf("restore: %w", err)
	}
	defer tx.Rollback()
	if err := ensureUser(ctx, tx, userID, now); err != nil {
		return r, fmt.Errorf("restore: %w", err)
	}
	count := func(res interface{ RowsAffected() (int64, error) }) int {
		n, _ := res.RowsAffected()
		return int(n)
	}
	p := b.Profile
	// The weekly target is unset at 0, notify at its default (a DM), the
	// locale when empty.
	res, err := tx.ExecContext(ctx, `UPDATE users SET
		device = CASE WHEN device = '' THEN ?2 ELSE device END,
		timezone = CASE WHEN timezone = '' THEN ?3 ELSE timezone END,
		level = CASE WHEN level = '' THEN ?4 ELSE level END,
		safety_ack_ms = CASE WHEN safety_ack_ms = 0 THEN ?5 ELSE safety_ack_ms END,
		weekly = CASE WHEN weekly = 0 THEN ?6 ELSE weekly END,
		notify = CASE WHEN notify = 'dm' AND ?7 = 'channel' THEN ?7 ELSE notify END,
		locale = CASE WHEN locale = '' THEN ?8 ELSE locale END
		WHERE user_id = ?1 AND ((device = '' AND ?2 != '') OR (timezone = '' AND ?3 != '') OR (level = '' AND ?4 != '') OR (safety_ack_ms = 0 AND CAST(?5 AS BIGINT) != 0)
			OR (weekly = 0 AND ?6 != 0) OR (notify = 'dm' AND ?7 = 'channel') OR (locale = '' AND ?8 != ''))`,
		userID, string(p.Device), p.Timezone, string(p.Level), msOrZero(p.SafetyAck), p.Weekly, string(p.Notify), b.Locale)
	if err != nil {
		return r, fmt.Errorf("restore profile: %w", err)
	}
	r.Profile = count(res) > 0
	for _, s := range b.Sessions {
		res, err := tx.ExecContext(ctx, `INSERT INTO sessions(user_id, started_ms, duration_ms, device, angle, note, routine, stopped_early, created_ms)
			SELECT ?1, ?2, ?3, ?4, CAST(?5 AS INTEGER), ?6, ?7, CAST(?8 AS INTEGER), CAST(?9 AS BIGINT)
			WHERE NOT EXISTS (SELECT 1 FROM sessions WHERE user_id = ?1 AND started_ms = ?2 AND duration_ms = ?3)`,
			userID, ms(s.Start), s.Duration.Milliseconds(), string(s.Device), s.Angle, s.Note, s.Routine, s.StoppedEarly, ms(now))
		if err != nil {
			return r, fmt.Errorf("restore hangs: %w", err)
		}
		r.Sessions += count(res)
	}
	for _, d := range b.Rests {
		res, err := tx.ExecContext(ctx, `INSERT INTO rest_days(user_id, day) VALUES(?, ?) ON CONFLICT DO NOTHING`, userID, d.String())
		if err != nil {
			return r, fmt.Errorf("restore rest days: %w", err)
		}
		r.Rests += count(res)
	}
	for _, pa := range b.Pauses {
		to := ""
		if !pa.To.IsZero() {
			to = pa.To.String()
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO pauses(user_id, from_day, to_day) SELECT ?1, ?2, ?3
			WHERE NOT EXISTS (SELECT 1 FROM pauses WHERE user_id = ?1 AND from_day = ?2)`, userID, pa.From.String(), to)
		if err != nil {
			return r, fmt.Errorf("restore pauses: %w", err)
		}
		r.Pauses += count(res)
	}
	for _, g := range b.Gym {
		var have int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM gym_schedules WHERE user_id = ?`, userID).Scan(&have); err != nil {
			return r, fmt.Errorf("restore schedules: %w", err)
		}
		var dup int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM gym_schedules WHERE user_id = ? AND days = ? AND end_minute = ? AND delay_ms = ? AND destination = ? AND channel_id = ?`,
			userID, g.Days.String(), g.End, g.Delay.Milliseconds(), g.Destination, g.ChannelID).Scan(&dup); err != nil {
			return r, fmt.Errorf("restore schedules: %w", err)
		}
		if dup > 0 || have >= coach.MaxGymSchedules {
			continue
		}
		g.UserID = userID
		if err := tx.QueryRowContext(ctx, `INSERT INTO gym_schedules(user_id, days, end_minute, delay_ms, destination, guild_id, channel_id, updated_ms)
			VALUES(?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, userID, g.Days.String(), g.End, g.Delay.Milliseconds(), g.Destination, g.GuildID, g.ChannelID, ms(now)).Scan(&g.ID); err != nil {
			return r, fmt.Errorf("restore schedules: %w", err)
		}
		if _, _, err := addJob(ctx, tx, gymJob(g), now); err != nil {
			return r, err
		}
		r.Gym++
	}
	for _, rem := range b.Reminders {
		var have, dup int
		if err := tx.QueryRowContext(ctx, `SELECT count(*), count(CASE WHEN days = ? AND minute = ? THEN 1 END) FROM plain_reminders WHERE user_id = ?`,
			rem.Days.String(), rem.Minute, userID).Scan(&have, &dup); err != nil {
			return r, fmt.Errorf("restore reminders: %w", err)
		}
		if dup > 0 || have >= coach.MaxReminders {
			continue
		}
		rem.UserID = userID
		if err := tx.QueryRowContext(ctx, `INSERT INTO plain_reminders(user_id, days, minute, updated_ms) VALUES(?, ?, ?, ?) RETURNING id`,
			userID, rem.Days.String(), rem.Minute, ms(now)).Scan(&rem.ID); err != nil {
			return r, fmt.Errorf("restore reminders: %w", err)
		}
		if _, _, err := addJob(ctx, tx, remindJob(rem), now); err != nil {
			return r, err
		}
		r.Reminders++
	}
	if err := tx.Commit(); err != nil {
		return coach.Restored{}, fmt.Errorf("restore: %w", err)
	}
	return r, nil
}

func msOrZero(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return ms(t)
}
