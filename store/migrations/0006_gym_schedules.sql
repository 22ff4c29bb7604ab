-- A user may keep several post-workout schedules (mornings on some days,
-- evenings on others), so a schedule gets its own id. The reminders already
-- queued from the one schedule a user had move to the new key scheme
-- gym:<user>:<schedule>:<unix due> and name their schedule.
CREATE TABLE gym_schedules_new (
	id          INTEGER PRIMARY KEY,
	user_id     TEXT NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
	days        TEXT NOT NULL,            -- canonical "mon,wed,fri"
	end_minute  INTEGER NOT NULL CHECK (end_minute BETWEEN 0 AND 1439),
	delay_ms    INTEGER NOT NULL CHECK (delay_ms >= 0),
	destination TEXT NOT NULL CHECK (destination IN ('dm', 'channel')),
	guild_id    TEXT NOT NULL DEFAULT '',
	channel_id  TEXT NOT NULL DEFAULT '',
	updated_ms  INTEGER NOT NULL
) STRICT;
INSERT INTO gym_schedules_new(user_id, days, end_minute, delay_ms, destination, guild_id, channel_id, updated_ms)
	SELECT user_id, days, end_minute, delay_ms, destination, guild_id, channel_id, updated_ms FROM gym_schedules ORDER BY user_id;
DROP TABLE gym_schedules;
ALTER TABLE gym_schedules_new RENAME TO gym_schedules;
CREATE INDEX gym_schedules_user ON gym_schedules(user_id, id);

UPDATE jobs SET
	key = 'gym:' || user_id || ':' || (SELECT g.id FROM gym_schedules g WHERE g.user_id = jobs.user_id) || ':' || substr(key, length('gym:' || user_id || ':') + 1),
	payload = json_set(payload, '$.schedule', (SELECT g.id FROM gym_schedules g WHERE g.user_id = jobs.user_id))
WHERE kind = 'reminder' AND state = 'pending' AND key LIKE 'gym:%'
	AND EXISTS (SELECT 1 FROM gym_schedules g WHERE g.user_id = jobs.user_id);
