package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hangtime/hangtime/internal/discordtest"
)

func TestRegistersTheCommandTableAtReady(t *testing.T) {
	w := newWorld(t)
	w.env["DISCORD_GUILD_ID"] = guild
	w.start()
	regs := w.registrations()
	if len(regs) != 1 || !strings.HasSuffix(regs[0].Path, "/applications/"+discordtest.DefaultAppID+"/guilds/"+guild+"/commands") {
		t.Fatalf("registrations = %v, want one guild bulk overwrite for the READY application id", regs)
	}
	var names []string
	for _, c := range w.srv.Commands(guild) {
		names = append(names, c.Name)
	}
	for _, want := range []string{"hang", "history", "profile", "data", "help"} {
		if !slices.Contains(names, want) {
			t.Errorf("registered %v, missing %s", names, want)
		}
	}
	if un := w.srv.Unhandled(); len(un) != 0 {
		t.Errorf("bot made unexpected requests: %v", un)
	}
}

func TestRefusedRegistrationIsLoggedAndTheBotKeepsServing(t *testing.T) {
	w := newWorld(t)
	w.srv.FailRegistration(400, `{"code":50035,"message":"Invalid Form Body"}`)
	p := w.start()
	_, cb := w.command(alice, "help")
	if !strings.Contains(text(cb), "Hangtime") {
		t.Errorf("/help after a refused registration = %q", text(cb))
	}
	// The refusal is logged after its response arrives, which may be after
	// /help was answered.
	if !w.eventually(func() bool { return strings.Contains(p.logs.String(), "Invalid Form Body") }) {
		t.Errorf("logs lack Discord's reason:\n%s", p.logs.String())
	}
}

func TestHangLogSafetyCardDuplicateDeliveryAndRestart(t *testing.T) {
	w := newWorld(t)
	p := w.start()

	// The first log shows the safety card, ephemeral, and writes nothing.
	i, card := w.command(alice, "hang", discordtest.Sub("log", discordtest.Str("duration", "1m30s"), discordtest.Str("note", "after deadlifts <@200000000000000002> @everyone")))
	if !ephemeral(card) || !strings.Contains(text(card), "health-care provider") {
		t.Fatalf("first /hang log = %q, want the ephemeral safety card", text(card))
	}
	noMentions(t, card)
	ack := button(card, "I understand")
	if _, cb := w.click(bob, i, ack); !ephemeral(cb) || !strings.Contains(text(cb), "belong to someone else") {
		t.Errorf("bob pressing alice's button = %q", text(cb))
	}
	_, done := w.click(alice, i, ack)
	if done.Type != 7 || !strings.Contains(text(done), "Logged a **1m30s** hang") || !strings.Contains(text(done), "after deadlifts") {
		t.Fatalf("pressing I understand = type %d %q, want the log in place of the card", done.Type, text(done))
	}
	noMentions(t, done)

	// A public reply from now on; a duplicate delivery is acted on once.
	i, cb := w.command(alice, "hang", discordtest.Sub("log", discordtest.Str("duration", "2:00"), discordtest.Str("device", "chair"), discordtest.Int("angle", 45), discordtest.Str("ago", "3h")))
	if ephemeral(cb) || !strings.Contains(text(cb), "**2m** hang on the inversion chair at 45°") {
		t.Fatalf("/hang log = %q", text(cb))
	}
	if err := w.srv.SendInteraction(w.ctx(), i); err != nil {
		t.Fatal(err)
	}
	w.command(alice, "help") // the duplicate was delivered before this one
	if n := callbacksFor(w.srv, i.ID); n != 1 {
		t.Errorf("callbacks for a twice-delivered interaction = %d, want 1", n)
	}

	// A restart on the same database keeps the history.
	w.stop(p)
	w.start()
	_, hist := w.command(alice, "history")
	if !ephemeral(hist) || !strings.Contains(text(hist), "2 hangs in all") {
		t.Errorf("/history after restart = %q", text(hist))
	}
}

func TestBadInputGetsSpecificEphemeralErrorsAndWritesNothing(t *testing.T) {
	w := newWorld(t)
	w.start()
	acknowledge(w, alice)
	cases := []struct {
		opts []*discordtest.Opt
		want string
	}{
		{[]*discordtest.Opt{discordtest.Str("duration", "")}, "is empty"},
		{[]*discordtest.Opt{discordtest.Str("duration", "ten")}, "is not a duration"},
		{[]*discordtest.Opt{discordtest.Str("duration", "0")}, "longer than zero"},
		{[]*discordtest.Opt{discordtest.Str("duration", "-30s")}, "negative"},
		{[]*discordtest.Opt{discordtest.Str("duration", "11m")}, "10-minute cap"},
		{[]*discordtest.Opt{discordtest.Str("duration", "2m"), discordtest.Str("device", "chair"), discordtest.Int("angle", 85)}, "20° to 70°"},
		{[]*discordtest.Opt{discordtest.Str("duration", "2m"), discordtest.Int("angle", -10)}, "**angle**"},
		{[]*discordtest.Opt{discordtest.Str("duration", "2m"), discordtest.Str("ago", "9d")}, "more than 7 days"},
		{[]*discordtest.Opt{discordtest.Str("duration", "2m"), discordtest.Str("note", strings.Repeat("é", 201))}, "201 characters"},
	}
	for _, c := range cases {
		cb := logHang(w, alice, c.opts...)
		if !ephemeral(cb) || !strings.Contains(text(cb), c.want) || !strings.Contains(text(cb), "Nothing was saved") {
			t.Errorf("/hang log %v = %q (ephemeral %v), want %q", c.opts, text(cb), ephemeral(cb), c.want)
		}
	}
	_, cb := w.command(alice, "profile", discordtest.Sub("set", discordtest.Str("timezone", "Atlantis/Capital")))
	if !ephemeral(cb) || !strings.Contains(text(cb), "not a time zone") {
		t.Errorf("/profile set bad zone = %q", text(cb))
	}
	_, hist := w.command(alice, "history")
	if !strings.Contains(text(hist), "1 hang in all") {
		t.Errorf("history after bad input = %q, want only the acknowledging hang", text(hist))
	}
}

func TestUndoHistoryPagingProfileAndAutocomplete(t *testing.T) {
	w := newWorld(t)
	w.start()
	acknowledge(w, alice)
	for _, d := range []string{"1m", "2m", "3m"} {
		logHang(w, alice, discordtest.Str("duration", d))
		w.clock.Advance(time.Minute)
	}

	i, cb := w.command(alice, "history", discordtest.Int("limit", 2))
	if !strings.Contains(text(cb), "**3m**") || !strings.Contains(text(cb), "Page 1 of 2") {
		t.Fatalf("history page 1 = %q", text(cb))
	}
	if _, other := w.click(bob, i, button(cb, "Older ▶")); !strings.Contains(text(other), "belong to someone else") {
		t.Errorf("bob paging alice's history = %q", text(other))
	}
	_, page2 := w.click(alice, i, button(cb, "Older ▶"))
	if page2.Type != 7 || !strings.Contains(text(page2), "Page 2 of 2") || strings.Contains(text(page2), "**3m**") {
		t.Errorf("history page 2 = %q", text(page2))
	}

	i, cb = w.command(alice, "hang", discordtest.Sub("undo"))
	if !ephemeral(cb) || !strings.Contains(text(cb), "**3m**") {
		t.Fatalf("/hang undo = %q", text(cb))
	}
	if _, other := w.click(bob, i, button(cb, "Remove it")); !strings.Contains(text(other), "belong to someone else") {
		t.Errorf("bob confirming alice's undo = %q", text(other))
	}
	if _, gone := w.click(alice, i, button(cb, "Remove it")); !strings.Contains(text(gone), "Removed") {
		t.Errorf("undo confirm = %q", text(gone))
	}
	_, hist := w.command(alice, "history")
	if strings.Contains(text(hist), "**3m**") || !strings.Contains(text(hist), "3 hangs in all") {
		t.Errorf("history after undo = %q", text(hist))
	}

	ac, err := w.srv.SendAutocomplete(w.ctx(), alice, guild, channel, "profile", discordtest.Sub("set", discordtest.Focused("timezone", "new_y")))
	if err != nil {
		t.Fatal(err)
	}
	acb := w.callback(ac)
	if acb.Type != 8 || len(acb.Data.Choices) == 0 || acb.Data.Choices[0].Value != "America/New_York" {
		t.Errorf("autocomplete new_y = type %d %+v", acb.Type, acb.Data)
	}
	_, cb = w.command(alice, "profile", discordtest.Sub("set", discordtest.Str("timezone", "America/New_York"), discordtest.Str("device", "chair"), discordtest.Str("level", "intermediate")))
	if !ephemeral(cb) || !strings.Contains(text(cb), "America/New_York") {
		t.Errorf("/profile set = %q", text(cb))
	}
	_, cb = w.command(alice, "profile", discordtest.Sub("show"))
	if !strings.Contains(text(cb), "inversion chair") || !strings.Contains(text(cb), "intermediate") {
		t.Errorf("/profile show = %q", text(cb))
	}
}

func TestDataExportAndForget(t *testing.T) {
	w := newWorld(t)
	w.start()
	acknowledge(w, alice)
	logHang(w, alice, discordtest.Str("duration", "90"), discordtest.Str("note", "=cmd|calc"))
	acknowledge(w, bob)

	_, cb := w.command(alice, "data", discordtest.Sub("export", discordtest.Str("format", "json")))
	if !ephemeral(cb) || len(cb.Files) != 1 || !strings.HasSuffix(cb.Files[0].Name, ".json") {
		t.Fatalf("/data export json = %q with %d files", text(cb), len(cb.Files))
	}
	var doc struct {
		UserID   string `json:"user_id"`
		Sessions []struct {
			Seconds float64 `json:"duration_seconds"`
			Note    string  `json:"note"`
		} `json:"sessions"`
	}
	if err := json.Unmarshal(cb.Files[0].Data, &doc); err != nil {
		t.Fatalf("export is not JSON: %v\n%s", err, cb.Files[0].Data)
	}
	if doc.UserID != alice.ID || len(doc.Sessions) != 2 || doc.Sessions[0].Seconds != 90 {
		t.Errorf("export = %+v", doc)
	}

	_, cb = w.command(alice, "data", discordtest.Sub("export", discordtest.Str("format", "csv")))
	rows, err := csv.NewReader(bytes.NewReader(cb.Files[0].Data)).ReadAll()
	if err != nil || len(rows) != 3 || rows[1][5] != "'=cmd|calc" {
		t.Errorf("csv export = %v, %v", rows, err)
	}

	i, cb := w.command(alice, "data", discordtest.Sub("forget"))
	if !ephemeral(cb) || button(cb, "Delete everything") == "" {
		t.Fatalf("/data forget = %q", text(cb))
	}
	if _, other := w.click(bob, i, button(cb, "Delete everything")); !strings.Contains(text(other), "belong to someone else") {
		t.Errorf("bob confirming alice's forget = %q", text(other))
	}
	if _, done := w.click(alice, i, button(cb, "Delete everything")); !strings.Contains(text(done), "deleted") {
		t.Errorf("forget confirm = %q", text(done))
	}
	_, hist := w.command(alice, "history")
	if !strings.Contains(text(hist), "No hangs yet") {
		t.Errorf("alice's history after forget = %q", text(hist))
	}
	_, prof := w.command(alice, "profile", discordtest.Sub("show"))
	if !strings.Contains(text(prof), "not yet acknowledged") {
		t.Errorf("alice's profile after forget = %q", text(prof))
	}
	_, hist = w.command(bob, "history")
	if !strings.Contains(text(hist), "1 hang in all") {
		t.Errorf("bob's history after alice forgot = %q", text(hist))
	}
}
