-- PostgreSQL twin of migrations/0010_job_lanes.sql.
ALTER TABLE jobs ADD COLUMN lane INTEGER NOT NULL DEFAULT 2;
UPDATE jobs SET lane = 1 WHERE kind = 'hang_end';
UPDATE jobs SET lane = 3 WHERE kind IN ('digest', 'recap', 'shoutout', 'prune');
CREATE INDEX jobs_pending_lane_due ON jobs(lane, due_ms) WHERE state = 'pending';

ALTER TABLE jobs ADD COLUMN lease_owner TEXT NOT NULL DEFAULT '';
