-- PostgreSQL twin of migrations/0008_gym_links.sql.
CREATE TABLE gym_links (
	user_id    TEXT PRIMARY KEY REFERENCES users(user_id) ON DELETE CASCADE,
	selector   TEXT NOT NULL UNIQUE,
	token_hash TEXT NOT NULL,
	created_ms BIGINT NOT NULL
);
