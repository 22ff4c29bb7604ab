package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/hangtime/hangtime/internal/discordtest"
)

// dmMessage waits for the bot to post a message in u's DMs whose content
// contains want, and returns it with its channel.
func (w *world) dmMessage(u discordtest.User, want string) (discordtest.Request, *discordgo.Message) {
	w.t.Helper()
	var dm string
	r, err := w.srv.WaitRequest(w.ctx(), func(r discordtest.Request) bool {
		if r.Method != "POST" || !strings.HasSuffix(r.Path, "/messages") || r.Status >= 300 || !strings.Contains(string(r.JSON), want) {
			return false
		}
		for _, m := range w.srv.Messages(strings.Split(r.Path, "/")[4]) {
			if strings.Contains(m.Content, want) {
				dm = m.ChannelID
			}
		}
		return dm != ""
	})
	if err != nil {
		w.t.Fatalf("no message containing %q: %v", want, err)
	}
	msgs := w.srv.Messages(dm)
	return r, msgs[len(msgs)-1]
}

func messagesContaining(srv *discordtest.Server, channelID, want string) int {
	n := 0
	for _, m := range srv.Messages(channelID) {
		if strings.Contains(m.Content, want) {
			n++
		}
	}
	return n
}

func messageButton(m *discordgo.Message, label string) string {
	for _, row := range m.Components {
		if ar, ok := row.(*discordgo.ActionsRow); ok {
			for _, c := range ar.Components {
				if b, ok := c.(*discordgo.Button); ok && b.Label == label {
					return b.CustomID
				}
			}
		}
	}
	return ""
}

// clickDM presses a button on a message in u's DMs.
func (w *world) clickDM(u discordtest.User, m *discordgo.Message, label string) discordtest.Callback {
	w.t.Helper()
	id := messageButton(m, label)
	if id == "" {
		w.t.Fatalf("message %q has no %s button", m.Content, label)
	}
	i, err := w.srv.SendComponent(w.ctx(), u, "", m.ChannelID, m.ID, id)
	if err != nil {
		w.t.Fatal(err)
	}
	return w.callback(i)
}

func gym(w *world, u discordtest.User, sub string, opts ...*discordtest.Opt) discordtest.Callback {
	w.t.Helper()
	_, cb := w.command(u, "gym", discordtest.Sub(sub, opts...))
	return cb
}

func TestGymScheduleRefusesBadInputAndNeedsATimeZone(t *testing.T) {
	w := newWorld(t)
	w.start()
	if cb := gym(w, alice, "schedule", discordtest.Str("days", "mon"), discordtest.Str("end", "18:00")); !ephemeral(cb) || !strings.Contains(text(cb), "time zone") {
		t.Errorf("schedule without a zone = %q", text(cb))
	}
	w.command(alice, "profile", discordtest.Sub("set", discordtest.Str("timezone", "America/New_York")))
	for _, c := range []struct {
		opts []*discordtest.Opt
		want string
	}{
		{[]*discordtest.Opt{discordtest.Str("days", "funday"), discordtest.Str("end", "18:00")}, "not a day"},
		{[]*discordtest.Opt{discordtest.Str("days", ""), discordtest.Str("end", "18:00")}, "**days** is empty"},
		{[]*discordtest.Opt{discordtest.Str("days", "mon"), discordtest.Str("end", "25:00")}, "not a time of day"},
		{[]*discordtest.Opt{discordtest.Str("days", "mon"), discordtest.Str("end", "6")}, "not a time of day"},
		{[]*discordtest.Opt{discordtest.Str("days", "mon"), discordtest.Str("end", "18:00"), discordtest.Str("delay", "-5m")}, "negative"},
		{[]*discordtest.Opt{discordtest.Str("days", "mon"), discordtest.Str("end", "18:00"), discordtest.Str("delay", "4h")}, "too long"},
		{[]*discordtest.Opt{discordtest.Str("days", "mon"), discordtest.Str("end", "18:00"), discordtest.Str("where", "moon")}, "not a destination"},
	} {
		if cb := gym(w, alice, "schedule", c.opts...); !ephemeral(cb) || !strings.Contains(text(cb), c.want) {
			t.Errorf("/gym schedule %v = %q, want %q", c.opts, text(cb), c.want)
		}
	}
	if cb := gym(w, alice, "done", discordtest.Str("delay", "soon")); !ephemeral(cb) || !strings.Contains(text(cb), "**delay**") {
		t.Errorf("/gym done delay:soon = %q", text(cb))
	}
	if cb := gym(w, alice, "show"); !strings.Contains(text(cb), "Schedule: none") || !strings.Contains(text(cb), "Pending: none") {
		t.Errorf("/gym show after bad input = %q", text(cb))
	}
	if cb := gym(w, alice, "clear"); !ephemeral(cb) || !strings.Contains(text(cb), "no schedule") {
		t.Errorf("/gym clear with nothing = %q", text(cb))
	}
}

func TestScheduledReminderArrivesByDMRecursAndButtonsWork(t *testing.T) {
	w := newWorld(t) // Tuesday 24 Nov 2026, 12:30 in New York
	w.start()
	acknowledge(w, alice)
	w.command(alice, "profile", discordtest.Sub("set", discordtest.Str("timezone", "America/New_York")))
	cb := gym(w, alice, "schedule", discordtest.Str("days", "tue,thu"), discordtest.Str("end", "13:00"), discordtest.Str("delay", "5m"))
	first := time.Date(2026, 11, 24, 18, 5, 0, 0, time.UTC)
	if !ephemeral(cb) || !strings.Contains(text(cb), "<t:1795543500:F>") {
		t.Fatalf("/gym schedule = %q, want the next reminder at 13:05 New York (%d)", text(cb), first.Unix())
	}

	w.advance(35 * time.Minute)
	req, msg := w.dmMessage(alice, "Time to decompress")
	var sent struct {
		Nonce        string `json:"nonce"`
		EnforceNonce bool   `json:"enforce_nonce"`
	}
	json.Unmarshal(req.JSON, &sent)
	if sent.Nonce == "" || !sent.EnforceNonce || len(sent.Nonce) > 25 {
		t.Errorf("reminder sent with nonce %q enforce %v", sent.Nonce, sent.EnforceNonce)
	}
	if messageButton(msg, "Start hang") == "" || messageButton(msg, "Snooze 10m") == "" || messageButton(msg, "Skip") == "" {
		t.Fatalf("reminder buttons = %+v", msg.Components)
	}
	if show := gym(w, alice, "show"); !strings.Contains(text(show), "<t:1795716300:F>") {
		t.Errorf("/gym show after the first reminder = %q, want Thursday 13:05 New York next", text(show))
	}

	// Someone else's click is refused; snooze sends it again in 10 minutes.
	bobClick, err := w.srv.SendComponent(w.ctx(), bob, "", "", msg.ID, messageButton(msg, "Skip"))
	if err == nil {
		if cb := w.callback(bobClick); !strings.Contains(text(cb), "belong to someone else") {
			t.Errorf("bob's click = %q", text(cb))
		}
	}
	if cb := w.clickDM(alice, msg, "Snooze 10m"); cb.Type != 7 || !strings.Contains(text(cb), "Snoozed") {
		t.Errorf("snooze = %q", text(cb))
	}
	w.advance(10 * time.Minute)
	w.srv.WaitRequest(w.ctx(), func(r discordtest.Request) bool {
		return r.Method == "POST" && strings.HasSuffix(r.Path, msg.ChannelID+"/messages") && messagesContaining(w.srv, msg.ChannelID, "Time to decompress") == 2
	})
	msgs := w.srv.Messages(msg.ChannelID)
	again := msgs[len(msgs)-1]
	if cb := w.clickDM(alice, again, "Start hang"); cb.Type != 7 || !strings.Contains(text(cb), "Hanging") || button(cb, "Done") == "" {
		t.Errorf("Start hang = %q", text(cb))
	}

	// /gym done with a delay; /gym clear withdraws everything pending.
	if cb := gym(w, alice, "done", discordtest.Str("delay", "15m")); !strings.Contains(text(cb), "remind you to decompress <t:") {
		t.Errorf("/gym done = %q", text(cb))
	}
	if cb := gym(w, alice, "clear"); !strings.Contains(text(cb), "2 pending reminders") {
		t.Errorf("/gym clear = %q", text(cb))
	}
	before := messagesContaining(w.srv, msg.ChannelID, "Time to decompress")
	w.advance(3 * 24 * time.Hour)
	gym(w, alice, "show") // a sync point after the scheduler's pass
	if after := messagesContaining(w.srv, msg.ChannelID, "Time to decompress"); after != before {
		t.Errorf("reminders after clear: %d, want %d", after, before)
	}
}

func TestClosedDMsMarkTheReminderUndeliverable(t *testing.T) {
	w := newWorld(t)
	w.start()
	w.srv.BlockDMs(bob.ID)
	gym(w, bob, "done")
	w.advance(time.Second)
	if _, err := w.srv.WaitRequest(w.ctx(), func(r discordtest.Request) bool {
		return r.Method == "POST" && strings.HasSuffix(r.Path, "/messages") && r.Status == 403
	}); err != nil {
		t.Fatal(err)
	}
	var show discordtest.Callback
	for i := 0; i < 50 && !strings.Contains(text(show), "could not be delivered"); i++ {
		show = gym(w, bob, "show")
	}
	if !strings.Contains(text(show), "could not be delivered") || !strings.Contains(text(show), "DMs are closed") {
		t.Errorf("/gym show = %q, want the undeliverable reminder explained", text(show))
	}
}

func TestRemindersAfterARestartAreSentLateOrMarkedMissed(t *testing.T) {
	w := newWorld(t) // Tuesday 24 Nov 2026, 17:30 UTC
	p := w.start()
	w.command(alice, "profile", discordtest.Sub("set", discordtest.Str("timezone", "UTC")))
	w.command(bob, "profile", discordtest.Sub("set", discordtest.Str("timezone", "UTC")))
	gym(w, alice, "schedule", discordtest.Str("days", "daily"), discordtest.Str("end", "18:00"), discordtest.Str("delay", "0"))
	gym(w, bob, "done", discordtest.Str("delay", "10m"))
	w.stop(p)

	// Down for 1h: alice's 18:00 reminder is 30 minutes late (within grace)
	// and bob's 17:40 one 50 minutes late: both are sent, with a note.
	w.clock.Advance(time.Hour)
	p = w.start()
	w.advance(time.Second)
	_, m := w.dmMessage(alice, "Hangtime was offline")
	w.dmMessage(bob, "Hangtime was offline")
	if n := messagesContaining(w.srv, m.ChannelID, "Time to decompress"); n != 1 {
		t.Errorf("alice got %d reminders, want 1", n)
	}
	w.stop(p)

	// Down for 4 days: each missed daily reminder is past the grace period.
	w.clock.Advance(4 * 24 * time.Hour)
	w.start()
	w.advance(time.Second)
	var show discordtest.Callback
	for i := 0; i < 50 && !strings.Contains(text(show), "missed"); i++ {
		show = gym(w, alice, "show")
	}
	if !strings.Contains(text(show), "missed while Hangtime was offline") {
		t.Errorf("/gym show = %q, want the missed reminder", text(show))
	}
	if n := messagesContaining(w.srv, m.ChannelID, "Time to decompress"); n != 1 {
		t.Errorf("alice got %d reminders after the long outage, want still 1", n)
	}
	if !strings.Contains(text(show), "Pending:") || strings.Contains(text(show), "Pending: none") {
		t.Errorf("/gym show = %q, want the next daily reminder queued", text(show))
	}
}
