package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/jonboulle/clockwork"

	"github.com/hangtime/hangtime/internal/discordtest"
)

// dmMessage waits for the bot to post a message in u's DMs whose content
// contains want, and returns it with its channel.
func (w *world) dmMessage(u discordtest.User, want string) (discordtest.Request, *discordgo.Message) {
	w.t.Helper()
	r, err := w.srv.WaitRequest(w.ctx(), func(r discordtest.Request) bool {
		return r.Method == "POST" && strings.HasSuffix(r.Path, "/messages") && strings.Contains(string(r.JSON), want)
	})
	if err != nil {
		w.t.Fatalf("no message containing %q: %v", want, err)
	}
	channel := strings.Split(r.Path, "/")[4]
	if !w.eventually(func() bool { return messagesContaining(w.srv, channel, want) > 0 }) {
		w.t.Fatalf("the message containing %q was refused: status %d", want, r.Status)
	}
	msgs := w.srv.Messages(channel)
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

	// Snooze sends it again in 10 minutes.
	if cb := w.clickDM(alice, msg, "Snooze 10m"); cb.Type != 7 || !strings.Contains(text(cb), "Snoozed") {
		t.Errorf("snooze = %q", text(cb))
	}
	w.advance(10*time.Minute - 2*time.Second)
	if !w.advanceUntil(10, func() bool {
		return messagesContaining(w.srv, msg.ChannelID, "Time to decompress") == 1 && len(w.srv.Messages(msg.ChannelID)) == 2
	}) {
		t.Fatalf("no reminder after the snooze")
	}
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

// TestDailyReminderKeepsItsLocalTimeAcrossDST: a 07:30 New York reminder is
// sent at 07:30 EDT before the autumn change and 07:30 EST after it.
func TestDailyReminderKeepsItsLocalTimeAcrossDST(t *testing.T) {
	w := newWorld(t)
	w.clock = clockwork.NewFakeClockAt(time.Date(2026, 10, 31, 12, 0, 0, 0, time.UTC)) // Sat 08:00 EDT
	p := w.start()
	w.command(alice, "profile", discordtest.Sub("set", discordtest.Str("timezone", "America/New_York")))
	gym(w, alice, "schedule", discordtest.Str("days", "daily"), discordtest.Str("end", "07:30"), discordtest.Str("delay", "0"))

	var sentAt []time.Time
	dm := ""
	count := func() int { // reminders posted; Skip edits them afterwards
		n := 0
		for _, m := range w.srv.Messages(dm) {
			if messageButton(m, "Skip") != "" || strings.Contains(m.Content, "Skipped") {
				n++
			}
		}
		if dm == "" {
			for _, r := range w.srv.Requests() {
				if r.Method == "POST" && strings.HasSuffix(r.Path, "/messages") {
					dm = strings.Split(r.Path, "/")[4]
				}
			}
		}
		return n
	}
	for _, wantUTC := range []time.Time{
		time.Date(2026, 11, 1, 12, 30, 0, 0, time.UTC), // Sun 07:30 EST (the change was at 02:00)
		time.Date(2026, 11, 2, 12, 30, 0, 0, time.UTC), // Mon 07:30 EST
	} {
		w.advance(wantUTC.Sub(w.clock.Now()) - 3*time.Second)
		if !w.advanceUntil(30, func() bool { return count() == len(sentAt)+1 }) {
			t.Fatalf("at %v: %d reminders, want %d; %s\n%s", w.clock.Now(), count(), len(sentAt)+1, text(gym(w, alice, "show")), p.logs.String())
		}
		sentAt = append(sentAt, w.clock.Now())
		msgs := w.srv.Messages(dm)
		if cb := w.clickDM(alice, msgs[len(msgs)-1], "Skip"); !strings.Contains(text(cb), "Skipped") {
			t.Errorf("Skip = %q", text(cb))
		}
	}
	ny, _ := time.LoadLocation("America/New_York")
	for _, at := range sentAt {
		if l := at.In(ny); l.Hour() != 7 || l.Minute() != 30 {
			t.Errorf("a reminder went out at %v local, want 07:30", l)
		}
	}
}
