-- A live, timed hang: at most one per user. message_ref is the adapter's
-- opaque reference to the session's message, to edit it when the hang ends.
CREATE TABLE live_sessions (
	user_id        TEXT PRIMARY KEY REFERENCES users(user_id) ON DELETE CASCADE,
	interaction_id TEXT NOT NULL UNIQUE,
	started_ms     INTEGER NOT NULL,
	target_ms      INTEGER NOT NULL CHECK (target_ms > 0),
	device         TEXT NOT NULL DEFAULT '',
	angle          INTEGER NOT NULL DEFAULT 0,
	routine        TEXT NOT NULL DEFAULT '',
	message_ref    TEXT NOT NULL DEFAULT ''
) STRICT;

-- Rest days (a small weekly allowance) and pauses (injury, illness) keep a
-- streak alive. Days are the user's local calendar days, YYYY-MM-DD.
CREATE TABLE rest_days (
	user_id TEXT NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
	day     TEXT NOT NULL,
	PRIMARY KEY (user_id, day)
) STRICT;

CREATE TABLE pauses (
	id       INTEGER PRIMARY KEY,
	user_id  TEXT NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
	from_day TEXT NOT NULL,
	to_day   TEXT NOT NULL -- inclusive; '' while open-ended
) STRICT;
CREATE INDEX pauses_by_user ON pauses(user_id, from_day);

-- The durable due-queue every scheduled action goes through. A dispatcher
-- claims due rows by moving them to running with a lease; a lease that runs
-- out (a crash mid-send) makes the row claimable again.
CREATE TABLE jobs (
	id         INTEGER PRIMARY KEY,
	kind       TEXT NOT NULL,
	user_id    TEXT REFERENCES users(user_id) ON DELETE CASCADE,
	key        TEXT UNIQUE,
	due_ms     INTEGER NOT NULL,
	payload    TEXT NOT NULL DEFAULT '{}',
	state      TEXT NOT NULL DEFAULT 'pending',
	attempts   INTEGER NOT NULL DEFAULT 0,
	lease_ms   INTEGER NOT NULL DEFAULT 0,
	updated_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX jobs_pending_due ON jobs(due_ms) WHERE state = 'pending';
CREATE INDEX jobs_running_lease ON jobs(lease_ms) WHERE state = 'running';
CREATE INDEX jobs_by_user ON jobs(user_id, state);
