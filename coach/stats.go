package coach

import (
	"strings"
	"time"
)

// Totals sums up a set of sessions.
type Totals struct {
	Sessions int
	Total    time.Duration
	Average  time.Duration // rounded to the second; 0 without sessions
	Longest  time.Duration
}

// Summarize returns the totals of sessions.
func Summarize(sessions []Session) Totals {
	var t Totals
	for _, s := range sessions {
		t.Sessions++
		t.Total += s.Duration
		t.Longest = max(t.Longest, s.Duration)
	}
	if t.Sessions > 0 {
		t.Average = (t.Total / time.Duration(t.Sessions)).Round(time.Second)
	}
	return t
}

// DayMinutes is the inverted time of one local day, in minutes.
type DayMinutes struct {
	Day     Day
	Minutes float64
}

// MinutesPerDay returns one entry per local day from from to to inclusive,
// days without sessions included, for drawing a chart. A session counts for
// the day it started on in loc (UTC when nil). A zero from means the day of
// the earliest session; the result is empty when there is none or when to
// is before from.
func MinutesPerDay(sessions []Session, loc *time.Location, from, to Day) []DayMinutes {
	if loc == nil {
		loc = time.UTC
	}
	if from.IsZero() {
		if len(sessions) == 0 {
			return nil
		}
		first := sessions[0].Start
		for _, s := range sessions[1:] {
			if s.Start.Before(first) {
				first = s.Start
			}
		}
		from = DayOf(first, loc)
	}
	lo, hi := from.num(), to.num()
	if hi < lo {
		return nil
	}
	out := make([]DayMinutes, hi-lo+1)
	for i := range out {
		out[i].Day = dayFromNum(lo + i)
	}
	for _, s := range sessions {
		if n := DayOf(s.Start, loc).num(); n >= lo && n <= hi {
			out[n-lo].Minutes += s.Duration.Minutes()
		}
	}
	return out
}

// The periods that PeriodStart accepts.
const (
	PeriodWeek  = "week"
	PeriodMonth = "month"
	PeriodAll   = "all"
)

// PeriodStart returns the first day of a statistics period ending today:
// "week" is the last 7 days and "month" the last 30, today included; "all"
// returns the zero Day, meaning since the first session.
func PeriodStart(period string, today Day) (Day, error) {
	p := strings.ToLower(strings.TrimSpace(period))
	switch p {
	case PeriodWeek:
		return today.AddDays(-6), nil
	case PeriodMonth:
		return today.AddDays(-29), nil
	case PeriodAll:
		return Day{}, nil
	}
	return Day{}, inputErr("period", text("c.in.not_period", truncate(p, 20)), text("c.in.periods"))
}
