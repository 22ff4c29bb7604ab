-- What a user's streak follows and how time's up reaches them: weekly is
-- the target days a week (0: none; gym days, when set, come first), notify
-- is 'dm' (the default) or 'channel' (a channel message mentioning only
-- them, where the hang was started).
ALTER TABLE users ADD COLUMN weekly INTEGER NOT NULL DEFAULT 0 CHECK (weekly BETWEEN 0 AND 7);
ALTER TABLE users ADD COLUMN notify TEXT NOT NULL DEFAULT 'dm' CHECK (notify IN ('dm', 'channel'));
