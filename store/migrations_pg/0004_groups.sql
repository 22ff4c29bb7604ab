-- PostgreSQL twin of migrations/0004_groups.sql.
CREATE TABLE groups (
	guild_id      TEXT PRIMARY KEY,
	channel_id    TEXT NOT NULL,
	digest_minute INTEGER NOT NULL CHECK (digest_minute BETWEEN 0 AND 1439),
	timezone      TEXT NOT NULL,
	created_by    TEXT NOT NULL,
	updated_ms    BIGINT NOT NULL
);

CREATE TABLE group_members (
	guild_id  TEXT NOT NULL REFERENCES groups(guild_id) ON DELETE CASCADE,
	user_id   TEXT NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
	nudges    INTEGER NOT NULL DEFAULT 0,
	joined_ms BIGINT NOT NULL,
	PRIMARY KEY (guild_id, user_id)
);
CREATE INDEX group_members_by_user ON group_members(user_id);

CREATE TABLE group_posts (
	key        TEXT PRIMARY KEY,
	guild_id   TEXT NOT NULL REFERENCES groups(guild_id) ON DELETE CASCADE,
	message_id TEXT NOT NULL DEFAULT '',
	posted_ms  BIGINT NOT NULL
);
