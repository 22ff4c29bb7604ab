package coach

import "math"

// ConsistencyAlpha is the weight of a single day in the consistency score.
// 1/14 gives the score a memory of about two weeks: a month of daily hangs
// from scratch reaches 89% and six weeks over 95%, and one missed day takes
// about 7% of the current score away (90% becomes 84%).
const ConsistencyAlpha = 1.0 / 14

// ConsistencyExplained tells users, in plain text, how the consistency score
// works.
const ConsistencyExplained = "Consistency is a habit score from 0% to 100% that rewards hanging regularly rather than hanging long. " +
	"Each day it moves one fourteenth of the way towards 100% if you hung that day, and one fourteenth of the way towards 0% if you did not, " +
	"so recent weeks count most and older days fade away. A month of daily hangs brings it to about 90%, " +
	"and one missed day takes it down only a few points (from 90% to about 84%) instead of back to zero. " +
	"Rest days and paused days leave it exactly where it was, and today only counts once you have hung or the day is over."

// Consistency returns the exponentially weighted habit score, from 0 to 1,
// over the days from from to in.Today:
//
//	score(from-1) = 0
//	score(d)      = α·x(d) + (1−α)·score(d−1)   for an ordinary day
//	score(d)      = score(d−1)                  for a rest or paused day without a session
//
// where α is ConsistencyAlpha and x(d) is 1 when the local day d has a
// session and 0 otherwise. Today counts only once it has a session: until
// then the score is the one of yesterday, so it does not drop every morning.
// A zero from means the user's first session day; sessions before from are
// ignored. The cost is O(n log n) in the number of sessions, rests and
// pauses, whatever the number of days.
func Consistency(in StreakInput, from Day) float64 {
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
	br := newBridges(in.Rests, in.Pauses, today)
	const keep = 1 - ConsistencyAlpha
	// Rest and paused days are the identity and an ordinary day without a
	// session multiplies by keep, so within a gap only the number of
	// unbridged days matters, not their order.
	decay := func(score float64, lo, hi int) float64 {
		if missed := hi - lo + 1 - br.count(lo, hi); missed > 0 {
			score *= math.Pow(keep, float64(missed))
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
		prev = d
	}
	score = decay(score, prev+1, today-1)
	return min(max(score, 0), 1)
}
