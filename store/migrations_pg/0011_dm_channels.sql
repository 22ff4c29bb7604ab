-- PostgreSQL twin of migrations/0011_dm_channels.sql.
CREATE TABLE dm_channels (
	user_id    TEXT PRIMARY KEY REFERENCES users(user_id) ON DELETE CASCADE,
	channel_id TEXT NOT NULL,
	opened_ms  BIGINT NOT NULL
);
