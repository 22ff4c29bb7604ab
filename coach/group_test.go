package coach

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestDigestAt(t *testing.T) {
	berlin := zone(t, "Europe/Berlin")
	tests := []struct {
		day    string
		minute int
		want   time.Time
	}{
		{"2026-11-24", 20 * 60, time.Date(2026, 11, 24, 19, 0, 0, 0, time.UTC)},
		{"2026-07-01", 20 * 60, time.Date(2026, 7, 1, 18, 0, 0, 0, time.UTC)},
		// 02:30 does not exist on 2026-03-29 in Berlin: it moves forward
		// by the gap, to 03:30 CEST.
		{"2026-03-29", 2*60 + 30, time.Date(2026, 3, 29, 1, 30, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		if got := DigestAt(day(t, tt.day), tt.minute, berlin); !got.Equal(tt.want) {
			t.Errorf("DigestAt(%s, %d, Berlin) = %v, want %v", tt.day, tt.minute, got.UTC(), tt.want)
		}
	}
	// 02:30 happens twice on 2026-10-25: either is a 02:30 digest.
	got := DigestAt(day(t, "2026-10-25"), 2*60+30, berlin)
	if h, m, _ := got.In(berlin).Clock(); h != 2 || m != 30 || DayOf(got, berlin) != day(t, "2026-10-25") {
		t.Errorf("DigestAt(2026-10-25, 02:30, Berlin) = %v, want 02:30 local", got.In(berlin))
	}
}

func TestNextDigestAndRecap(t *testing.T) {
	ny := zone(t, "America/New_York")
	const eight = 20 * 60
	tests := []struct {
		name      string
		from      string
		notBefore time.Time
		digest    string
		recap     string
	}{
		{"later today", "2026-11-24", at(t, ny, "2026-11-24 19:59"), "2026-11-24", "2026-11-29"},
		{"at the minute", "2026-11-24", at(t, ny, "2026-11-24 20:00"), "2026-11-24", "2026-11-29"},
		{"just after", "2026-11-24", at(t, ny, "2026-11-24 20:01"), "2026-11-25", "2026-11-29"},
		{"from a later day", "2026-11-27", at(t, ny, "2026-11-24 12:00"), "2026-11-27", "2026-11-29"},
		{"after a long downtime", "2026-10-01", at(t, ny, "2026-11-24 21:00"), "2026-11-25", "2026-11-29"},
		{"sunday after the digest", "2026-11-29", at(t, ny, "2026-11-29 21:00"), "2026-11-30", "2026-12-06"},
		{"across the DST change", "2026-10-31", at(t, ny, "2026-11-01 19:00"), "2026-11-01", "2026-11-01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NextDigest(day(t, tt.from), eight, ny, tt.notBefore); got != day(t, tt.digest) {
				t.Errorf("NextDigest(%s, 20:00, %v) = %v, want %s", tt.from, tt.notBefore, got, tt.digest)
			}
			if got := NextRecap(day(t, tt.from), eight, ny, tt.notBefore); got != day(t, tt.recap) {
				t.Errorf("NextRecap(%s, 20:00, %v) = %v, want %s", tt.from, tt.notBefore, got, tt.recap)
			}
		})
	}
}

func TestWeekKey(t *testing.T) {
	for d, want := range map[string]string{"2026-11-29": "2026-W48", "2026-11-23": "2026-W48", "2027-01-03": "2026-W53", "2027-01-04": "2027-W01"} {
		if got := WeekKey(day(t, d)); got != want {
			t.Errorf("WeekKey(%s) = %s, want %s", d, got, want)
		}
	}
}

func TestCurrentRunAndTruncation(t *testing.T) {
	utc := time.UTC
	tests := []struct {
		name      string
		in        StreakInput
		cur       int
		start     string // "" for the zero Day
		from      string // first day whose sessions are all in in.Sessions
		mayBefore bool
	}{
		{name: "none", in: StreakInput{Today: day(t, "2026-11-24")}, from: "2026-11-01"},
		{name: "seven days to today", in: StreakInput{Sessions: noonEach(t, utc, "2026-11-18", "2026-11-24"), Today: day(t, "2026-11-24")},
			cur: 7, start: "2026-11-18", from: "2026-11-01"},
		{name: "alive until yesterday", in: StreakInput{Sessions: noonEach(t, utc, "2026-11-20", "2026-11-23"), Today: day(t, "2026-11-24")},
			cur: 4, start: "2026-11-20", from: "2026-11-01"},
		{name: "broken", in: StreakInput{Sessions: noonEach(t, utc, "2026-11-10", "2026-11-20"), Today: day(t, "2026-11-24")}, from: "2026-11-01"},
		{name: "a later run of its own", in: StreakInput{
			Sessions: append(noonEach(t, utc, "2026-11-01", "2026-11-10"), noonEach(t, utc, "2026-11-12", "2026-11-24")...), Today: day(t, "2026-11-24")},
			cur: 13, start: "2026-11-12", from: "2026-11-01"},
		{name: "rest day bridges", in: StreakInput{
			Sessions: append(noonEach(t, utc, "2026-11-01", "2026-11-10"), noonEach(t, utc, "2026-11-12", "2026-11-24")...),
			Rests:    days(t, "2026-11-11"), Today: day(t, "2026-11-24")},
			cur: 23, start: "2026-11-01", from: "2026-10-20"},
		{name: "run reaches the window start", in: StreakInput{Sessions: noonEach(t, utc, "2026-11-01", "2026-11-24"), Today: day(t, "2026-11-24")},
			cur: 24, start: "2026-11-01", from: "2026-11-01", mayBefore: true},
		{name: "a pause bridges to the window start", in: StreakInput{Sessions: noonEach(t, utc, "2026-11-20", "2026-11-24"),
			Pauses: []Pause{{From: day(t, "2026-10-01"), To: day(t, "2026-11-19")}}, Today: day(t, "2026-11-24")},
			cur: 5, start: "2026-11-20", from: "2026-11-01", mayBefore: true},
		{name: "a gap inside the window ends it", in: StreakInput{Sessions: noonEach(t, utc, "2026-11-20", "2026-11-24"), Today: day(t, "2026-11-24")},
			cur: 5, start: "2026-11-20", from: "2026-11-01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cur, start := CurrentRun(tt.in)
			var want Day
			if tt.start != "" {
				want = day(t, tt.start)
			}
			if cur != tt.cur || start != want {
				t.Errorf("CurrentRun() = %d, %v, want %d, %v", cur, start, tt.cur, want)
			}
			if streak, _ := Streaks(tt.in); streak != cur {
				t.Errorf("CurrentRun() = %d, but Streaks() = %d", cur, streak)
			}
			if got := RunMayStartBefore(tt.in, day(t, tt.from)); got != tt.mayBefore {
				t.Errorf("RunMayStartBefore(%s) = %v, want %v", tt.from, got, tt.mayBefore)
			}
		})
	}
}

func TestIsMilestone(t *testing.T) {
	var got []int
	for n := 0; n <= 400; n++ {
		if IsMilestone(n) {
			got = append(got, n)
		}
	}
	if diff := cmp.Diff([]int{7, 30, 100}, got); diff != "" {
		t.Errorf("IsMilestone (-want +got):\n%s", diff)
	}
}

func TestTally(t *testing.T) {
	from := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
	sessions := []Session{
		{Start: from.Add(-time.Second), Duration: time.Minute},
		{Start: from, Duration: 2 * time.Minute},
		{Start: from.Add(23 * time.Hour), Duration: 90 * time.Second},
		{Start: from.Add(24 * time.Hour), Duration: time.Hour},
	}
	if n, total := Tally(sessions, from, from.Add(24*time.Hour)); n != 2 || total != 210*time.Second {
		t.Errorf("Tally() = %d, %v, want 2, 3m30s", n, total)
	}
}

func TestMakeDigest(t *testing.T) {
	standings := []Standing{
		{UserID: "a", Hangs: 1, Days: 1, Total: 2 * time.Minute, Streak: 3},
		{UserID: "b", Hangs: 2, Days: 1, Total: 5 * time.Minute, Streak: 1, Nudges: true},
		{UserID: "c", Streak: 8, Nudges: true},
		{UserID: "d", Streak: 0, Nudges: true},
		{UserID: "e", Streak: 4},
		{UserID: "f", Streak: 2, Nudges: true},
	}
	d := MakeDigest(day(t, "2026-11-24"), standings, 2)
	ids := func(ss []Standing) []string {
		var out []string
		for _, s := range ss {
			out = append(out, s.UserID)
		}
		return out
	}
	// Days hung, then streak; b's longer hangs do not rank first.
	if diff := cmp.Diff([]string{"a", "b"}, ids(d.Hung)); diff != "" {
		t.Errorf("Hung (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"c", "e", "f"}, ids(d.Alive)); diff != "" {
		t.Errorf("Alive (-want +got):\n%s", diff)
	}
	// Nudges: only opted-in members who have not hung, most at stake
	// first, capped.
	if diff := cmp.Diff([]string{"c", "f"}, ids(d.Nudge)); diff != "" {
		t.Errorf("Nudge (-want +got):\n%s", diff)
	}
	if d.MoreNudge != 1 || d.Total != 7*time.Minute || d.Members != 6 {
		t.Errorf("MakeDigest() = more %d, total %v, members %d, want 1, 7m, 6", d.MoreNudge, d.Total, d.Members)
	}
}

func TestMakeDigestRotatesWhoIsLeftOut(t *testing.T) {
	var standings []Standing
	for i := range 100 {
		standings = append(standings, Standing{UserID: fmt.Sprint(i), Nudges: true})
	}
	first := MakeDigest(day(t, "2026-11-24"), standings, 10).Nudge
	second := MakeDigest(day(t, "2026-11-25"), standings, 10).Nudge
	again := MakeDigest(day(t, "2026-11-24"), standings, 10).Nudge
	if cmp.Equal(first, second) {
		t.Errorf("the same 10 of 100 members are nudged on two days: %v", first)
	}
	if !cmp.Equal(first, again) {
		t.Errorf("MakeDigest is not deterministic for one day: %v then %v", first, again)
	}
}

func TestLeaderboard(t *testing.T) {
	// Days hung rank, then streak; minutes never do: e hung longest.
	got := Leaderboard([]Standing{
		{UserID: "a", Hangs: 1, Days: 1, Total: time.Minute, Streak: 1},
		{UserID: "b"},
		{UserID: "c", Hangs: 1, Days: 1, Total: time.Minute, Streak: 5},
		{UserID: "d", Hangs: 3, Days: 3, Total: 4 * time.Minute},
		{UserID: "e", Hangs: 2, Days: 1, Total: 20 * time.Minute, Streak: 1},
	})
	var ids []string
	for _, s := range got {
		ids = append(ids, s.UserID)
	}
	if diff := cmp.Diff([]string{"d", "c", "a", "e"}, ids); diff != "" {
		t.Errorf("Leaderboard (-want +got):\n%s", diff)
	}
}

func TestStandingsAndDeepenStreaks(t *testing.T) {
	utc, tokyo := time.UTC, zone(t, "Asia/Tokyo")
	now := at(t, utc, "2026-11-24 21:00")
	from, to := day(t, "2026-11-24").Start(utc), day(t, "2026-11-25").Start(utc)
	since := day(t, "2026-11-10").Start(utc)
	hangs := func(d time.Duration, starts ...time.Time) *Activity {
		a := &Activity{}
		for _, s := range starts {
			a.Sessions = append(a.Sessions, Session{Start: s, Duration: d})
		}
		return a
	}
	members := []Member{
		{UserID: "a"},
		{UserID: "b", Nudges: true},
		{UserID: "c", Timezone: "Asia/Tokyo"},
		{UserID: "d"},
		{UserID: "e"},
		{UserID: "f"},
	}
	act := map[string]*Activity{
		// Five days in a row, once today.
		"a": hangs(2*time.Minute, noonEach(t, utc, "2026-11-20", "2026-11-24")...),
		// Three days in a row in Tokyo, only two in UTC; one today (UTC).
		"c": hangs(time.Minute, at(t, tokyo, "2026-11-23 10:00"), at(t, tokyo, "2026-11-24 01:00"), at(t, tokyo, "2026-11-25 05:00")),
		// A run that reaches back to since: counted again from older.
		"d": hangs(time.Minute, noonEach(t, utc, "2026-11-10", "2026-11-24")...),
		// A run from since that broke: nothing to read further.
		"e": hangs(time.Minute, noonEach(t, utc, "2026-11-10", "2026-11-15")...),
		// A pause bridges from today's run back past since.
		"f": {Sessions: hangs(time.Minute, noonEach(t, utc, "2026-11-22", "2026-11-24")...).Sessions,
			Pauses: []Pause{{From: day(t, "2026-11-01"), To: day(t, "2026-11-21")}}},
	}
	st, deeper := Standings(members, act, since, from, to, now)
	want := []Standing{
		{UserID: "a", Hangs: 1, Days: 1, Total: 2 * time.Minute, Streak: 5},
		{UserID: "b", Nudges: true},
		{UserID: "c", Hangs: 1, Days: 1, Total: time.Minute, Streak: 3},
		{UserID: "d", Hangs: 1, Days: 1, Total: time.Minute, Streak: 15},
		{UserID: "e"},
		{UserID: "f", Hangs: 1, Days: 1, Total: time.Minute, Streak: 3},
	}
	if diff := cmp.Diff(want, st); diff != "" {
		t.Errorf("Standings() (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"d", "f"}, deeper); diff != "" {
		t.Errorf("Standings() deeper (-want +got):\n%s", diff)
	}

	older := map[string]*Activity{
		"d": hangs(time.Minute, noonEach(t, utc, "2026-11-01", "2026-11-09")...),
		"f": {Sessions: hangs(time.Minute, noonEach(t, utc, "2026-10-28", "2026-10-31")...).Sessions,
			Pauses: []Pause{{From: day(t, "2026-11-01"), To: day(t, "2026-11-21")}}},
	}
	DeepenStreaks(st, members, act, older, now)
	want[3].Streak = 24 // November 1 to 24
	want[5].Streak = 7  // four days in October, the pause, three days now
	if diff := cmp.Diff(want, st); diff != "" {
		t.Errorf("after DeepenStreaks() (-want +got):\n%s", diff)
	}
	if n := len(older["d"].Sessions); n != 9 {
		t.Errorf("DeepenStreaks() changed its input: %d older sessions, want 9", n)
	}
}
