-- PostgreSQL twin of migrations/0009_plan.sql.
ALTER TABLE users ADD COLUMN weekly INTEGER NOT NULL DEFAULT 0 CHECK (weekly BETWEEN 0 AND 7);
ALTER TABLE users ADD COLUMN notify TEXT NOT NULL DEFAULT 'dm' CHECK (notify IN ('dm', 'channel'));
