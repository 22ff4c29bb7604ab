-- Users own everything else: deleting a user row cascades to all their data.
CREATE TABLE users (
	user_id       TEXT PRIMARY KEY,
	device        TEXT NOT NULL DEFAULT '',
	timezone      TEXT NOT NULL DEFAULT '',
	level         TEXT NOT NULL DEFAULT '',
	safety_ack_ms INTEGER NOT NULL DEFAULT 0,
	created_ms    INTEGER NOT NULL
) STRICT;

-- One row per hang. interaction_id is the Discord interaction that created
-- it, unique so that a re-delivered interaction logs once.
CREATE TABLE sessions (
	id             INTEGER PRIMARY KEY,
	user_id        TEXT NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
	interaction_id TEXT UNIQUE,
	started_ms     INTEGER NOT NULL,
	duration_ms    INTEGER NOT NULL CHECK (duration_ms > 0),
	device         TEXT NOT NULL DEFAULT '',
	angle          INTEGER NOT NULL DEFAULT 0,
	note           TEXT NOT NULL DEFAULT '',
	routine        TEXT NOT NULL DEFAULT '',
	stopped_early  INTEGER NOT NULL DEFAULT 0,
	created_ms     INTEGER NOT NULL
) STRICT;
CREATE INDEX sessions_by_user ON sessions(user_id, started_ms DESC, id DESC);

-- Interactions already acted on, so a duplicate delivery is ignored.
CREATE TABLE interactions (
	id      TEXT PRIMARY KEY,
	seen_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX interactions_by_time ON interactions(seen_ms);

-- A command interrupted by the safety card, carried out once the user
-- acknowledges it.
CREATE TABLE pending_commands (
	id             INTEGER PRIMARY KEY,
	user_id        TEXT NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
	interaction_id TEXT NOT NULL,
	command        TEXT NOT NULL,
	options        TEXT NOT NULL,
	created_ms     INTEGER NOT NULL
) STRICT;
