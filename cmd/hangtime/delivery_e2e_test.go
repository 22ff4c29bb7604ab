package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hangtime/hangtime/internal/discordtest"
	"github.com/hangtime/hangtime/store"
)

const reminderText = "Time to decompress"

// dmOpens counts the requests that opened a DM channel.
func dmOpens(srv *discordtest.Server) int {
	n := 0
	for _, r := range srv.Requests() {
		if r.Method == "POST" && strings.HasSuffix(r.Path, "/users/@me/channels") {
			n++
		}
	}
	return n
}

// reminders counts the reminders Discord holds, in every channel the bot
// posted to.
func reminders(srv *discordtest.Server) int {
	seen := map[string]bool{}
	n := 0
	for _, r := range srv.Requests() {
		if r.Method != "POST" || !strings.HasSuffix(r.Path, "/messages") {
			continue
		}
		ch := strings.Split(r.Path, "/")[4]
		if !seen[ch] {
			seen[ch] = true
			n += messagesContaining(srv, ch, reminderText)
		}
	}
	return n
}

// keptDM reads the DM channel the bot keeps for the user.
func (w *world) keptDM(userID string) string {
	w.t.Helper()
	db, err := store.Open(context.Background(), w.db)
	if err != nil {
		w.t.Fatal(err)
	}
	defer db.Close()
	id, ok, err := db.DMChannelID(context.Background(), userID)
	if err != nil || !ok {
		w.t.Fatalf("DM channel kept for %s = %q, %v, %v", userID, id, ok, err)
	}
	return id
}

// remindAll has each user ask for a reminder in a minute, moves the clock
// and waits until Discord holds want reminders in all.
func (w *world) remindAll(want int, users ...discordtest.User) {
	w.t.Helper()
	for _, u := range users {
		gym(w, u, "done", discordtest.Str("delay", "1m"))
	}
	w.advance(time.Minute)
	if !w.advanceUntil(20, func() bool { return reminders(w.srv) == want }) {
		w.t.Fatalf("%d reminders, want %d", reminders(w.srv), want)
	}
}

// TestDMChannelsAreKeptAcrossARestart: the first reminder to each user
// opens their DM channel; after a restart none is opened again. A channel
// Discord no longer knows is opened again, once, and the reminder goes
// there.
func TestDMChannelsAreKeptAcrossARestart(t *testing.T) {
	w := newWorld(t)
	p := w.start()
	w.remindAll(2, alice, bob)
	if n := dmOpens(w.srv); n != 2 {
		t.Fatalf("DM channels opened for the first reminders = %d, want 2", n)
	}
	w.stop(p)

	p = w.start()
	w.remindAll(4, alice, bob)
	if n := dmOpens(w.srv); n != 2 {
		t.Errorf("DM channels opened after a restart = %d, want still 2", n)
	}

	gone := w.keptDM(alice.ID)
	w.srv.DeleteChannel(gone)
	w.remindAll(5, alice)
	if n := dmOpens(w.srv); n != 3 {
		t.Errorf("DM channels opened after alice's was deleted = %d, want 3", n)
	}
	if now := w.keptDM(alice.ID); now == gone || messagesContaining(w.srv, now, reminderText) != 1 {
		t.Errorf("alice's DM channel %s (was %s) holds %d reminders, want the new one with 1", now, gone, messagesContaining(w.srv, now, reminderText))
	}
	refused := 0
	for _, r := range w.srv.Requests() {
		if r.Method == "POST" && strings.Contains(r.Path, "/channels/"+gone+"/") && r.Status == 404 {
			refused++
		}
	}
	if refused != 1 {
		t.Errorf("sends to the deleted channel = %d, want 1", refused)
	}
	w.stop(p)
}

// webhookEdits returns the statuses of the edits of an interaction's
// response through its token.
func webhookEdits(srv *discordtest.Server, token string) []int {
	var out []int
	for _, r := range srv.Requests() {
		if r.Method == "PATCH" && strings.Contains(r.Path, "/webhooks/") && strings.Contains(r.Path, token) {
			out = append(out, r.Status)
		}
	}
	return out
}

// TestHangEndOutlivesItsToken: a hang that ends while Hangtime is offline
// for longer than the interaction token's 15 minutes still tells the user:
// as a DM, as an edit of the bot's own message (a hang started from a
// reminder), or, with DMs closed, in the hang's channel naming only them.
func TestHangEndOutlivesItsToken(t *testing.T) {
	w := newWorld(t)
	p := w.start()
	for _, u := range []discordtest.User{alice, bob} {
		acknowledge(w, u)
	}
	// alice starts one hang from a reminder (a message the bot posted) …
	gym(w, alice, "done", discordtest.Str("delay", "1m"))
	w.advance(time.Minute)
	_, reminder := w.dmMessage(alice, reminderText)
	if cb := w.clickDM(alice, reminder, "Start hang"); !strings.Contains(text(cb), "Hanging") {
		t.Fatalf("Start hang = %q", text(cb))
	}
	w.stop(p)
	w.clock.Advance(20 * time.Minute)
	p = w.start()
	w.advance(time.Second)
	if !w.eventually(func() bool {
		m, ok := w.srv.Message(reminder.ID)
		return ok && strings.Contains(m.Content, "Time's up")
	}) {
		t.Fatalf("the reminder's message was not edited to say time's up\n%s", p.logs.String())
	}
	if m, _ := w.srv.Message(reminder.ID); len(m.Components) != 0 || !strings.Contains(m.Content, "while Hangtime was offline") {
		t.Errorf("edited message = %q with %d component rows, want the late end and no buttons", m.Content, len(m.Components))
	}

	// … and one with /hang start; bob one with his DMs closed.
	// The first end: the reminder's message edited, and the notice.
	if !w.eventually(func() bool { return messagesContaining(w.srv, w.keptDM(alice.ID), "Time's up") == 2 }) {
		t.Fatalf("alice's DMs after her first hang's end: %d time's-up messages, want the edited reminder and the notice", messagesContaining(w.srv, w.keptDM(alice.ID), "Time's up"))
	}
	before := 2
	i, _ := w.command(alice, "hang", discordtest.Sub("start", discordtest.Str("target", "1m")))
	w.srv.BlockDMs(bob.ID)
	j, _ := w.command(bob, "hang", discordtest.Sub("start", discordtest.Str("target", "1m")))
	w.stop(p)
	w.clock.Advance(20 * time.Minute)
	p = w.start()
	w.advance(time.Second)
	dm := w.keptDM(alice.ID)
	// The message of /hang start cannot be edited any more: the time's-up
	// notice is the one new message that says it.
	if !w.eventually(func() bool { return messagesContaining(w.srv, dm, "Time's up") == before+1 }) {
		t.Fatalf("alice got no DM saying time's up\n%s", p.logs.String())
	}
	if !w.eventually(func() bool { return w.countMessages("<@"+bob.ID+"> ⏰ Time's up") == 1 }) {
		t.Fatalf("bob's end was not posted in the channel\n%s", p.logs.String())
	}
	if n := messagesContaining(w.srv, dm, "Time's up"); n != before+1 {
		t.Errorf("alice's DMs hold %d time's-up messages for her second hang, want 1", n-before)
	}
	for _, in := range []string{i.Token, j.Token} {
		if got := webhookEdits(w.srv, in); len(got) != 1 || got[0] != 401 {
			t.Errorf("edits through the expired token answered %v, want one 401", got)
		}
	}
	for _, r := range w.srv.Requests() {
		if r.Method == "POST" && strings.HasSuffix(r.Path, "/channels/"+channel+"/messages") {
			var sent struct {
				AllowedMentions struct{ Users []string } `json:"allowed_mentions"`
			}
			if err := json.Unmarshal(r.JSON, &sent); err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(sent.AllowedMentions.Users) != "["+bob.ID+"]" {
				t.Errorf("the channel post may ping %v, want only bob", sent.AllowedMentions.Users)
			}
		}
	}
	// The old message's Done says the hang is over.
	if _, cb := w.click(alice, i, button(w.callback(i), "Done")); !strings.Contains(text(cb), "already ended") {
		t.Errorf("Done on the old message = %q", text(cb))
	}
	w.stop(p)
}

// TestHangEndOvertakesAReminderBurst: the end of a hang that falls due in
// the middle of a burst of reminders goes out within a few sends, not
// after the burst.
func TestHangEndOvertakesAReminderBurst(t *testing.T) {
	if testing.Short() {
		t.Skip("paced at the production rate on the real clock")
	}
	const n = 120
	w := newWorld(t)
	w.start()
	acknowledge(w, alice)
	i, _ := w.command(alice, "hang", discordtest.Sub("start", discordtest.Str("target", "2m")))
	for k := range n {
		gym(w, discordtest.User{ID: fmt.Sprintf("3%017d", k)}, "done", discordtest.Str("delay", "1m"))
	}
	paced := func(r discordtest.Request) bool {
		return r.Method == "POST" && (strings.HasSuffix(r.Path, "/messages") || strings.HasSuffix(r.Path, "/users/@me/channels"))
	}
	count := func() int {
		c := 0
		for _, r := range w.srv.Requests() {
			if paced(r) {
				c++
			}
		}
		return c
	}
	w.advance(time.Minute) // the burst: 2 paced requests per reminder
	if !w.eventually(func() bool { return count() >= 40 }) {
		t.Fatalf("the burst did not start: %d requests", count())
	}
	w.clock.Advance(time.Minute) // the hang's target
	before := count()
	w.waitEdit(i.Token, "Time's up")
	behind := 0
	for _, r := range w.srv.Requests() {
		if r.Method == "PATCH" && strings.Contains(r.Path, i.Token) {
			break
		}
		if paced(r) {
			behind++
		}
	}
	t.Logf("the end of the hang went out %d paced requests after it fell due, with %d of %d still to go", behind-before, 2*n-behind, 2*n)
	if behind-before > 16 {
		t.Errorf("the end of the hang waited for %d requests of the burst, want at most 16 (two per worker)", behind-before)
	}
	deadline := time.Now().Add(60 * time.Second)
	for reminders(w.srv) < n && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if got := reminders(w.srv); got != n {
		t.Errorf("%d reminders delivered, want %d", got, n)
	}
}
