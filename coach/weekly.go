package coach

// weekOf returns the number of the ISO week (Monday to Sunday) of the day
// number n; 1970-01-05 (day 4) was a Monday.
func weekOf(n int) int { return floorDiv(n-4, 7) }

// weekState is what a week did for a weekly streak.
type weekState int

const (
	weekMissed  weekState = iota // fell short of the target: breaks the run
	weekKept                     // met the target: adds to the run
	weekBridged                  // short only by rest or paused days, or still under way: neither
)

// week is one ISO week of a weekly plan.
type week struct {
	state weekState
	hung  int // days with a session
	first int // the first session day of the week; -1 without one
}

// planWeeks returns the weeks from the one of the first session to the
// current one, and the number of the first. A week meets the target with
// that many days hung; one that falls short only by rest days or paused
// days, or that is still under way, neither breaks nor adds.
func planWeeks(in StreakInput) (weeks []week, w0 int) {
	today := in.Today.num()
	days := activeDays(in.Sessions, in.Loc, today)
	if len(days) == 0 {
		return nil, 0
	}
	w0, wT := weekOf(days[0]), weekOf(today)
	weeks = make([]week, wT-w0+1)
	for i := range weeks {
		weeks[i].first = -1
	}
	for _, d := range days {
		w := &weeks[weekOf(d)-w0]
		if w.first < 0 {
			w.first = d
		}
		w.hung++
	}
	br := in.bridges(days[0], today)
	target := min(max(in.Plan.Weekly, 1), MaxWeekly)
	di := 0
	for i := range weeks {
		w := &weeks[i]
		switch {
		case w.hung >= target:
			w.state = weekKept
			continue
		case i == len(weeks)-1:
			w.state = weekBridged
			continue
		}
		monday := (w0+i)*7 + 4
		// Bridged days of the week that have no session of their own.
		bridged := br.count(monday, monday+6)
		for di < len(days) && days[di] < monday {
			di++
		}
		for j := di; j < len(days) && days[j] <= monday+6; j++ {
			if br.count(days[j], days[j]) == 1 {
				bridged--
			}
		}
		if w.hung+bridged >= target {
			w.state = weekBridged
		}
	}
	return weeks, w0
}

// weekStreaks returns the current and best runs of weeks that met the
// weekly target, and the first session day of the current run.
func weekStreaks(in StreakInput) (current, best int, start Day) {
	weeks, _ := planWeeks(in)
	run, runStart := 0, -1
	for _, w := range weeks {
		switch w.state {
		case weekKept:
			if run == 0 {
				runStart = w.first
			}
			run++
			best = max(best, run)
		case weekMissed:
			run, runStart = 0, -1
		}
	}
	if run == 0 {
		return 0, best, Day{}
	}
	return run, best, dayFromNum(runStart)
}
