package main

import (
	"strings"
	"testing"

	"github.com/hangtime/hangtime/internal/discordtest"
)

// Input reads the way people type it: the values the issue found refused
// are accepted, and an abbreviation suggests zones instead of a fixed offset.
func TestInputAsPeopleTypeIt(t *testing.T) {
	w := newWorld(t)
	w.start()
	acknowledge(w, alice)
	for in, want := range map[string]string{"2 minutes": "2m", "2min": "2m", "90sec": "1m30s", "1.5m": "1m30s", "1 min 30": "1m30s"} {
		if cb := logHang(w, alice, discordtest.Str("duration", in)); !strings.Contains(text(cb), "**"+want+"**") {
			t.Errorf("/hang log duration:%s = %q, want %s logged", in, text(cb), want)
		}
	}
	if cb := logHang(w, alice, discordtest.Str("duration", "90"), discordtest.Str("ago", "yesterday")); !strings.Contains(text(cb), "1m30s") {
		t.Errorf("/hang log ago:yesterday = %q", text(cb))
	}
	for _, c := range []struct{ in, want string }{{"berlin", "Europe/Berlin"}, {"america/new_york", "America/New_York"}} {
		if _, cb := w.command(alice, "profile", discordtest.Sub("set", discordtest.Str("timezone", c.in))); !strings.Contains(text(cb), c.want) {
			t.Errorf("/profile set timezone:%s = %q, want %s", c.in, text(cb), c.want)
		}
	}
	_, cb := w.command(alice, "profile", discordtest.Sub("set", discordtest.Str("timezone", "EST")))
	if !ephemeral(cb) || !strings.Contains(text(cb), "America/New_York") || !strings.Contains(text(cb), "daylight saving") {
		t.Errorf("/profile set timezone:EST = %q, want the DST zones suggested", text(cb))
	}
	ac, err := w.srv.SendAutocomplete(w.ctx(), alice, guild, channel, "profile", discordtest.Sub("set", discordtest.Focused("timezone", "EST")))
	if err != nil {
		t.Fatal(err)
	}
	if acb := w.callback(ac); len(acb.Data.Choices) == 0 || acb.Data.Choices[0].Value != "America/New_York" {
		t.Errorf("autocomplete EST = %+v, want America/New_York first", acb.Data)
	}
	if _, show := w.command(alice, "profile", discordtest.Sub("show")); !strings.Contains(text(show), "America/New_York") {
		t.Errorf("/profile show after a refused EST = %q, want America/New_York kept", text(show))
	}
}

// A user with no zone of their own counts days and reminders in their
// server group's zone, and replies say so.
func TestUserWithoutZoneUsesTheGroupsZone(t *testing.T) {
	w := newWorld(t)
	w.start()
	setupGroup(w, discordtest.Str("timezone", "Europe/Berlin"))
	acknowledge(w, bob)
	cb := gym(w, bob, "schedule", discordtest.Str("days", "daily"), discordtest.Str("end", "19:00"))
	if !strings.Contains(text(cb), "Europe/Berlin, your server group's zone") {
		t.Errorf("/gym schedule without a zone in a group's server = %q", text(cb))
	}
	// 19:05 in Berlin on Tuesday 24 November is 18:05Z.
	if !strings.Contains(text(cb), "<t:1795543500:F>") {
		t.Errorf("/gym schedule = %q, want the reminder at 19:05 Berlin", text(cb))
	}
	if _, show := w.command(bob, "profile", discordtest.Sub("show")); !strings.Contains(text(show), "Europe/Berlin, your server group's zone") {
		t.Errorf("/profile show without a zone = %q", text(show))
	}
	joinGroup(w, bob, false)
	if _, st := w.command(bob, "stats"); !strings.Contains(text(st), "Europe/Berlin, your server group's time zone") {
		t.Errorf("/stats = %q, want the group's zone named", text(st))
	}
}
