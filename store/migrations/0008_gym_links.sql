-- A user's personal workout-ended URL (/gym link). Only a hash of its
-- token is kept: selector (the hash's first 16 hex digits) finds the row,
-- and the whole hash is compared in constant time by the caller.
CREATE TABLE gym_links (
	user_id    TEXT PRIMARY KEY REFERENCES users(user_id) ON DELETE CASCADE,
	selector   TEXT NOT NULL UNIQUE,
	token_hash TEXT NOT NULL,
	created_ms INTEGER NOT NULL
) STRICT;
