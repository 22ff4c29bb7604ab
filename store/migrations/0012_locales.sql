-- The language Hangtime speaks to a user outside an interaction (reminders,
-- time's up) is the Discord locale of their last interaction; a group posts
-- in its server's locale. Empty means English.
ALTER TABLE users ADD COLUMN locale TEXT NOT NULL DEFAULT '';
ALTER TABLE groups ADD COLUMN locale TEXT NOT NULL DEFAULT '';
