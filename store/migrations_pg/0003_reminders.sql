-- PostgreSQL twin of migrations/0003_reminders.sql.
CREATE TABLE gym_schedules (
	user_id     TEXT PRIMARY KEY REFERENCES users(user_id) ON DELETE CASCADE,
	days        TEXT NOT NULL,
	end_minute  INTEGER NOT NULL CHECK (end_minute BETWEEN 0 AND 1439),
	delay_ms    BIGINT NOT NULL CHECK (delay_ms >= 0),
	destination TEXT NOT NULL CHECK (destination IN ('dm', 'channel')),
	guild_id    TEXT NOT NULL DEFAULT '',
	channel_id  TEXT NOT NULL DEFAULT '',
	updated_ms  BIGINT NOT NULL
);

ALTER TABLE jobs ADD COLUMN outcome TEXT NOT NULL DEFAULT '';
