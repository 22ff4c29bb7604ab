package coach

import "math"

// ConsistencyAlpha is the weight of a single step (a planned day, or a week
// with a weekly target) in the consistency score. 1/14 gives the score a
// memory of about fourteen steps: one missed step takes about 7% of the
// score away (100% becomes about 93%) instead of back to zero.
const ConsistencyAlpha = 1.0 / 14

// ConsistencyExplained tells users, in plain text, how the consistency score
// works.
const ConsistencyExplained = "Consistency is a habit score from 0% to 100%: the share of your planned days you kept, with recent weeks counting most and older days fading away. " +
	"Your plan is your gym days (`/gym schedule`), else your weekly target (`/profile set weekly:`), else every day. " +
	"Keeping every planned day keeps it at 100%; one missed planned day takes it down only a few points instead of back to zero, and a hang on an extra day still counts. " +
	"Rest days and paused days leave it exactly where it was, and today only counts once you have hung or the day is over."

// Consistency returns the exponentially weighted habit score, from 0 to 1:
// the share of the planned steps kept from from to in.Today, each step
// weighing (1−α) times the one after it, α being ConsistencyAlpha:
//
//	raw(from-1) = 0, n = 0
//	raw(d)      = α·x(d) + (1−α)·raw(d−1), n+1   for a kept or missed step
//	score       = raw / (1 − (1−α)^n)
//
// The division corrects for the start at zero, so a plan kept perfectly
// scores 100% from the first step. A step is a local day with a session
// (x = 1) or a planned day without one (x = 0); rest days, paused days and
// days off a gym plan without a session are no step. With a weekly target
// a step is a week, kept or the share of the target met; weeks short only
// by rest or paused days are no step. Today (this week) counts only once it
// has a session (met the target): until then the score is yesterday's, so
// it does not drop every morning. A zero from means the user's first
// session day; sessions before from are ignored. The cost is O(n log n) in
// the number of sessions, rests and pauses, plus the days of a gym plan.
func Consistency(in StreakInput, from Day) float64 {
	if in.Plan.ByWeek() {
		return weekConsistency(in, from)
	}
	today := in.Today.num()
	days := activeDays(in.Sessions, in.Loc, today)
	start := 0
	switch {
	case !from.IsZero():
		start = from.num()
	case len(days) > 0:
		start = days[0]
	default:
		return 0
	}
	if start > today {
		return 0
	}
	lo := start
	if len(days) > 0 {
		lo = min(lo, days[0])
	}
	br := in.bridges(lo, today)
	const keep = 1 - ConsistencyAlpha
	steps := 0
	// Rest and paused days are the identity and an ordinary day without a
	// session multiplies by keep, so within a gap only the number of
	// unbridged days matters, not their order.
	decay := func(score float64, lo, hi int) float64 {
		if missed := hi - lo + 1 - br.count(lo, hi); missed > 0 {
			score *= math.Pow(keep, float64(missed))
			steps += missed
		}
		return score
	}
	score := 0.0
	prev := start - 1
	for _, d := range days {
		if d < start {
			continue
		}
		score = decay(score, prev+1, d-1)
		score = ConsistencyAlpha + keep*score
		steps++
		prev = d
	}
	score = decay(score, prev+1, today-1)
	return unbias(score, steps)
}

// unbias divides an exponentially weighted score started at zero by the
// weight its steps carry.
func unbias(score float64, steps int) float64 {
	if steps == 0 {
		return 0
	}
	score /= 1 - math.Pow(1-ConsistencyAlpha, float64(steps))
	return min(max(score, 0), 1)
}

// weekConsistency is Consistency with a weekly target: a step per week.
func weekConsistency(in StreakInput, from Day) float64 {
	weeks, w0 := planWeeks(in)
	if len(weeks) == 0 {
		return 0
	}
	first := w0
	if !from.IsZero() {
		first = weekOf(from.num())
	}
	target := float64(min(max(in.Plan.Weekly, 1), MaxWeekly))
	const keep = 1 - ConsistencyAlpha
	score, steps := 0.0, 0
	for w := min(first, w0); w < w0+len(weeks); w++ {
		if w < first {
			continue
		}
		x := 0.0
		if w >= w0 {
			wk := weeks[w-w0]
			if wk.state == weekBridged {
				continue
			}
			x = min(float64(wk.hung)/target, 1)
		}
		score = ConsistencyAlpha*x + keep*score
		steps++
	}
	return unbias(score, steps)
}
