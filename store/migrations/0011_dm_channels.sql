-- The id of each user's direct-message channel with the bot, kept from the
-- first time it was opened: the channel is stable, so a restart need not
-- spend a request (of Discord's 50 a second) opening it again.
CREATE TABLE dm_channels (
	user_id    TEXT PRIMARY KEY REFERENCES users(user_id) ON DELETE CASCADE,
	channel_id TEXT NOT NULL,
	opened_ms  INTEGER NOT NULL
) STRICT;
