-- Plain hang reminders (/remind), not tied to the gym: on the listed local
-- weekdays at minute (after local midnight). Each occurrence is a
-- 'reminder' job keyed remind:<user>:<id>:<unix due>.
CREATE TABLE plain_reminders (
	id         INTEGER PRIMARY KEY,
	user_id    TEXT NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
	days       TEXT NOT NULL,            -- canonical "mon,wed,fri"
	minute     INTEGER NOT NULL CHECK (minute BETWEEN 0 AND 1439),
	updated_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX plain_reminders_user ON plain_reminders(user_id, id);
