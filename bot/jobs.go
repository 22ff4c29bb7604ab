package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/hangtime/hangtime/coach"
)

// Runner carries out one job of the durable due-queue at now and says what
// became of it; an error means try again later. It is the scheduler's
// runner type, so the scheduler takes the bot's runners as they are.
type Runner = func(ctx context.Context, job coach.Job, now time.Time) (coach.JobOutcome, error)

// JobKind is a kind of job: its name, stored with every job of the kind,
// its lane (which of the jobs due at once go out first; see coach.Lane),
// and the runner that carries them out. A feature declares its kinds in
// Command.Jobs, beside the command that queues them; the kind's name,
// lane, key builders, payload type and runner live together in one file.
type JobKind struct {
	Name string
	Lane coach.Lane
	Run  Runner
}

// jobKind declares a kind whose payload is the JSON of a P (see newJob):
// the runner gets it decoded. A payload that does not decode fails its job
// at once, since trying again cannot mend it. The runner's messages go out
// in the job's lane.
func jobKind[P any](name string, lane coach.Lane, run func(ctx context.Context, job coach.Job, p P, now time.Time) (coach.JobOutcome, error)) JobKind {
	return JobKind{Name: name, Lane: lane, Run: func(ctx context.Context, job coach.Job, now time.Time) (coach.JobOutcome, error) {
		var p P
		if err := json.Unmarshal([]byte(job.Payload), &p); err != nil {
			return coach.JobOutcome{State: coach.JobFailed, Note: english.S("note.unreadable", name)}, nil
		}
		if job.Lane == 0 {
			job.Lane = lane
		}
		return run(withLane(ctx, job.LaneAt(now)), job, p, now)
	}}
}

// newJob is a job of kind in lane (the kind's, as its JobKind declares),
// due at due, with its payload encoded as JSON: the one encoding jobKind
// decodes. A job with a key is queued once however often it is added (see
// coach.Job).
func newJob(kind string, lane coach.Lane, userID, key string, due time.Time, payload any) coach.Job {
	b, err := json.Marshal(payload)
	if err != nil {
		// Payloads are plain structs of strings and numbers.
		panic(fmt.Sprintf("bot: encode %s job payload: %v", kind, err))
	}
	return coach.Job{Kind: kind, Lane: lane, UserID: userID, Key: key, Due: due, Payload: string(b)}
}

// addJobKinds registers the job kinds of a command and its subcommands.
func (b *Bot) addJobKinds(c *Command) {
	for _, k := range c.Jobs {
		if k.Name == "" || k.Run == nil {
			panic("bot: incomplete job kind in command " + c.Name)
		}
		if _, dup := b.jobs[k.Name]; dup {
			panic("bot: job kind defined twice: " + k.Name)
		}
		if !slices.Contains(coach.Lanes(), k.Lane) {
			panic("bot: job kind in no lane: " + k.Name)
		}
		b.jobs[k.Name] = k.Run
	}
	for i := range c.Subs {
		b.addJobKinds(&c.Subs[i])
	}
}

// Runners returns the runners of every job kind the command table
// declares, by kind name: what the scheduler needs. The map is the
// caller's to extend.
func (b *Bot) Runners() map[string]Runner {
	out := make(map[string]Runner, len(b.jobs))
	for kind, run := range b.jobs {
		out[kind] = run
	}
	return out
}
