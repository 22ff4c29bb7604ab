package coach

import "time"

// Job states in the durable due-queue.
const (
	JobPending = "pending" // waiting for its due time
	JobRunning = "running" // claimed by a dispatcher; the lease says until when
	JobDone    = "done"    // carried out
	JobMissed  = "missed"  // due while the bot was down, too late to still help
	JobFailed  = "failed"  // gave up after errors
	// JobUndeliverable: Discord refused it for good (DMs closed, no access).
	JobUndeliverable = "undeliverable"
	JobCancelled     = "cancelled" // withdrawn before it was due
)

// Job is a piece of work due at a moment: the end of a live hang, a
// reminder, a digest. Jobs live in the database so they survive restarts.
type Job struct {
	ID     int64
	Kind   string
	UserID string // empty for jobs that belong to no single user
	// Key, when set, is unique among jobs: scheduling the same key twice
	// keeps the first, so retried scheduling never duplicates work.
	Key      string
	Due      time.Time
	Payload  string // JSON, owned by the job's kind
	Attempts int
}

// JobOutcome is what became of a job a runner carried out.
type JobOutcome struct {
	// State is JobDone, JobMissed, JobFailed, JobUndeliverable or
	// JobCancelled, or JobPending to run it again at Due.
	State string
	Due   time.Time
	Note  string // what happened, in words a user may be shown
}
