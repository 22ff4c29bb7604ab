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
	// Lane is the kind's lane (see Lane); zero is LaneTimely.
	Lane Lane
}

// Lane says which of the jobs due at once go out first when Discord's rate
// limit (50 requests a second per bot) cannot send them all at once: every
// job of an earlier lane before any of a later one, and by due time within
// a lane. A burst of reminders therefore never holds up the end of a hang.
type Lane int

const (
	// LaneLive: someone is waiting for it this moment, such as the end of
	// a live hang (they are upside down). Edits made while answering an
	// interaction go in this lane too.
	LaneLive Lane = 1
	// LaneTimely: due at a time the user chose, such as a reminder.
	LaneTimely Lane = 2
	// LaneBulk: posts with hours of grace: group digests, recaps,
	// shout-outs, housekeeping.
	LaneBulk Lane = 3
)

// Lanes lists the lanes, the first served first.
func Lanes() []Lane { return []Lane{LaneLive, LaneTimely, LaneBulk} }

// BulkWait is how long a LaneBulk job waits behind timely ones: after it,
// the job is served as a timely one (and, being older, before the timely
// ones due after it), so that an evening of reminders at the rate limit
// cannot hold a digest past its grace window. It never overtakes LaneLive.
const BulkWait = 30 * time.Minute

// LaneAt is the lane the job is served in at now: its own, or LaneTimely
// for a LaneBulk job due BulkWait or more before now.
func (j Job) LaneAt(now time.Time) Lane {
	l := j.Lane
	if l == 0 {
		l = LaneTimely
	}
	if l == LaneBulk && !j.Due.After(now.Add(-BulkWait)) {
		return LaneTimely
	}
	return l
}

// JobOutcome is what became of a job a runner carried out.
type JobOutcome struct {
	// State is JobDone, JobMissed, JobFailed, JobUndeliverable or
	// JobCancelled, or JobPending to run it again at Due.
	State string
	Due   time.Time
	Note  string // what happened, in words a user may be shown
}
