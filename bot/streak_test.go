package bot

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hangtime/hangtime/coach"
)

func streakCmd(sub, opts string) string {
	if opts == "" {
		return `[{"name":"` + sub + `","type":1}]`
	}
	return `[{"name":"` + sub + `","type":1,"options":` + opts + `}]`
}

// replyText is everything a reply says, for matching.
func replyText(r Reply) string {
	var sb strings.Builder
	sb.WriteString(r.Content)
	for _, e := range r.Embeds {
		sb.WriteString("\n" + e.Title + "\n" + e.Description)
		for _, f := range e.Fields {
			sb.WriteString("\n" + f.Name + ": " + f.Value)
		}
		if e.Footer != nil {
			sb.WriteString("\n" + e.Footer.Text)
		}
	}
	return sb.String()
}

func TestStreakRestOncePerWeek(t *testing.T) {
	now := t0 // Tuesday 2026-11-24
	f := newClockFixture(t, &now)
	ctx := context.Background()
	seedHang(t, f.db, "u1", t0.Add(-48*time.Hour), 2*time.Minute, 30)
	seedHang(t, f.db, "u1", t0.Add(-24*time.Hour), 2*time.Minute, 30)

	r := f.command(t, "u1", "streak", streakCmd("rest", ""))
	if got := replyText(r); !r.Ephemeral || !strings.Contains(got, "Tue, Nov 24") || !strings.Contains(got, "is a rest day") ||
		!strings.Contains(got, "Current streak: **2 days**") || !strings.Contains(got, "counted in UTC") {
		t.Errorf("/streak rest = %q, want today's rest day, the streak and the UTC note", got)
	}
	r = f.command(t, "u1", "streak", streakCmd("rest", ""))
	if !r.Ephemeral || !strings.Contains(r.Content, "already a rest day") {
		t.Errorf("/streak rest again = %+v", r)
	}
	// Thursday of the same week: the allowance is used.
	now = t0.Add(2 * 24 * time.Hour)
	r = f.command(t, "u1", "streak", streakCmd("rest", ""))
	if !r.Ephemeral || !strings.Contains(r.Content, "already used this week's rest allowance (1 rest day per week") || !strings.Contains(r.Content, "/streak pause") {
		t.Errorf("/streak rest twice in a week = %+v", r)
	}
	if rests := mustGet(f.db.Rests(ctx, "u1"))(t); len(rests) != 1 {
		t.Errorf("rest days = %v, want only Tuesday", rests)
	}
	// The rest day bridged Tuesday, but Wednesday was missed.
	if got := replyText(f.command(t, "u1", "stats", statsOpts(""))); !strings.Contains(got, "Current streak: 0 days") {
		t.Errorf("/stats after a missed Wednesday = %q", got)
	}
	// Next Monday is a new week.
	now = t0.Add(6 * 24 * time.Hour)
	if r := f.command(t, "u1", "streak", streakCmd("rest", "")); !strings.Contains(replyText(r), "is a rest day") {
		t.Errorf("/streak rest in a new week = %+v", r)
	}
}

func TestStreakRestKeepsTheStreak(t *testing.T) {
	now := t0
	f := newClockFixture(t, &now)
	seedHang(t, f.db, "u1", t0.Add(-24*time.Hour), 2*time.Minute, 30)
	f.command(t, "u1", "streak", streakCmd("rest", ""))
	now = t0.Add(24 * time.Hour)
	seedHang(t, f.db, "u1", now.Add(-time.Hour), 2*time.Minute, 30)
	if got := embedField(t, f.command(t, "u1", "stats", statsOpts("")).Embeds[0], "Current streak"); got != "2 days" {
		t.Errorf("streak across a rest day = %q, want 2 days", got)
	}
}

func TestStreakRestRefusals(t *testing.T) {
	now := t0
	f := newClockFixture(t, &now)
	ctx := context.Background()
	seedHang(t, f.db, "u1", t0.Add(-time.Hour), 2*time.Minute, 30)
	if r := f.command(t, "u1", "streak", streakCmd("rest", "")); !r.Ephemeral || !strings.Contains(r.Content, "already hung today") {
		t.Errorf("/streak rest after a hang today = %+v", r)
	}
	f.command(t, "u2", "streak", streakCmd("pause", `[{"name":"days","type":4,"value":3}]`))
	if r := f.command(t, "u2", "streak", streakCmd("rest", "")); !r.Ephemeral || !strings.Contains(r.Content, "paused") {
		t.Errorf("/streak rest while paused = %+v", r)
	}
	if r := f.command(t, "u1", "streak", streakCmd("rest", `[{"name":"days","type":4,"value":3}]`)); !strings.Contains(r.Content, "not an option") {
		t.Errorf("/streak rest days:3 = %+v", r)
	}
	for _, u := range []string{"u1", "u2"} {
		if rests := mustGet(f.db.Rests(ctx, u))(t); len(rests) != 0 {
			t.Errorf("rest days of %s = %v, want none", u, rests)
		}
	}
}

func TestStreakPauseRefusesBadDays(t *testing.T) {
	now := t0
	f := newClockFixture(t, &now)
	for opts, want := range map[string]string{
		`[{"name":"days","type":4,"value":0}]`:     "0 days is out of range",
		`[{"name":"days","type":4,"value":61}]`:    "Pause for 1 to 60 days",
		`[{"name":"days","type":4,"value":-3}]`:    "out of range",
		`[{"name":"days","type":4,"value":1e12}]`:  "out of range",
		`[{"name":"days","type":4,"value":2.5}]`:   "not a whole number",
		`[{"name":"days","type":4,"value":"ten"}]`: "unexpected value",
		`[]`: "**days** is required",
	} {
		r := f.command(t, "u1", "streak", streakCmd("pause", opts))
		if !r.Ephemeral || !strings.Contains(r.Content, want) {
			t.Errorf("/streak pause %s = %q, want an ephemeral %q", opts, r.Content, want)
		}
	}
	if pauses := mustGet(f.db.Pauses(context.Background(), "u1"))(t); len(pauses) != 0 {
		t.Errorf("pauses after bad input = %v, want none", pauses)
	}
	if p := mustGet(f.db.Profile(context.Background(), "u1"))(t); !p.SafetyAck.IsZero() || p.Timezone != "" {
		t.Errorf("profile after bad input = %+v", p)
	}
}

func TestStreakPauseKeepsTheStreakAlive(t *testing.T) {
	day := func(n int) time.Time { return t0.Add(time.Duration(n) * 24 * time.Hour) }
	now := day(0)
	f := newClockFixture(t, &now)
	ctx := context.Background()
	for _, u := range []string{"paused", "other"} {
		for n := -3; n < 0; n++ {
			seedHang(t, f.db, u, day(n), 2*time.Minute, 30)
		}
	}
	streakOf := func(user string) string {
		t.Helper()
		return embedField(t, f.command(t, user, "stats", statsOpts("month")).Embeds[0], "Current streak")
	}

	r := f.command(t, "paused", "streak", streakCmd("pause", `[{"name":"days","type":4,"value":5}]`))
	if got := replyText(r); !r.Ephemeral || !strings.Contains(got, "from Tue, Nov 24 through Sat, Nov 28 (5 days)") || !strings.Contains(got, "Current streak: **3 days**") {
		t.Errorf("/streak pause days:5 = %q", got)
	}
	if r := f.command(t, "paused", "streak", streakCmd("pause", `[{"name":"days","type":4,"value":2}]`)); !strings.Contains(r.Content, "already paused from Tue, Nov 24 through Sat, Nov 28") {
		t.Errorf("/streak pause while paused = %+v", r)
	}

	// Three days later, without hanging: kept while paused, lost without.
	now = day(3)
	if got := streakOf("paused"); got != "3 days" {
		t.Errorf("paused streak after 3 idle days = %q, want 3 days", got)
	}
	if got := streakOf("other"); got != "0 days" {
		t.Errorf("unpaused streak after 3 idle days = %q, want 0 days", got)
	}

	// Back on Friday: the pause ends Thursday and the streak is kept.
	r = f.command(t, "paused", "streak", streakCmd("resume", ""))
	if got := replyText(r); !r.Ephemeral || !strings.Contains(got, "Welcome back") || !strings.Contains(got, "Current streak: **3 days**") {
		t.Errorf("/streak resume = %q", got)
	}
	want := []coach.Pause{{From: coach.DayOf(day(0), nil), To: coach.DayOf(day(2), nil)}}
	if got := mustGet(f.db.Pauses(ctx, "paused"))(t); len(got) != 1 || got[0] != want[0] {
		t.Errorf("pauses after resume = %v, want %v", got, want)
	}
	if r := f.command(t, "paused", "streak", streakCmd("resume", "")); !r.Ephemeral || !strings.Contains(r.Content, "not paused") {
		t.Errorf("/streak resume again = %+v", r)
	}
	seedHang(t, f.db, "paused", day(3).Add(-time.Hour), 2*time.Minute, 30)
	if got := streakOf("paused"); got != "4 days" {
		t.Errorf("streak after hanging again = %q, want 4 days", got)
	}
	// Two days later with no hang in between, the streak is over.
	now = day(5)
	if got := streakOf("paused"); got != "0 days" {
		t.Errorf("streak after a missed day = %q, want 0 days", got)
	}
}

func TestStreakPauseAndResumeTheSameDay(t *testing.T) {
	now := t0
	f := newClockFixture(t, &now)
	seedHang(t, f.db, "u1", t0.Add(-24*time.Hour), 2*time.Minute, 30)
	f.command(t, "u1", "streak", streakCmd("pause", `[{"name":"days","type":4,"value":1}]`))
	r := f.command(t, "u1", "streak", streakCmd("resume", ""))
	if got := replyText(r); !strings.Contains(got, "Current streak: **1 day**") {
		t.Errorf("/streak resume the same day = %q", got)
	}
	if pauses := mustGet(f.db.Pauses(context.Background(), "u1"))(t); len(pauses) != 0 {
		t.Errorf("pauses = %v, want none: a pause resumed on its first day is removed", pauses)
	}
	// And it can be paused again.
	if r := f.command(t, "u1", "streak", streakCmd("pause", `[{"name":"days","type":4,"value":60}]`)); !strings.Contains(replyText(r), "(60 days)") {
		t.Errorf("/streak pause days:60 = %q", replyText(r))
	}
}
