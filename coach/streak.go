package coach

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
)

// Day is a calendar day in a user's time zone, without a time of day. The
// zero Day means "not set".
type Day struct {
	Y int
	M time.Month
	D int
}

// DayOf returns the calendar day of t in loc (UTC when loc is nil).
func DayOf(t time.Time, loc *time.Location) Day {
	if loc == nil {
		loc = time.UTC
	}
	y, m, d := t.In(loc).Date()
	return Day{Y: y, M: m, D: d}
}

// ParseDay reads a day written as 2026-11-24.
func ParseDay(field, s string) (Day, error) {
	t, err := time.Parse(time.DateOnly, strings.TrimSpace(s))
	if err != nil {
		return Day{}, inputErr(field, text("c.in.not_date", truncate(strings.TrimSpace(s), 20)), text("c.in.date_use"))
	}
	return DayOf(t, time.UTC), nil
}

// restAccepted is what a rest day may be.
const restAccepted = "use today, yesterday, a weekday such as mon, or a date such as 2026-11-24, within the last 7 days"

// String renders the day as 2026-11-24.
func (d Day) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Y, int(d.M), d.D) }

// IsZero reports whether d is the zero Day.
func (d Day) IsZero() bool { return d == Day{} }

// AddDays returns the day n days after d (before it when n is negative).
func (d Day) AddDays(n int) Day { return dayFromNum(d.num() + n) }

// Sub returns the number of days from e to d: d.Sub(d.AddDays(-3)) is 3.
func (d Day) Sub(e Day) int { return d.num() - e.num() }

// Before reports whether d is earlier than e.
func (d Day) Before(e Day) bool { return d.num() < e.num() }

// After reports whether d is later than e.
func (d Day) After(e Day) bool { return d.num() > e.num() }

// Weekday returns the day of the week.
func (d Day) Weekday() time.Weekday {
	// Day 0 (1970-01-01) was a Thursday.
	return time.Weekday(mod(d.num()+4, 7))
}

// Start returns the first instant of d in loc: midnight, or, when a change
// of offset skips midnight, the instant of the change (time.Date would go
// back into the previous day). A day the zone skipped entirely (Pacific/Apia,
// 2011-12-30) starts, and ends, where the next day starts.
func (d Day) Start(loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	n := d.AddDays(0) // normalize
	// Nearly always midnight exists once, and time.Date finds it.
	t := time.Date(n.Y, n.M, n.D, 0, 0, 0, 0, loc)
	if h, m, s := t.Clock(); h == 0 && m == 0 && s == 0 && DayOf(t, loc) == n && DayOf(t.Add(-time.Nanosecond), loc).Before(n) {
		return t
	}
	t, _, _ = findWall(time.Date(n.Y, n.M, n.D, 0, 0, 0, 0, time.UTC), loc)
	return t
}

// Exists reports whether d has any instant in loc: false for a day the
// zone skipped when it moved across the date line.
func (d Day) Exists(loc *time.Location) bool {
	return d.Start(loc).Before(d.AddDays(1).Start(loc))
}

// findWall finds the wall time wall (a local date and time, written in
// UTC's fields) in loc. When it exists, t is its first occurrence and exact
// is set. When a change of offset skips it, t is the instant of the change
// (the first one whose local time is past wall) and before is the offset,
// in seconds, in force just before the change.
func findWall(wall time.Time, loc *time.Location) (t time.Time, exact bool, before int) {
	// Offsets lie within -12h and +14h, so 15 hours before wall (read as
	// UTC) the local time is still before wall. Walk the zone's periods
	// forward from there: the first period that holds wall holds its first
	// occurrence, and a change that jumps past it skips it.
	cur := wall.Add(-15 * time.Hour)
	prev := 0
	for range 16 {
		lt := cur.In(loc)
		_, off := lt.Zone()
		cand := wall.Add(-time.Duration(off) * time.Second)
		if cand.Before(cur) {
			return cur, false, prev
		}
		_, end := lt.ZoneBounds()
		if end.IsZero() || cand.Before(end) {
			return cand, true, off
		}
		prev, cur = off, end
	}
	// Unreachable with real zone data; fall back to the standard library.
	return time.Date(wall.Year(), wall.Month(), wall.Day(), wall.Hour(), wall.Minute(), wall.Second(), 0, loc), true, 0
}

// num is the number of days since 1970-01-01 in the proleptic Gregorian
// calendar (Howard Hinnant's days_from_civil). Out-of-range months and days
// roll over as they do in time.Date.
func (d Day) num() int {
	y, m := d.Y, int(d.M)-1
	y += floorDiv(m, 12)
	m = mod(m, 12) + 1
	if m <= 2 {
		y--
	}
	era := floorDiv(y, 400)
	yoe := y - era*400
	mp := (m + 9) % 12 // March is 0
	doy := (153*mp+2)/5 + d.D - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// dayFromNum is the inverse of Day.num (Hinnant's civil_from_days).
func dayFromNum(z int) Day {
	z += 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return Day{Y: y, M: time.Month(m), D: d}
}

func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

func mod(a, b int) int { return a - floorDiv(a, b)*b }

// RestDaysPerWeek is how many rest days a user may mark per ISO week
// (Monday to Sunday). One is enough for a daily habit: a rest day keeps the
// streak alive, and an injury or illness is what pauses are for.
const RestDaysPerWeek = 1

// MaxPauseDays is the longest streak pause, in days, that can be set at once.
const MaxPauseDays = 60

// Sentinel errors of CanRest.
var (
	// ErrRestAllowanceUsed means the week's rest days are already used.
	ErrRestAllowanceUsed = errors.New("rest allowance for this week is used")
	// ErrAlreadyRested means today is already a rest day.
	ErrAlreadyRested = errors.New("today is already a rest day")
)

// Pause is a run of days during which the streak neither grows nor breaks,
// for injury or illness.
type Pause struct {
	From Day
	To   Day // inclusive; the zero Day means open-ended
}

// NewPause returns a pause of n days starting on from.
func NewPause(from Day, n int) Pause { return Pause{From: from, To: from.AddDays(n - 1)} }

// Contains reports whether the pause covers d.
func (p Pause) Contains(d Day) bool {
	if p.From.IsZero() || d.Before(p.From) {
		return false
	}
	return p.To.IsZero() || !d.After(p.To)
}

// ParsePauseDays checks the length of a pause: 1 to MaxPauseDays days.
func ParsePauseDays(field string, n int64) (int, error) {
	if n < 1 || n > MaxPauseDays {
		return 0, inputErr(field, text("c.in.pause_range", n), text("c.in.pause_use", MaxPauseDays))
	}
	return int(n), nil
}

// CanRest reports whether today may be marked as a rest day given the rest
// days already marked: ErrAlreadyRested when today is one, and
// ErrRestAllowanceUsed when today's ISO week (Monday to Sunday) already has
// RestDaysPerWeek of them.
func CanRest(rests []Day, today Day) error {
	t := today.num()
	monday := t - mod(t-4, 7) // 1970-01-05 (day 4) was a Monday
	used := 0
	for _, r := range rests {
		n := r.num()
		if n == t {
			return ErrAlreadyRested
		}
		if n >= monday && n < monday+7 {
			used++
		}
	}
	if used >= RestDaysPerWeek {
		return ErrRestAllowanceUsed
	}
	return nil
}

// StreakInput is what streaks and the consistency score are computed from.
type StreakInput struct {
	Sessions []time.Time // session start instants, in any order
	// Rests are the marked rest days; Streaks trusts them and does not
	// recheck the weekly allowance (CanRest does, when one is marked).
	Rests  []Day
	Pauses []Pause
	Loc    *time.Location // the user's time zone; nil means UTC
	Today  Day            // today in Loc; sessions after it are ignored
	// Plan is what the streak follows: gym days, a weekly target, or,
	// when it is zero, every calendar day.
	Plan StreakPlan
}

// StreakRecord is a user's stored history as streaks read it: when each
// hang started, newest first, the marked rest days, the pauses, and the
// gym schedules, whose days are the plan's gym days.
type StreakRecord struct {
	Starts []time.Time
	Rests  []Day
	Pauses []Pause
	Gym    []GymSchedule
}

// StreakPlan is the plan a user's streak and consistency score follow.
// Gym days come first: with them, the streak counts the planned days kept
// in a row, and a day off the plan never breaks it (a hang on one still
// counts). Else a weekly target makes it count the weeks in a row that met
// the target. With neither, it counts local calendar days.
type StreakPlan struct {
	GymDays Weekdays // the /gym schedule's days; 0 means none
	Weekly  int      // target days a week, 1–7; 0 means none
}

// ByWeek reports whether the streak counts weeks rather than days.
func (p StreakPlan) ByWeek() bool { return p.GymDays&0x7f == 0 && p.Weekly > 0 }

// offPlan returns the weekdays that never break a streak by themselves:
// those off the gym plan (none without gym days).
func (p StreakPlan) offPlan() Weekdays {
	if p.GymDays&0x7f == 0 {
		return 0
	}
	return ^p.GymDays & 0x7f
}

// MaxWeekly is the largest weekly target: every day.
const MaxWeekly = 7

// ParseWeekly checks a weekly target: 1 to 7 days a week.
func ParseWeekly(field string, n int64) (int, error) {
	if n < 1 || n > MaxWeekly {
		return 0, inputErr(field, text("c.in.weekly_range", n), text("c.in.weekly_use"))
	}
	return int(n), nil
}

// Streaks returns the current and the best streak: runs of local calendar
// days with at least one session. Rest days and paused days between two
// such days keep the run alive without adding to it, and so do the days off
// a gym plan. With a weekly target (and no gym days) the streaks are weeks
// that met it, as weekStreaks counts them. The current streak is
// still alive when today has no session yet, since today is not over.
// The cost is O(n log n) in the number of sessions, rests and pauses.
func Streaks(in StreakInput) (current, best int) {
	if in.Plan.ByWeek() {
		current, best, _ = weekStreaks(in)
		return current, best
	}
	today := in.Today.num()
	days := activeDays(in.Sessions, in.Loc, today)
	if len(days) == 0 {
		return 0, 0
	}
	br := in.bridges(days[0], today)
	run := 0
	for i, d := range days {
		if i > 0 && !br.covers(days[i-1]+1, d-1) {
			run = 0
		}
		run++
		best = max(best, run)
	}
	if br.covers(days[len(days)-1]+1, today-1) {
		current = run
	}
	return current, best
}

// activeDays returns the sorted, distinct day numbers in loc of the
// sessions, leaving out days after today.
func activeDays(sessions []time.Time, loc *time.Location, today int) []int {
	if loc == nil {
		loc = time.UTC
	}
	days := make([]int, 0, len(sessions))
	for _, t := range sessions {
		if n := DayOf(t, loc).num(); n <= today {
			days = append(days, n)
		}
	}
	slices.Sort(days)
	return slices.Compact(days)
}

// span is an inclusive range of day numbers.
type span struct{ lo, hi int }

// bridges holds the rest and paused days as sorted, disjoint, non-adjacent
// spans with prefix sums of their lengths, so that how many days of a range
// they cover is a binary search away.
type bridges struct {
	spans []span
	cum   []int // cum[i] is the number of days in spans[:i]
}

// bridges returns the days that keep a run alive without adding to it:
// rest days, paused days and, from lo to today, the days off the gym plan.
func (in StreakInput) bridges(lo, today int) bridges {
	// A day the zone skipped (across the date line) breaks no run.
	loc := in.Loc
	if loc == nil {
		loc = time.UTC
	}
	skipped := SkippedDays(loc, dayFromNum(lo).Start(loc), dayFromNum(today).AddDays(1).Start(loc))
	return newBridges(slices.Concat(in.Rests, skipped), in.Pauses, today, in.Plan.offPlan(), lo)
}

func newBridges(rests []Day, pauses []Pause, today int, off Weekdays, lo int) bridges {
	raw := make([]span, 0, len(rests)+len(pauses))
	if off != 0 {
		for n := lo; n <= today; n++ {
			if off.Has(time.Weekday(mod(n+4, 7))) {
				raw = append(raw, span{n, n})
			}
		}
	}
	for _, r := range rests {
		if !r.IsZero() {
			n := r.num()
			raw = append(raw, span{n, n})
		}
	}
	for _, p := range pauses {
		if p.From.IsZero() {
			continue
		}
		hi := today
		if !p.To.IsZero() {
			hi = min(p.To.num(), today)
		}
		if lo := p.From.num(); lo <= hi {
			raw = append(raw, span{lo, hi})
		}
	}
	slices.SortFunc(raw, func(a, b span) int { return a.lo - b.lo })
	var b bridges
	for _, s := range raw {
		if k := len(b.spans) - 1; k >= 0 && s.lo <= b.spans[k].hi+1 {
			b.spans[k].hi = max(b.spans[k].hi, s.hi)
			continue
		}
		b.spans = append(b.spans, s)
	}
	b.cum = make([]int, len(b.spans)+1)
	for i, s := range b.spans {
		b.cum[i+1] = b.cum[i] + s.hi - s.lo + 1
	}
	return b
}

// upTo returns how many bridged days are on or before day x.
func (b bridges) upTo(x int) int {
	k := sort.Search(len(b.spans), func(i int) bool { return b.spans[i].lo > x })
	if k == 0 {
		return 0
	}
	s := b.spans[k-1]
	return b.cum[k-1] + min(x, s.hi) - s.lo + 1
}

// count returns how many days of [lo, hi] are bridged.
func (b bridges) count(lo, hi int) int {
	if lo > hi {
		return 0
	}
	return b.upTo(hi) - b.upTo(lo-1)
}

// covers reports whether every day of [lo, hi] is bridged; an empty range
// is.
func (b bridges) covers(lo, hi int) bool { return b.count(lo, hi) == hi-lo+1 || lo > hi }

// RestBackDays is how far back a rest day may be marked: today or one of
// the last 7 days.
const RestBackDays = 7

// ParseRestDay reads the day a rest day is for, relative to today: empty or
// "today", "yesterday", a weekday name (the latest such day, today
// included), or a date such as 2026-11-24. A day in the future or more than
// RestBackDays back is refused.
func ParseRestDay(field, s string, today Day) (Day, error) {
	accepted := text("c.in.rest_days")
	s = strings.ToLower(strings.TrimSpace(s))
	var d Day
	switch s {
	case "", "today":
		return today, nil
	case "yesterday":
		d = today.AddDays(-1)
	default:
		if wd, err := parseDay(s); err == nil {
			d = today.AddDays(-mod(int(today.Weekday())-int(wd), 7))
			break
		}
		t, err := time.Parse(time.DateOnly, s)
		if err != nil {
			return Day{}, inputErr(field, text("c.in.not_day", truncate(s, 20)), accepted)
		}
		d = DayOf(t, time.UTC)
	}
	switch {
	case d.After(today):
		return Day{}, inputErr(field, text("c.in.future", d), accepted)
	case today.Sub(d) > RestBackDays:
		return Day{}, inputErr(field, text("c.in.day_too_old", d), accepted)
	}
	return d, nil
}
