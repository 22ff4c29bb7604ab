-- PostgreSQL twin of migrations/0012_locales.sql.
ALTER TABLE users ADD COLUMN locale TEXT NOT NULL DEFAULT '';
ALTER TABLE groups ADD COLUMN locale TEXT NOT NULL DEFAULT '';
