package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hangtime/hangtime/internal/discordtest"
)

func remind(w *world, u discordtest.User, sub string, opts ...*discordtest.Opt) discordtest.Callback {
	w.t.Helper()
	_, cb := w.command(u, "remind", discordtest.Sub(sub, opts...))
	return cb
}

// Plain reminders: added (up to 10), listed with their next time, removed
// one at a time; they arrive by DM with the snooze choices.
func TestPlainRemindersAndSnoozeChoices(t *testing.T) {
	w := newWorld(t) // Tuesday 24 Nov 2026, 17:30 UTC
	w.start()
	w.command(alice, "profile", discordtest.Sub("set", discordtest.Str("timezone", "UTC")))
	if cb := remind(w, alice, "add", discordtest.Str("time", "18:00")); !ephemeral(cb) || !strings.Contains(text(cb), "You now have 1 reminder") || !strings.Contains(text(cb), "every day") {
		t.Fatalf("/remind add = %q", text(cb))
	}
	if cb := remind(w, alice, "add", discordtest.Str("time", "7:30 pm"), discordtest.Str("days", "Mon Wed Fri")); !strings.Contains(text(cb), "19:30") || !strings.Contains(text(cb), "2 reminders") {
		t.Fatalf("second /remind add = %q", text(cb))
	}
	if cb := remind(w, alice, "add", discordtest.Str("time", "18:00")); !strings.Contains(text(cb), "already have") {
		t.Errorf("the same reminder again = %q", text(cb))
	}
	list := text(remind(w, alice, "list"))
	wed := time.Date(2026, 11, 25, 19, 30, 0, 0, time.UTC)
	if !strings.Contains(list, "18:00, every day — next <t:1795543200:F>") || !strings.Contains(list, fmt.Sprintf("19:30, Mon, Wed, Fri — next <t:%d:F>", wed.Unix())) {
		t.Errorf("/remind list = %q", list)
	}
	ac, err := w.srv.SendAutocomplete(w.ctx(), alice, guild, channel, "remind", discordtest.Sub("remove", discordtest.Focused("reminder", "19:30")))
	if err != nil {
		t.Fatal(err)
	}
	acb := w.callback(ac)
	if len(acb.Data.Choices) != 1 {
		t.Fatalf("autocomplete reminder:19:30 = %+v", acb.Data)
	}
	if cb := remind(w, alice, "remove", discordtest.Str("reminder", fmt.Sprint(acb.Data.Choices[0].Value))); !strings.Contains(text(cb), "Removed the reminder at 19:30") || !strings.Contains(text(cb), "1 reminder") {
		t.Errorf("/remind remove = %q", text(cb))
	}
	if list := text(remind(w, alice, "list")); strings.Contains(list, "19:30") {
		t.Errorf("/remind list after remove = %q", list)
	}

	// /gym clear withdraws the gym's reminders, not these.
	gym(w, alice, "done", discordtest.Str("delay", "1h"))
	if cb := gym(w, alice, "clear"); !strings.Contains(text(cb), "1 pending reminder") {
		t.Errorf("/gym clear = %q, want only the /gym done reminder withdrawn", text(cb))
	}
	w.advance(30 * time.Minute)
	_, msg := w.dmMessage(alice, "Time for your hang")
	for _, label := range []string{"Start hang", "Snooze 10m", "Snooze 30m", "Snooze 1h", "Tomorrow", "Skip"} {
		if messageButton(msg, label) == "" {
			t.Errorf("reminder has no %s button", label)
		}
	}
	tomorrow := time.Date(2026, 11, 25, 18, 0, 0, 0, time.UTC)
	if cb := w.clickDM(alice, msg, "Tomorrow"); !strings.Contains(text(cb), fmt.Sprintf("<t:%d:t>", tomorrow.Unix())) {
		t.Errorf("Tomorrow = %q, want 18:00 tomorrow", text(cb))
	}
	if cb := w.clickDM(alice, msg, "Snooze 1h"); !strings.Contains(text(cb), fmt.Sprintf("<t:%d:t>", w.clock.Now().Add(time.Hour).Unix())) {
		t.Errorf("Snooze 1h = %q", text(cb))
	}
}

// No reminder when the user already hung: a plain one that local day, a
// post-workout one since the workout ended; /gym show says why.
func TestNoReminderWhenAlreadyHung(t *testing.T) {
	w := newWorld(t) // Tuesday 24 Nov 2026, 17:30 UTC
	w.start()
	acknowledge(w, bob)
	w.command(bob, "profile", discordtest.Sub("set", discordtest.Str("timezone", "UTC")))
	remind(w, bob, "add", discordtest.Str("time", "18:00"))
	logHang(w, bob, discordtest.Str("duration", "2m"))
	// Step the clock until the pass shows: a tick that comes while a pass
	// is ending is dropped (slower passes, as on PostgreSQL, meet it more).
	var show string
	w.advanceThenUntil(31*time.Minute, func() bool {
		show = text(gym(w, bob, "show"))
		return strings.Contains(show, "already hung that day")
	})
	if !strings.Contains(show, "not sent: you already hung that day") {
		t.Errorf("/gym show = %q, want the skipped plain reminder explained", show)
	}

	gym(w, bob, "done", discordtest.Str("delay", "15m"))
	w.advance(5 * time.Minute)
	logHang(w, bob, discordtest.Str("duration", "90s"))
	w.advanceThenUntil(11*time.Minute, func() bool {
		show = text(gym(w, bob, "show"))
		return strings.Contains(show, "since your workout")
	})
	if !strings.Contains(show, "not sent: you already hung since your workout") {
		t.Errorf("/gym show = %q, want the skipped post-workout reminder explained", show)
	}
	for _, r := range w.srv.Requests() {
		if r.Method == "POST" && strings.HasSuffix(r.Path, "/messages") && strings.Contains(string(r.JSON), "Time for") || strings.Contains(string(r.JSON), "Time to decompress") {
			t.Errorf("a reminder went out although bob had hung: %s", r.JSON)
		}
	}
}
