package main

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

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

// TestBootsWordsEverywhere is the reported case: with boots, the plan, the
// live message and time's up said to pause near horizontal.
func TestBootsWordsEverywhere(t *testing.T) {
	w := newWorld(t)
	w.start()
	w.command(alice, "profile", discordtest.Sub("set", discordtest.Str("device", "boots"), discordtest.Str("level", "advanced")))
	i, card := w.command(alice, "hang", discordtest.Sub("start", discordtest.Str("target", "1m")))
	if !strings.Contains(text(card), "unhook one boot at a time") || strings.Contains(text(card), "Start short and shallow (1–2 minutes at 20°–30°)") {
		t.Errorf("safety card = %q, want the boots' way of coming up", text(card))
	}
	ack, cb := w.click(alice, i, button(card, "I understand"))
	live := text(cb)
	if !strings.Contains(live, "unhook one boot at a time") || strings.Contains(live, "horizontal") {
		t.Errorf("live message on boots = %q", live)
	}
	w.advanceThenUntil(time.Minute, func() bool { return w.requested("Time's up") })
	edit := w.waitEdit(ack.Token, "Time's up")
	if !strings.Contains(edit, "unhook one boot at a time") || strings.Contains(edit, "horizontal") {
		t.Errorf("time's up on boots = %s", edit)
	}
	_, pl := w.command(alice, "plan")
	if !strings.Contains(text(pl), "unhook one boot at a time") || strings.Contains(text(pl), "horizontal") {
		t.Errorf("/plan on boots = %q", text(pl))
	}
	if cb := logHang(w, alice, discordtest.Str("duration", "4m")); !strings.Contains(text(cb), "past the top of the plan (3 minutes on boots") {
		t.Errorf("/hang log 4m on boots = %q, want the 3-minute caution", text(cb))
	}
	_, help := w.command(alice, "help")
	if strings.Contains(strings.ToLower(text(help)), "relieves") || !strings.Contains(text(help), "one tool beside core strength, posture and mobility work") {
		t.Errorf("/help = %q", text(help))
	}
}

// TestMilestonesInTheReplyThatReachedThem is the reported case: reaching a
// 7-day streak by /hang log just said "Logged".
func TestMilestonesInTheReplyThatReachedThem(t *testing.T) {
	w := newWorld(t)
	w.start()
	acknowledge(w, alice) // a 1m hang 7 days ago
	for _, ago := range []string{"6d", "5d", "4d", "3d", "2d"} {
		if cb := logHang(w, alice, discordtest.Str("duration", "1m"), discordtest.Str("ago", ago)); strings.Contains(text(cb), "Milestone") {
			t.Errorf("/hang log ago:%s = %q, want no milestone yet", ago, text(cb))
		}
	}
	if cb := logHang(w, alice, discordtest.Str("duration", "1m"), discordtest.Str("ago", "1d")); !strings.Contains(text(cb), "Milestone: a 7-day streak") {
		t.Errorf("the seventh day = %q, want the 7-day milestone", text(cb))
	}
	if cb := logHang(w, alice, discordtest.Str("duration", "30s")); !strings.Contains(text(cb), "Milestone: your first week") || strings.Contains(text(cb), "7-day") {
		t.Errorf("a week after the first hang = %q, want the first week only", text(cb))
	}
	logHang(w, alice, discordtest.Str("duration", "30s"))
	if cb := logHang(w, alice, discordtest.Str("duration", "30s")); !strings.Contains(text(cb), "Milestone: your 10th hang") {
		t.Errorf("the tenth hang = %q, want the 10-hang milestone", text(cb))
	}
}

// TestTimesUpNotifies is the reported case: time's up was only an edit of
// a message, which makes no sound for someone hanging upside down.
func TestTimesUpNotifies(t *testing.T) {
	w := newWorld(t)
	w.start()
	acknowledge(w, alice)
	acknowledge(w, bob)

	// Alice: a DM by default, and the start reply says so.
	_, cb := w.command(alice, "hang", discordtest.Sub("start", discordtest.Str("target", "1m")))
	if !strings.Contains(text(cb), "I'll send you a DM") {
		t.Errorf("/hang start = %q, want it to say a DM will tell her", text(cb))
	}
	w.advanceThenUntil(time.Minute, func() bool { return w.requested("Time's up") })
	req, dm := w.dmMessage(alice, "Time's up")
	if strings.Contains(dm.Content, "<@") || !strings.Contains(dm.Content, "Logged **1m**") {
		t.Errorf("time's up DM = %q", dm.Content)
	}
	if !strings.Contains(string(req.JSON), `"allowed_mentions":{"parse":[]`) {
		t.Errorf("time's up DM allowed_mentions = %s", req.JSON)
	}

	// Bob: notify:channel mentions only him where he started.
	w.command(bob, "profile", discordtest.Sub("set", discordtest.Str("notify", "channel")))
	_, cb = w.command(bob, "hang", discordtest.Sub("start", discordtest.Str("target", "1m")))
	if !strings.Contains(text(cb), "mention you in this channel") {
		t.Errorf("/hang start with notify:channel = %q", text(cb))
	}
	if !w.advanceThenUntil(time.Minute, func() bool { return messagesContaining(w.srv, channel, "<@"+bob.ID+"> ⏰ Time's up") == 1 }) {
		t.Fatalf("no time's up message for bob in the channel: %+v", w.srv.Messages(channel))
	}
	r, err := w.srv.WaitRequest(w.ctx(), func(r discordtest.Request) bool {
		return r.Method == "POST" && strings.Contains(r.Path, "/channels/"+channel+"/messages") && strings.Contains(string(r.JSON), "Time's up")
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(r.JSON), `"users":["`+bob.ID+`"]`) {
		t.Errorf("bob's time's up allowed_mentions = %s, want only bob", r.JSON)
	}
}

// TestTimesUpWithClosedDMsFallsBackToTheGroupChannel: as reminders do.
func TestTimesUpWithClosedDMsFallsBackToTheGroupChannel(t *testing.T) {
	w := newWorld(t)
	w.start()
	setupGroup(w, discordtest.Str("timezone", "UTC"))
	joinGroup(w, carol, false)
	acknowledge(w, carol)
	w.srv.BlockDMs(carol.ID)
	w.command(carol, "hang", discordtest.Sub("start", discordtest.Str("target", "1m")))
	if !w.advanceThenUntil(time.Minute, func() bool { return messagesContaining(w.srv, channel, "<@"+carol.ID+"> ⏰ Time's up") == 1 }) {
		t.Fatalf("no time's up for carol in the group channel: %+v", w.srv.Messages(channel))
	}
}

// TestBeginnerGuard is the reported case: a day-one beginner starting 10
// minutes at 90° got only the generic caution, and logging 5 minutes at 90°
// none at all.
func TestBeginnerGuard(t *testing.T) {
	w := newWorld(t)
	w.start()
	acknowledge(w, alice)
	i, cb := w.command(alice, "hang", discordtest.Sub("start", discordtest.Str("device", "table"), discordtest.Int("angle", 90), discordtest.Str("target", "10m")))
	if !ephemeral(cb) || !strings.Contains(text(cb), "Beyond your plan") || button(cb, "Use my plan") == "" || button(cb, "Start anyway") == "" {
		t.Fatalf("/hang start 10m at 90° for a beginner = %q, want the guard's question", text(cb))
	}
	if _, other := w.click(bob, i, button(cb, "Start anyway")); !strings.Contains(text(other), "belong to someone else") {
		t.Errorf("bob pressing alice's Start anyway = %q", text(other))
	}
	_, live := w.click(alice, i, button(cb, "Use my plan"))
	if !strings.Contains(text(live), "**1m** on the inversion table at 20°") {
		t.Errorf("Use my plan = %q, want today's planned hang", text(live))
	}
	w.command(alice, "hang", discordtest.Sub("stop"))

	i, cb = w.command(alice, "hang", discordtest.Sub("start", discordtest.Int("angle", 90), discordtest.Str("target", "10m")))
	_, live = w.click(alice, i, button(cb, "Start anyway"))
	if !strings.Contains(text(live), "**10m** on the inversion table at 90°") || !strings.Contains(text(live), "past the top of the plan") {
		t.Errorf("Start anyway = %q, want the hang asked for, with the caution", text(live))
	}
	w.command(alice, "hang", discordtest.Sub("stop"))

	cb = logHang(w, alice, discordtest.Str("duration", "5m"), discordtest.Str("device", "table"), discordtest.Int("angle", 90))
	if !strings.Contains(text(cb), "Logged a **5m** hang") || !strings.Contains(text(cb), "well beyond your plan for your first weeks") {
		t.Errorf("/hang log 5m at 90° for a beginner = %q, want it logged with the caution", text(cb))
	}
}

// TestRestDayInThePastWeek is the reported case: rest days could only be
// today.
func TestRestDayInThePastWeek(t *testing.T) {
	w := newWorld(t) // Tue 2026-11-24
	w.start()
	w.command(alice, "profile", discordtest.Sub("set", discordtest.Str("timezone", "UTC")))
	acknowledge(w, alice)
	logHang(w, alice, discordtest.Str("duration", "1m"), discordtest.Str("ago", "2d")) // Sun
	for _, c := range []struct{ day, want string }{
		{"2026-11-25", "is in the future"},
		{"2026-11-16", "more than 7 days ago"},
		{"someday", "not a day"},
		{"sun", "You hung on Sun, Nov 22"},
	} {
		if _, cb := w.command(alice, "streak", discordtest.Sub("rest", discordtest.Str("day", c.day))); !ephemeral(cb) || !strings.Contains(text(cb), c.want) {
			t.Errorf("/streak rest day:%s = %q, want %q", c.day, text(cb), c.want)
		}
	}
	_, st := w.command(alice, "stats")
	if !strings.Contains(text(st), "Current streak: 0 days") {
		t.Errorf("/stats before the rest day = %q, want Monday missed (nothing written by the refusals)", text(st))
	}
	if _, cb := w.command(alice, "streak", discordtest.Sub("rest", discordtest.Str("day", "yesterday"))); !strings.Contains(text(cb), "Mon, Nov 23 is a rest day") || !strings.Contains(text(cb), "Current streak: **1 day**") {
		t.Errorf("/streak rest day:yesterday = %q, want Monday rested and the streak kept", text(cb))
	}
}

// TestHistoryDeletesAndCorrectsAnyHang is the reported case: only the
// newest hang could be undone; nothing older could be deleted or corrected.
func TestHistoryDeletesAndCorrectsAnyHang(t *testing.T) {
	w := newWorld(t)
	w.start()
	acknowledge(w, alice) // the oldest hang: 1m, 7 days ago
	logHang(w, alice, discordtest.Str("duration", "2m"), discordtest.Str("ago", "2d"))
	logHang(w, alice, discordtest.Str("duration", "90s"))
	_, hist := w.command(alice, "history")
	var ids []int64
	for _, line := range strings.Split(text(hist), "\n") {
		if i := strings.LastIndex(line, "`#"); i >= 0 {
			n, err := strconv.ParseInt(strings.TrimSuffix(line[i+2:], "`"), 10, 64)
			if err != nil {
				t.Fatalf("history line %q: %v", line, err)
			}
			ids = append(ids, n)
		}
	}
	if len(ids) != 3 {
		t.Fatalf("/history = %q, want 3 hangs with their #", text(hist))
	}
	oldest := strconv.FormatInt(ids[2], 10)
	hang := func(u discordtest.User, opts ...*discordtest.Opt) (*discordgo.Interaction, discordtest.Callback) {
		return w.command(u, "history", append([]*discordtest.Opt{discordtest.Int("hang", ids[2])}, opts...)...)
	}
	for _, c := range []struct {
		opts []*discordtest.Opt
		want string
	}{
		{[]*discordtest.Opt{discordtest.Str("duration", "11m")}, "10-minute cap"},
		{[]*discordtest.Opt{discordtest.Int("angle", 95)}, "out of range"},
		{[]*discordtest.Opt{discordtest.Str("duration", "3m"), discordtest.Bool("delete", true)}, "not both"},
	} {
		if _, cb := hang(alice, c.opts...); !ephemeral(cb) || !strings.Contains(text(cb), c.want) {
			t.Errorf("/history hang:%s %v = %q, want %q", oldest, c.opts, text(cb), c.want)
		}
	}
	if _, cb := hang(bob, discordtest.Str("duration", "3m")); !ephemeral(cb) || !strings.Contains(text(cb), "You have no hang #"+oldest) {
		t.Errorf("bob correcting alice's hang = %q", text(cb))
	}
	if _, cb := w.command(alice, "history", discordtest.Str("note", "x")); !strings.Contains(text(cb), "Say which hang") {
		t.Errorf("/history note: without hang: = %q", text(cb))
	}
	if _, h := w.command(alice, "history"); text(h) != text(hist) {
		t.Errorf("/history after refusals = %q, want it unchanged: %q", text(h), text(hist))
	}
	if _, cb := hang(alice, discordtest.Str("duration", "3m"), discordtest.Int("angle", 40), discordtest.Str("note", "after squats")); !strings.Contains(text(cb), "Corrected") || !strings.Contains(text(cb), "**3m** · inversion table 40° · after squats · `#"+oldest+"`") {
		t.Errorf("/history correction = %q", text(cb))
	}

	i, cb := hang(alice, discordtest.Bool("delete", true))
	if !strings.Contains(text(cb), "Delete this hang?") || !strings.Contains(text(cb), "after squats") {
		t.Fatalf("/history delete = %q, want a confirmation", text(cb))
	}
	if _, other := w.click(bob, i, button(cb, "Delete it")); !strings.Contains(text(other), "belong to someone else") {
		t.Errorf("bob confirming alice's delete = %q", text(other))
	}
	if _, done := w.click(alice, i, button(cb, "Delete it")); !strings.Contains(text(done), "Removed") {
		t.Errorf("confirming the delete = %q", text(done))
	}
	if _, h := w.command(alice, "history"); !strings.Contains(text(h), "2 hangs in all") || strings.Contains(text(h), "after squats") {
		t.Errorf("/history after the delete = %q", text(h))
	}
}

// TestSetupAfterTheSafetyCard is the reported case: onboarding never asked
// for device or level, and the first log was silently on a table.
func TestSetupAfterTheSafetyCard(t *testing.T) {
	w := newWorld(t)
	w.start()
	i, card := w.command(alice, "hang", discordtest.Sub("log", discordtest.Str("duration", "2m")))
	if !strings.Contains(text(card), "Quick setup") || !strings.Contains(text(card), "Device: inversion table (default)") || button(card, "Gravity boots") == "" || button(card, "Advanced") == "" {
		t.Fatalf("safety card = %q, want the one-step setup with the defaults shown", text(card))
	}
	if _, other := w.click(bob, i, button(card, "Gravity boots")); !strings.Contains(text(other), "belong to someone else") {
		t.Errorf("bob pressing alice's setup = %q", text(other))
	}
	_, card = w.click(alice, i, button(card, "Gravity boots"))
	if !strings.Contains(text(card), "Device: gravity boots") || button(card, "I understand") == "" {
		t.Fatalf("after picking boots = %q", text(card))
	}
	_, card = w.click(alice, i, button(card, "Advanced"))
	if !strings.Contains(text(card), "Level: advanced") {
		t.Fatalf("after picking advanced = %q", text(card))
	}
	if _, cb := w.click(alice, i, button(card, "I understand")); !strings.Contains(text(cb), "Logged a **2m** hang on the gravity boots") {
		t.Errorf("the interrupted /hang log = %q, want it on the device just chosen", text(cb))
	}
	if _, p := w.command(alice, "profile", discordtest.Sub("show")); !strings.Contains(text(p), "Device: gravity boots") || !strings.Contains(text(p), "Level: advanced") {
		t.Errorf("/profile show = %q", text(p))
	}
}
