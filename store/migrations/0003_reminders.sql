-- A user's recurring post-workout reminder: on the listed local weekdays (in
-- the profile's time zone) at end_minute (minutes after local midnight) plus
-- delay. Each occurrence is materialised as a 'reminder' job; this row says
-- how to make the next.
CREATE TABLE gym_schedules (
	user_id     TEXT PRIMARY KEY REFERENCES users(user_id) ON DELETE CASCADE,
	days        TEXT NOT NULL,            -- canonical "mon,wed,fri"
	end_minute  INTEGER NOT NULL CHECK (end_minute BETWEEN 0 AND 1439),
	delay_ms    INTEGER NOT NULL CHECK (delay_ms >= 0),
	destination TEXT NOT NULL CHECK (destination IN ('dm', 'channel')),
	guild_id    TEXT NOT NULL DEFAULT '',  -- where /gym schedule was run, for 'channel'
	channel_id  TEXT NOT NULL DEFAULT '',
	updated_ms  INTEGER NOT NULL
) STRICT;

-- What became of a job, in words for /gym show ("DMs are closed").
ALTER TABLE jobs ADD COLUMN outcome TEXT NOT NULL DEFAULT '';
