package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/hangtime/hangtime/internal/dbtest"
	"github.com/hangtime/hangtime/internal/discordtest"
)

var (
	groupAdmin = discordtest.User{ID: "200000000000000010", Username: "admin", Permissions: discordgo.PermissionManageGuild}
	carol      = discordtest.User{ID: "200000000000000003", Username: "carol"}
	barrier    = discordtest.User{ID: "200000000000000009", Username: "barrier"}
)

// channelPost is a message the bot posted in a channel, as sent.
type channelPost struct {
	Content string `json:"content"`
	Embeds  []struct {
		Title       string `json:"title"`
		Description string `json:"description"`
		Footer      *struct {
			Text string `json:"text"`
		} `json:"footer"`
	} `json:"embeds"`
	AllowedMentions *struct {
		Parse []string `json:"parse"`
		Users []string `json:"users"`
	} `json:"allowed_mentions"`
	Nonce string `json:"nonce"`
}

func (p channelPost) text() string {
	s := p.Content
	for _, e := range p.Embeds {
		s += "\n" + e.Title + "\n" + e.Description
	}
	return s
}

// channelPosts returns what the bot posted in the channel, accepted ones
// only, in order.
func (w *world) channelPosts(channelID string) []channelPost {
	w.t.Helper()
	var out []channelPost
	for _, r := range w.srv.Requests() {
		if r.Method != "POST" || r.Status != 200 || !strings.HasSuffix(r.Path, "/channels/"+channelID+"/messages") {
			continue
		}
		var p channelPost
		if err := r.Decode(&p); err != nil {
			w.t.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}

// isPost reports whether r is an accepted post in the group channel whose
// text contains want.
func isPost(r discordtest.Request, want string) bool {
	var p channelPost
	return r.Method == "POST" && r.Status == 200 && strings.HasSuffix(r.Path, "/channels/"+channel+"/messages") &&
		r.Decode(&p) == nil && strings.Contains(p.text(), want)
}

// posted reports whether the bot has posted a message containing want in
// the group channel.
func (w *world) posted(want string) bool {
	for _, r := range w.srv.Requests() {
		if isPost(r, want) {
			return true
		}
	}
	return false
}

// advanceUntilPost moves the clock by d and then on (the scheduler skips
// a tick that comes while its previous pass is still finishing) until the
// bot posts a message containing want in the group channel, and returns it.
func (w *world) advanceUntilPost(d time.Duration, want string) channelPost {
	w.t.Helper()
	w.advance(d)
	// A large group's digest takes a while under the race detector on a
	// busy machine: a deadline, generous, not a measure.
	if !w.advanceUntil(20, func() bool { return w.posted(want) }) && !w.eventuallyWithin(time.Minute, func() bool { return w.posted(want) }) {
		w.t.Fatalf("no post containing %q", want)
	}
	for _, p := range w.channelPosts(channel) {
		if strings.Contains(p.text(), want) {
			return p
		}
	}
	w.t.Fatalf("the post containing %q was refused", want)
	return channelPost{}
}

// countMessages counts the channel's messages (as Discord holds them)
// whose text contains want.
func (w *world) countMessages(want string) int {
	n := 0
	for _, m := range w.srv.Messages(channel) {
		s := m.Content
		for _, e := range m.Embeds {
			s += "\n" + e.Title + "\n" + e.Description
		}
		if strings.Contains(s, want) {
			n++
		}
	}
	return n
}

// drained proves that every job due now has run. The scheduler runs a
// batch's jobs side by side and one pass at a time, so a barrier hang that
// ends in a later pass than the first one's (queued once the first has
// ended) ends only after every job claimed before it has finished.
func (w *world) drained() {
	w.t.Helper()
	w.barrierHang()
	w.barrierHang()
}

// barrierHang starts a one-minute live hang and moves the clock until it
// has ended.
func (w *world) barrierHang() {
	w.t.Helper()
	i, _ := w.command(barrier, "hang", discordtest.Sub("start", discordtest.Str("target", "1m")))
	w.advance(61 * time.Second)
	ended := func() bool {
		for _, r := range w.srv.Requests() {
			if r.Method == "PATCH" && strings.Contains(r.Path, i.Token) && strings.Contains(string(r.JSON), "Time's up") {
				return true
			}
		}
		return false
	}
	if !w.advanceUntil(20, ended) {
		w.t.Fatal("the barrier hang never ended")
	}
}

func setupGroup(w *world, opts ...*discordtest.Opt) discordtest.Callback {
	w.t.Helper()
	_, cb := w.command(groupAdmin, "group", discordtest.Sub("setup", append([]*discordtest.Opt{discordtest.ChannelID("channel", channel)}, opts...)...))
	if !ephemeral(cb) || !strings.Contains(text(cb), "✅") {
		w.t.Fatalf("/group setup = %q", text(cb))
	}
	return cb
}

func joinGroup(w *world, u discordtest.User, nudges bool) {
	w.t.Helper()
	if _, cb := w.command(u, "group", discordtest.Sub("join", discordtest.Bool("nudges", nudges))); !ephemeral(cb) || !strings.Contains(text(cb), "Welcome") {
		w.t.Fatalf("/group join as %s = %q", u.Username, text(cb))
	}
}

func TestGroupSetupPermissionsJoinAndLeave(t *testing.T) {
	w := newWorld(t)
	w.start()
	for _, c := range w.srv.Commands("") {
		if (c.Name == "group" || c.Name == "leaderboard") && c.DefaultMemberPermissions != nil {
			t.Errorf("/%s registered with default_member_permissions %d: members could not see it", c.Name, *c.DefaultMemberPermissions)
		}
	}
	setup := func(u discordtest.User, guildID, ch string) discordtest.Callback {
		i, err := w.srv.SendCommand(w.ctx(), u, guildID, ch, "group", discordtest.Sub("setup", discordtest.ChannelID("channel", ch), discordtest.Str("digest", "18:00")))
		if err != nil {
			t.Fatal(err)
		}
		return w.callback(i)
	}
	if cb := setup(bob, guild, channel); !ephemeral(cb) || !strings.Contains(text(cb), "needs the **Manage Server** permission") {
		t.Errorf("setup by a member without Manage Server = %q", text(cb))
	}
	if cb := setup(groupAdmin, "", ""); !ephemeral(cb) || !strings.Contains(text(cb), "belong to a server") {
		t.Errorf("setup in a DM = %q", text(cb))
	}
	_, cb := w.command(groupAdmin, "group", discordtest.Sub("setup", discordtest.ChannelID("channel", "100000000000000999")))
	if !ephemeral(cb) || !strings.Contains(text(cb), "can't post in <#100000000000000999>") {
		t.Errorf("setup with a channel the bot cannot see = %q", text(cb))
	}
	_, cb = w.command(alice, "group", discordtest.Sub("join"))
	if !ephemeral(cb) || !strings.Contains(text(cb), "no accountability group yet") {
		t.Errorf("/group join before any setup = %q", text(cb))
	}
	if n := len(w.channelPosts(channel)); n != 0 {
		t.Errorf("refused setups posted %d messages", n)
	}

	cb = setupGroup(w, discordtest.Str("digest", "18:00"), discordtest.Str("timezone", "Europe/Berlin"))
	noMentions(t, cb)
	posts := w.channelPosts(channel)
	if len(posts) != 1 || !strings.Contains(posts[0].Content, "daily digest here at **18:00** (Europe/Berlin)") ||
		posts[0].AllowedMentions == nil || len(posts[0].AllowedMentions.Users) != 0 {
		t.Fatalf("announcement = %+v", posts)
	}

	joinGroup(w, alice, true)
	_, cb = w.command(alice, "group", discordtest.Sub("join"))
	if !ephemeral(cb) || !strings.Contains(text(cb), "already in this server's group (nudges on)") {
		t.Errorf("joining twice = %q", text(cb))
	}
	joinGroup(w, bob, false)
	_, cb = w.command(bob, "group", discordtest.Sub("show"))
	if s := text(cb); !ephemeral(cb) || !strings.Contains(s, "<#"+channel+">") || !strings.Contains(s, "**18:00** (Europe/Berlin)") ||
		!strings.Contains(s, "Members (2):** <@"+alice.ID+">, <@"+bob.ID+">") {
		t.Errorf("/group show = %q", s)
	}
	if _, cb = w.command(bob, "group", discordtest.Sub("leave")); !ephemeral(cb) || !strings.Contains(text(cb), "left the group") {
		t.Errorf("/group leave = %q", text(cb))
	}
	if _, cb = w.command(bob, "group", discordtest.Sub("leave")); !ephemeral(cb) || !strings.Contains(text(cb), "not in this server's group") {
		t.Errorf("leaving twice = %q", text(cb))
	}
	if _, cb = w.command(bob, "group", discordtest.Sub("show")); !strings.Contains(text(cb), "Members (1):** <@"+alice.ID+">") {
		t.Errorf("/group show after bob left = %q", text(cb))
	}
	if un := w.srv.Unhandled(); len(un) != 0 {
		t.Errorf("bot made unexpected requests: %v", un)
	}
}

func TestDigestNudgesAndMilestoneOnTheFakeClock(t *testing.T) {
	w := newWorld(t) // the clock starts at Tue 2026-11-24 17:30 UTC
	w.start()
	setupGroup(w, discordtest.Str("digest", "18:00"), discordtest.Str("timezone", "UTC"))
	joinGroup(w, alice, false)
	joinGroup(w, bob, true)
	joinGroup(w, carol, false)

	// Alice has hung on each of the last seven days: the log that makes it
	// seven earns one shout-out, and today's hang none.
	acknowledge(w, alice) // a hang 7 days ago
	for d := 6; d >= 1; d-- {
		logHang(w, alice, discordtest.Str("duration", "1m"), discordtest.Str("ago", fmt.Sprintf("%dd", d)))
	}
	shout := w.advanceUntilPost(time.Second, "Shout-out")
	if !strings.Contains(shout.Content, "<@"+alice.ID+"> for a **7-day** streak") || shout.AllowedMentions == nil || len(shout.AllowedMentions.Users) != 0 {
		t.Errorf("shout-out = %+v, want alice named and nobody pinged", shout)
	}
	logHang(w, alice, discordtest.Str("duration", "2m30s"))
	logHang(w, alice, discordtest.Str("duration", "1m"), discordtest.Str("ago", "10m"))

	dg := w.advanceUntilPost(30*time.Minute, "Daily digest")
	txt := dg.text()
	for _, want := range []string{"Daily digest — Tue, Nov 24", "**1 of 3 members** hung today — **3m30s** in all", "1. <@" + alice.ID + "> · **3m30s** · 🔥 8 days"} {
		if !strings.Contains(txt, want) {
			t.Errorf("digest lacks %q:\n%s", want, txt)
		}
	}
	// Bob opted in to nudges and has not hung: he alone is named and may
	// be pinged. Carol has not hung either, but did not opt in.
	if dg.AllowedMentions == nil || len(dg.AllowedMentions.Parse) != 0 || len(dg.AllowedMentions.Users) != 1 || dg.AllowedMentions.Users[0] != bob.ID {
		t.Errorf("digest allowed_mentions = %+v, want only bob", dg.AllowedMentions)
	}
	if !strings.Contains(dg.Content, "Gentle nudge: <@"+bob.ID+">") || strings.Contains(dg.Content, carol.ID) || strings.Contains(dg.Content, alice.ID) {
		t.Errorf("nudge = %q, want bob alone", dg.Content)
	}
	if n := w.countMessages("Shout-out"); n != 1 {
		t.Errorf("shout-outs = %d, want 1", n)
	}

	// The leaderboard, and /data forget removing alice from later digests.
	_, cb := w.command(carol, "leaderboard", discordtest.Str("period", "week"))
	if s := text(cb); ephemeral(cb) || !strings.Contains(s, "🥇 <@"+alice.ID+"> · **7 days** · 9m30s · 8 hangs · 🔥 8 days") {
		t.Errorf("/leaderboard = %q", s)
	}
	noMentions(t, cb)
	i, cb := w.command(alice, "data", discordtest.Sub("forget"))
	if _, done := w.click(alice, i, button(cb, "Delete everything")); !strings.Contains(text(done), "deleted") {
		t.Fatalf("forget = %q", text(done))
	}
	dg = w.advanceUntilPost(24*time.Hour, "Daily digest — Wed, Nov 25")
	if strings.Contains(dg.text(), alice.ID) || !strings.Contains(dg.text(), "2 members") {
		t.Errorf("digest after alice's /data forget = %s", dg.text())
	}
}

func TestDigestAcrossRestartsPostsExactlyOnce(t *testing.T) {
	w := newWorld(t) // 17:30 UTC
	p := w.start()
	setupGroup(w, discordtest.Str("digest", "18:00"), discordtest.Str("timezone", "UTC"))
	joinGroup(w, alice, true)
	acknowledge(w, barrier)

	// Down across the digest time, back within the grace period: posted
	// late, once.
	w.stop(p)
	w.clock.Advance(75 * time.Minute) // about 18:45
	p = w.start()
	w.advanceUntilPost(time.Second, "Daily digest — Tue, Nov 24")
	// A restart right after, and another pass: nothing more.
	w.stop(p)
	p = w.start()
	w.drained()
	if n := w.countMessages("Daily digest — Tue, Nov 24"); n != 1 {
		t.Errorf("Nov 24 digests = %d, want 1", n)
	}

	// Down from before Wednesday's digest until well past its grace: it is
	// skipped, and Thursday's comes on time.
	w.stop(p)
	w.clock.Advance(27 * time.Hour) // Wed, about 21:50: 3h50m late
	p = w.start()
	w.drained()
	if n := w.countMessages("Daily digest — Wed, Nov 25"); n != 0 {
		t.Errorf("Nov 25 digests after a downtime past its grace = %d, want 0", n)
	}
	w.advanceUntilPost(20*time.Hour+14*time.Minute, "Daily digest — Thu, Nov 26") // Thu, about 18:05
	w.stop(p)
	if n := w.countMessages("Daily digest"); n != 2 {
		t.Errorf("digests in all = %d, want Tuesday's and Thursday's", n)
	}
}

func TestDigestOf5000MembersStaysWithinDiscordLimits(t *testing.T) {
	w := newWorld(t)
	w.start()
	setupGroup(w, discordtest.Str("digest", "18:00"), discordtest.Str("timezone", "UTC"))
	seedMembers(t, w.db, guild, 5000, w.clock.Now())
	dg := w.advanceUntilPost(30*time.Minute, "Daily digest")
	if n := len([]rune(dg.Content)); n > 2000 {
		t.Errorf("content is %d characters", n)
	}
	total := 0
	for _, e := range dg.Embeds {
		if n := len([]rune(e.Description)); n > 4096 {
			t.Errorf("embed description is %d characters", n)
		}
		total += len([]rune(e.Title + e.Description))
		if e.Footer != nil {
			total += len([]rune(e.Footer.Text))
		}
	}
	if total > 6000 || len(dg.Embeds) != 1 {
		t.Errorf("%d embeds with %d characters", len(dg.Embeds), total)
	}
	if !strings.Contains(dg.text(), "of 5,000 members** hung today") || !strings.Contains(dg.text(), "more") {
		t.Errorf("digest of 5,000 = %s", dg.text())
	}
	users := dg.AllowedMentions.Users
	if len(users) == 0 || len(users) > 100 {
		t.Errorf("digest may ping %d users, want some and at most 100", len(users))
	}
	for _, id := range users {
		if !strings.Contains(dg.Content, "<@"+id+">") {
			t.Errorf("%s may be pinged but is not in the nudge", id)
		}
	}
	if !strings.Contains(dg.Content, "more with nudges on") {
		t.Errorf("nudge does not say how many more: %q", dg.Content)
	}
}

// seedMembers adds n members to guild's group straight in the database
// file: member i hung on each of the last i%20 days (today included when
// i%3 != 0); every other member has nudges on.
func seedMembers(t *testing.T, path, guild string, n int, now time.Time) {
	t.Helper()
	db := dbtest.Raw(t, path)
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	prepare := func(q string) func(args ...any) {
		st, err := tx.Prepare(dbtest.SQL(q))
		if err != nil {
			t.Fatal(err)
		}
		return func(args ...any) {
			if _, err := st.Exec(args...); err != nil {
				t.Fatal(err)
			}
		}
	}
	user := prepare(`INSERT INTO users(user_id, created_ms) VALUES(?, ?)`)
	member := prepare(`INSERT INTO group_members(guild_id, user_id, nudges, joined_ms) VALUES(?, ?, ?, ?)`)
	hang := prepare(`INSERT INTO sessions(user_id, started_ms, duration_ms, created_ms) VALUES(?, ?, ?, ?)`)
	for i := range n {
		id := fmt.Sprintf("5%017d", i)
		user(id, now.UnixMilli())
		member(guild, id, i%2, now.UnixMilli())
		first := 1
		if i%3 != 0 {
			first = 0
		}
		for d := first; d < i%20; d++ {
			start := now.Add(-time.Duration(d)*24*time.Hour - time.Hour)
			hang(id, start.UnixMilli(), int64(60+i%120)*1000, start.UnixMilli())
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}
