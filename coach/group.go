package coach

import (
	"fmt"
	"hash/fnv"
	"slices"
	"strings"
	"time"
)

// Group is a server's accountability group: where and when its digest is
// posted.
type Group struct {
	GuildID   string
	ChannelID string
	// DigestMinute is the digest's local time, in minutes after midnight.
	DigestMinute int
	Timezone     string // IANA name; the group's days are counted in it
	CreatedBy    string
}

// Location returns the group's time zone, UTC when unset or unknown.
func (g Group) Location() *time.Location {
	return Profile{Timezone: g.Timezone}.Location()
}

// Member is a user who opted in to a server's group.
type Member struct {
	UserID string
	Nudges bool // opted in to being mentioned in the digest's nudge
	// Timezone is the member's own zone (their profile's), in which their
	// streak is counted; empty means UTC, as in /stats.
	Timezone string
	Joined   time.Time
	// Plan is what the member's streak follows.
	Plan StreakPlan
}

// Activity is what a member's standing is computed from: their hangs since
// some moment (Start and Duration set), and all their rest days and pauses.
type Activity struct {
	Sessions []Session
	Rests    []Day
	Pauses   []Pause
}

// Standing is a member's part in a digest or a leaderboard.
type Standing struct {
	UserID string
	Hangs  int           // hangs in the period
	Days   int           // days with a hang in the period, in the member's own zone
	Total  time.Duration // time inverted in the period
	Streak int           // current streak, in the member's own days (or weeks)
	ByWeek bool          // the streak counts weeks that met a weekly target
	Nudges bool
}

// DigestAt returns the instant of a digest at minute (after local
// midnight) on day d in loc. A time that a DST change skips moves forward
// by the gap, and a repeated one is taken at its first occurrence, the same
// as reminders.
func DigestAt(d Day, minute int, loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	n := d.AddDays(0)
	return wallClock(n.Y, n.M, n.D, minute, loc)
}

// NextDigest returns the first day, from from on, whose digest time is not
// before notBefore.
func NextDigest(from Day, minute int, loc *time.Location, notBefore time.Time) Day {
	d := from
	// Jump close to notBefore first: after a long downtime, from may lie
	// far behind it.
	if near := DayOf(notBefore, loc).AddDays(-1); near.After(d) {
		d = near
	}
	// A day the zone skipped has no digest.
	for !d.Exists(loc) || DigestAt(d, minute, loc).Before(notBefore) {
		d = d.AddDays(1)
	}
	return d
}

// NextRecap returns the first Sunday, from from on, whose digest time is
// not before notBefore: weekly recaps close the week (Monday to Sunday) at
// Sunday's digest.
func NextRecap(from Day, minute int, loc *time.Location, notBefore time.Time) Day {
	d := NextDigest(from, minute, loc, notBefore)
	return d.AddDays(mod(7-int(d.Weekday()), 7))
}

// WeekKey names the ISO week of d, such as 2026-W48.
func WeekKey(d Day) string {
	y, w := d.Start(time.UTC).ISOWeek()
	return fmt.Sprintf("%04d-W%02d", y, w)
}

// CurrentRun returns the current streak, as Streaks does, and the first
// session day of the run that makes it (the zero Day when there is none).
// The start tells two separate runs of the same length apart.
func CurrentRun(in StreakInput) (current int, start Day) {
	if in.Plan.ByWeek() {
		current, _, start = weekStreaks(in)
		return current, start
	}
	today := in.Today.num()
	days := activeDays(in.Sessions, in.Loc, today)
	if len(days) == 0 {
		return 0, Day{}
	}
	br := in.bridges(days[0], today)
	if !br.covers(days[len(days)-1]+1, today-1) {
		return 0, Day{}
	}
	i := len(days) - 1
	for i > 0 && br.covers(days[i-1]+1, days[i]-1) {
		i--
	}
	return len(days) - i, dayFromNum(days[i])
}

// RunMayStartBefore reports whether the current run might reach back
// before from when in.Sessions holds only the sessions of from and later
// (the rest days and pauses must be complete): then the streak computed
// from them may be too short, and the caller must load more history.
func RunMayStartBefore(in StreakInput, from Day) bool {
	cur, start := CurrentRun(in)
	if cur == 0 {
		return false
	}
	if !start.After(from) || in.Plan.ByWeek() {
		// A week's run may lean on days before from in its first week.
		return true
	}
	return in.bridges(from.num(), in.Today.num()).covers(from.num(), start.num()-1)
}

// IsMilestone reports whether a streak of n days is one the group
// celebrates: 7, 30 or 100 days.
func IsMilestone(n int) bool { return n == 7 || n == 30 || n == 100 }

// IsWeekMilestone reports whether a streak of n weeks is one to celebrate:
// 4, 12 or 52 weeks.
func IsWeekMilestone(n int) bool { return n == 4 || n == 12 || n == 52 }

// IsStreakMilestone reports whether a streak of n under plan p is a
// milestone, in days or in weeks as the plan counts.
func IsStreakMilestone(p StreakPlan, n int) bool {
	if p.ByWeek() {
		return IsWeekMilestone(n)
	}
	return IsMilestone(n)
}

// Tally returns how many of the sessions started in [from, to) and their
// total time.
func Tally(sessions []Session, from, to time.Time) (hangs int, total time.Duration) {
	for _, s := range sessions {
		if !s.Start.Before(from) && s.Start.Before(to) {
			hangs++
			total += s.Duration
		}
	}
	return hangs, total
}

// DaysHung returns on how many distinct days in loc the sessions that
// started in [from, to) were.
func DaysHung(sessions []Session, from, to time.Time, loc *time.Location) int {
	seen := map[Day]bool{}
	for _, s := range sessions {
		if !s.Start.Before(from) && s.Start.Before(to) {
			seen[DayOf(s.Start, loc)] = true
		}
	}
	return len(seen)
}

// Standings returns each member's standing as of at: their hangs and time
// in [from, to), and their current streak, counted in their own time zone.
// act holds, by user id, what the members did: their sessions from since on
// (since at most from) and all their rest days and pauses; members without
// any may be absent. A streak that may have begun before since cannot be
// counted from that: those members are listed in deeper, for the caller to
// read their older sessions and hand them to DeepenStreaks.
func Standings(members []Member, act map[string]*Activity, since, from, to, at time.Time) (standings []Standing, deeper []string) {
	zones := zoneCache{}
	out := make([]Standing, len(members))
	for i, m := range members {
		a := act[m.UserID]
		in := streakInputOf(a, zones.of(m.Timezone), m.Plan, at)
		cur, _ := CurrentRun(in)
		if cur > 0 && RunMayStartBefore(in, DayOf(since, in.Loc).AddDays(1)) {
			deeper = append(deeper, m.UserID)
		}
		out[i] = Standing{UserID: m.UserID, Streak: cur, ByWeek: m.Plan.ByWeek(), Nudges: m.Nudges}
		if a != nil {
			out[i].Hangs, out[i].Total = Tally(a.Sessions, from, to)
			out[i].Days = DaysHung(a.Sessions, from, to, in.Loc)
		}
	}
	return out, deeper
}

// DeepenStreaks recounts, as of at, the streaks of the members that older
// has an entry for: their sessions before since, with all their rest days
// and pauses. st and act are what Standings returned for members and was
// given; st is updated in place.
func DeepenStreaks(st []Standing, members []Member, act, older map[string]*Activity, at time.Time) {
	zones := zoneCache{}
	for i, m := range members {
		o, ok := older[m.UserID]
		if !ok {
			continue
		}
		all := Activity{Sessions: slices.Clone(o.Sessions), Rests: o.Rests, Pauses: o.Pauses}
		if a := act[m.UserID]; a != nil {
			all.Sessions = append(all.Sessions, a.Sessions...)
		}
		st[i].Streak, _ = CurrentRun(streakInputOf(&all, zones.of(m.Timezone), m.Plan, at))
	}
}

// streakInputOf is the streak input of a member's activity (nil for none)
// as of at in loc.
func streakInputOf(a *Activity, loc *time.Location, plan StreakPlan, at time.Time) StreakInput {
	in := StreakInput{Loc: loc, Today: DayOf(at, loc), Plan: plan}
	if a != nil {
		in.Sessions = make([]time.Time, len(a.Sessions))
		for i, s := range a.Sessions {
			in.Sessions[i] = s.Start
		}
		in.Rests, in.Pauses = a.Rests, a.Pauses
	}
	return in
}

// zoneCache loads each time zone once: members mostly share a few.
type zoneCache map[string]*time.Location

func (z zoneCache) of(name string) *time.Location {
	loc, ok := z[name]
	if !ok {
		loc = Profile{Timezone: name}.Location()
		z[name] = loc
	}
	return loc
}

// Digest is one day of a group, ordered and selected for posting.
type Digest struct {
	Members int
	// Hung are the members who hung today, by days hung then streak:
	// minutes are never the key, so longer hangs are not rewarded.
	Hung  []Standing
	Total time.Duration // the group's time today
	// Alive are the members who have not hung yet today but whose streak
	// is alive, longest first: today still counts for them.
	Alive []Standing
	// Nudge are the members who opted in to nudges and have not hung
	// today, at most the maximum given to MakeDigest: those with the
	// longest streak at stake first, the others in an order that changes
	// from day to day, so a long list does not leave out the same people
	// every day. MoreNudge counts those left out.
	Nudge     []Standing
	MoreNudge int
}

// MakeDigest orders the members' standings for day into a digest,
// mentioning at most maxNudges members in the nudge.
func MakeDigest(day Day, standings []Standing, maxNudges int) Digest {
	dg := Digest{Members: len(standings)}
	var waiting []Standing
	for _, s := range standings {
		if s.Hangs > 0 {
			dg.Hung = append(dg.Hung, s)
			dg.Total += s.Total
			continue
		}
		if s.Streak > 0 {
			dg.Alive = append(dg.Alive, s)
		}
		if s.Nudges {
			waiting = append(waiting, s)
		}
	}
	slices.SortFunc(dg.Hung, byDays)
	slices.SortFunc(dg.Alive, byStreak)
	seed := day.String()
	keys := make(map[string]uint64, len(waiting))
	for _, s := range waiting {
		h := fnv.New64a()
		h.Write([]byte(seed + "/" + s.UserID))
		keys[s.UserID] = h.Sum64()
	}
	slices.SortFunc(waiting, func(a, b Standing) int {
		if a.Streak != b.Streak {
			return b.Streak - a.Streak
		}
		if ka, kb := keys[a.UserID], keys[b.UserID]; ka != kb {
			if ka < kb {
				return -1
			}
			return 1
		}
		return strings.Compare(a.UserID, b.UserID)
	})
	maxNudges = max(maxNudges, 0)
	if len(waiting) > maxNudges {
		dg.MoreNudge = len(waiting) - maxNudges
		waiting = waiting[:maxNudges]
	}
	dg.Nudge = waiting
	return dg
}

// Leaderboard returns the standings of members who hung in the period, by
// the days they hung, then their streak; minutes are never the key, so
// longer hangs are not rewarded.
func Leaderboard(standings []Standing) []Standing {
	var out []Standing
	for _, s := range standings {
		if s.Hangs > 0 {
			out = append(out, s)
		}
	}
	slices.SortFunc(out, byDays)
	return out
}

func byDays(a, b Standing) int {
	switch {
	case a.Days != b.Days:
		return b.Days - a.Days
	case a.Streak != b.Streak:
		return b.Streak - a.Streak
	}
	return strings.Compare(a.UserID, b.UserID)
}

func byStreak(a, b Standing) int {
	if a.Streak != b.Streak {
		return b.Streak - a.Streak
	}
	return strings.Compare(a.UserID, b.UserID)
}
