package main

import (
	"strings"
	"testing"

	"github.com/hangtime/hangtime/internal/discordtest"
)

// TestLifterStreakFollowsGymDays is the reported case: a Mon/Wed/Fri
// lifter who hung after every workout saw a 1-day streak and 22%.
func TestLifterStreakFollowsGymDays(t *testing.T) {
	w := newWorld(t) // Tue 2026-11-24 18:30 in Berlin
	w.start()
	w.command(alice, "profile", discordtest.Sub("set", discordtest.Str("timezone", "Europe/Berlin")))
	acknowledge(w, alice) // logs a hang on Tue Nov 17, a day off the plan
	if cb := gym(w, alice, "schedule", discordtest.Str("days", "mon,wed,fri"), discordtest.Str("end", "18:00")); !strings.Contains(text(cb), "Mon, Wed, Fri") {
		t.Fatalf("/gym schedule = %q", text(cb))
	}
	for _, ago := range []string{"6d", "4d", "1d"} { // Wed, Fri, Mon
		if cb := logHang(w, alice, discordtest.Str("duration", "2m"), discordtest.Str("ago", ago)); !strings.Contains(text(cb), "Logged") {
			t.Fatalf("/hang log ago:%s = %q", ago, text(cb))
		}
	}
	_, st := w.command(alice, "stats")
	got := text(st)
	for _, want := range []string{"Current streak: 4 days", "Best streak: 4 days", "Consistency: 100%", "gym days (Mon, Wed, Fri)"} {
		if !strings.Contains(got, want) {
			t.Errorf("/stats = %q, want %q", got, want)
		}
	}
}

func TestWeeklyTargetAndNotifyOptions(t *testing.T) {
	w := newWorld(t)
	w.start()
	for _, c := range []struct {
		opt  *discordtest.Opt
		want string
	}{
		{discordtest.Int("weekly", 0), "1 to 7 days a week"},
		{discordtest.Int("weekly", 8), "1 to 7 days a week"},
		{discordtest.Str("notify", "pager"), "Use dm or channel"},
	} {
		if _, cb := w.command(alice, "profile", discordtest.Sub("set", c.opt)); !ephemeral(cb) || !strings.Contains(text(cb), c.want) {
			t.Errorf("/profile set %v = %q, want %q", c.opt, text(cb), c.want)
		}
	}
	if _, cb := w.command(alice, "profile", discordtest.Sub("show")); !strings.Contains(text(cb), "Weekly target: not set") || !strings.Contains(text(cb), "by: a DM") {
		t.Errorf("/profile show after refusals = %q, want nothing written", text(cb))
	}
	_, cb := w.command(alice, "profile", discordtest.Sub("set", discordtest.Int("weekly", 3), discordtest.Str("notify", "channel")))
	if !strings.Contains(text(cb), "weeks in a row with at least 3 days") || !strings.Contains(text(cb), "Weekly target: 3 days a week") || !strings.Contains(text(cb), "in the channel where you started") {
		t.Errorf("/profile set weekly:3 notify:channel = %q", text(cb))
	}
	acknowledge(w, alice)
	_, st := w.command(alice, "stats")
	if !strings.Contains(text(st), "weekly target (3 days a week)") || !strings.Contains(text(st), "Current streak: 0 weeks") {
		t.Errorf("/stats with a weekly target = %q", text(st))
	}
}
