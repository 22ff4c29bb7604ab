package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hangtime/hangtime/internal/discordtest"
)

// /gym schedule adds instead of replacing (up to 5), /gym show lists each
// with its next reminder, /gym clear schedule: (autocompleted) removes one.
func TestGymSchedulesAddUpAndClearOne(t *testing.T) {
	w := newWorld(t) // Tuesday 24 Nov 2026, 17:30 UTC
	w.start()
	w.command(alice, "profile", discordtest.Sub("set", discordtest.Str("timezone", "UTC")))
	cb := gym(w, alice, "schedule", discordtest.Str("days", "mon,wed,fri"), discordtest.Str("end", "18:00"))
	if !strings.Contains(text(cb), "You now have 1 schedule") {
		t.Fatalf("first /gym schedule = %q", text(cb))
	}
	cb = gym(w, alice, "schedule", discordtest.Str("days", "weekends"), discordtest.Str("end", "10:00"), discordtest.Str("delay", "0"))
	if !strings.Contains(text(cb), "You now have 2 schedules") {
		t.Fatalf("second /gym schedule = %q", text(cb))
	}
	if cb := gym(w, alice, "schedule", discordtest.Str("days", "weekends"), discordtest.Str("end", "10:00"), discordtest.Str("delay", "0")); !ephemeral(cb) || !strings.Contains(text(cb), "already have this schedule") {
		t.Errorf("the same schedule again = %q", text(cb))
	}
	wed := time.Date(2026, 11, 25, 18, 5, 0, 0, time.UTC)
	sat := time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)
	show := text(gym(w, alice, "show"))
	if !strings.Contains(show, "Mon, Wed, Fri") || !strings.Contains(show, "Weekends") ||
		!strings.Contains(show, fmt.Sprintf("next <t:%d:F>", wed.Unix())) || !strings.Contains(show, fmt.Sprintf("next <t:%d:F>", sat.Unix())) {
		t.Errorf("/gym show = %q, want both schedules with their next reminders", show)
	}
	for i := 0; i < 3; i++ {
		gym(w, alice, "schedule", discordtest.Str("days", "daily"), discordtest.Str("end", fmt.Sprintf("0%d:00", i+5)))
	}
	if cb := gym(w, alice, "schedule", discordtest.Str("days", "daily"), discordtest.Str("end", "21:00")); !strings.Contains(text(cb), "5 schedules, the most") {
		t.Errorf("a sixth schedule = %q", text(cb))
	}

	ac, err := w.srv.SendAutocomplete(w.ctx(), alice, guild, channel, "gym", discordtest.Sub("clear", discordtest.Focused("schedule", "weekends")))
	if err != nil {
		t.Fatal(err)
	}
	acb := w.callback(ac)
	if acb.Type != 8 || len(acb.Data.Choices) != 1 || !strings.Contains(acb.Data.Choices[0].Name, "Weekends") {
		t.Fatalf("autocomplete schedule:weekends = %+v", acb.Data)
	}
	cb = gym(w, alice, "clear", discordtest.Str("schedule", fmt.Sprint(acb.Data.Choices[0].Value)))
	if !strings.Contains(text(cb), "Removed: Weekends") || !strings.Contains(text(cb), "4 schedules") {
		t.Errorf("/gym clear schedule: = %q", text(cb))
	}
	show = text(gym(w, alice, "show"))
	if strings.Contains(show, "Weekends") || !strings.Contains(show, "Mon, Wed, Fri") {
		t.Errorf("/gym show after removing one = %q", show)
	}
	if cb := gym(w, alice, "clear", discordtest.Str("schedule", "id999")); !ephemeral(cb) || !strings.Contains(text(cb), "not one of your schedules") {
		t.Errorf("/gym clear of an unknown schedule = %q", text(cb))
	}
}

// A second /gym done replaces the pending one, and Cancel withdraws it.
func TestGymDoneReplacesAndCancels(t *testing.T) {
	w := newWorld(t)
	w.start()
	first := gym(w, alice, "done", discordtest.Str("delay", "30m"))
	i, second := w.command(alice, "gym", discordtest.Sub("done", discordtest.Str("delay", "20m")))
	if !strings.Contains(text(second), "replaces the one you asked for before") || button(second, "Cancel") == "" || button(first, "Cancel") == "" {
		t.Fatalf("second /gym done = %q", text(second))
	}
	if show := text(gym(w, alice, "show")); strings.Count(show, "after /gym done") != 1 {
		t.Errorf("/gym show = %q, want one pending reminder", show)
	}
	if _, other := w.click(bob, i, button(second, "Cancel")); !strings.Contains(text(other), "someone else") {
		t.Errorf("bob pressing Cancel = %q", text(other))
	}
	if _, c := w.click(alice, i, button(second, "Cancel")); c.Type != 7 || !strings.Contains(text(c), "Cancelled") {
		t.Errorf("Cancel = %q", text(c))
	}
	if show := text(gym(w, alice, "show")); !strings.Contains(show, "Pending: none") {
		t.Errorf("/gym show after Cancel = %q", show)
	}
	w.advance(time.Hour)
	gym(w, alice, "show") // a sync point after the scheduler's pass
	for _, r := range w.srv.Requests() {
		if r.Method == "POST" && strings.Contains(string(r.JSON), "Time to decompress") {
			t.Errorf("a reminder went out after Cancel: %s", r.JSON)
		}
	}
}
