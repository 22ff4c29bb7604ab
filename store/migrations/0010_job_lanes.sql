-- A job's lane (coach.Lane: 1 live, 2 timely, 3 bulk) says which of the
-- jobs due at once a dispatcher claims first; the index finds the due jobs
-- of one lane, earliest first, without reading the others.
ALTER TABLE jobs ADD COLUMN lane INTEGER NOT NULL DEFAULT 2;
-- Jobs queued before lanes existed, by the kinds there were then.
UPDATE jobs SET lane = 1 WHERE kind = 'hang_end';
UPDATE jobs SET lane = 3 WHERE kind IN ('digest', 'recap', 'shoutout', 'prune');
CREATE INDEX jobs_pending_lane_due ON jobs(lane, due_ms) WHERE state = 'pending';

-- Which dispatcher (one run of a process) holds a running job's lease. It
-- renews the lease while the job is in flight, so leases can be short and
-- a crashed process's jobs are free again within one lease.
ALTER TABLE jobs ADD COLUMN lease_owner TEXT NOT NULL DEFAULT '';
