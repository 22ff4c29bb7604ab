package bot

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

// noNetwork fails every request: a session that must stay unused.
type noNetwork struct{ t *testing.T }

func (n noNetwork) RoundTrip(r *http.Request) (*http.Response, error) {
	n.t.Errorf("unexpected request %s %s", r.Method, r.URL.Path)
	return nil, errors.New("no network in this test")
}

// Shutdown calls Wait and then closes the database: an interaction that
// passed Attach's context check just before must not start after Wait
// returned.
func TestNoInteractionStartsAfterWait(t *testing.T) {
	f := newFixture(t)
	s, err := discordgo.New("Bot test")
	if err != nil {
		t.Fatal(err)
	}
	s.Client = &http.Client{Transport: noNetwork{t}}
	var i discordgo.Interaction
	raw := `{"id":"7001","application_id":"1","type":2,"token":"tok","guild_id":"100","channel_id":"200",
		"member":{"user":{"id":"u1","username":"u"},"permissions":"0"},
		"data":{"id":"9","name":"hang","type":1,"options":[{"name":"log","type":1,"options":[{"name":"duration","type":3,"value":"2m"}]}]}}`
	if err := json.Unmarshal([]byte(raw), &i); err != nil {
		t.Fatal(err)
	}

	f.bot.Wait()
	f.bot.serve(context.Background(), s, &i, nil)
	fresh, err := f.db.ClaimInteraction(context.Background(), i.ID, t0)
	if err != nil {
		t.Fatal(err)
	}
	if !fresh {
		t.Error("an interaction served after Wait returned was claimed in the database")
	}
	if r := f.command(t, "u1", "help", `[]`); r.Content != msgShuttingDown || !r.Ephemeral {
		t.Errorf("Handle after Wait = %+v, want the shutting-down refusal", r)
	}
}

// Command.Public must match what each command answers, since a slow reply's
// visibility is chosen from it before the reply exists: every command runs
// once here, successfully, and its reply must be public exactly when the
// command is declared Public.
func TestPublicMatchesTheReplies(t *testing.T) {
	w := newGrpWorld(t)
	u := "u1"
	if err := w.db.AckSafety(context.Background(), u, t0); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		user, guild string
		perms       int64
		command     string
		opts        Options
	}{
		{u, grpGuild, 0, "help", nil},
		{u, grpGuild, 0, "profile set", Options{"timezone": "UTC"}},
		{u, grpGuild, 0, "profile show", nil},
		{u, grpGuild, 0, "streak rest", nil},
		{u, grpGuild, 0, "hang log", Options{"duration": "2m"}},
		{u, grpGuild, 0, "hang start", nil},
		{u, grpGuild, 0, "hang stop", nil},
		{u, grpGuild, 0, "hang undo", nil},
		{u, grpGuild, 0, "routine start", Options{"name": "decompress"}},
		{u, grpGuild, 0, "history", nil},
		{u, grpGuild, 0, "stats", nil},
		{u, grpGuild, 0, "plan", nil},
		{u, grpGuild, 0, "streak pause", Options{"days": int64(3)}},
		{u, grpGuild, 0, "streak resume", nil},
		{u, grpGuild, 0, "gym schedule", Options{"days": "daily", "end": "18:00"}},
		{u, grpGuild, 0, "gym done", nil},
		{u, grpGuild, 0, "gym show", nil},
		{u, grpGuild, 0, "gym clear", nil},
		{u, grpGuild, 0, "gym link", nil},
		{u, grpGuild, 0, "remind add", Options{"time": "7pm"}},
		{u, grpGuild, 0, "remind list", nil},
		{u, grpGuild, 0, "remind remove", Options{"reminder": "1"}},
		{grpAdmin, grpGuild, discordgo.PermissionManageGuild, "group setup", Options{"channel": grpChannel}},
		{u, grpGuild, 0, "group join", nil},
		{u, grpGuild, 0, "group show", nil},
		{u, grpGuild, 0, "leaderboard", nil},
		{u, grpGuild, 0, "group leave", nil},
		{u, grpGuild, 0, "data export", nil},
		{u, grpGuild, 0, "data import", Options{"file": "a1"}},
		{u, grpGuild, 0, "data forget", nil},
	}
	w.attach = map[string]*discordgo.MessageAttachment{"a1": {ID: "a1", URL: "https://cdn.discordapp.com/a1/export.json", Size: 60}}
	w.bot.publicURL = "https://hangtime.example.com"
	w.bot.fetcher = staticFetcher(`{"exported_at":"2026-11-24T10:00:00Z","sessions":[]}`)
	outcomes := map[string]string{}
	w.bot.observe = func(command, outcome string, took time.Duration) { outcomes[command] = outcome }
	ran := map[string]bool{}
	for _, s := range steps {
		w.now = w.now.Add(time.Minute)
		r := w.run(s.user, s.guild, s.perms, s.command, s.opts)
		if outcomes[s.command] != "ok" {
			t.Errorf("/%s = %q (%s), want a successful run", s.command, r.Content, outcomes[s.command])
			continue
		}
		ran[s.command] = true
		if public := w.bot.leaves[s.command].Public; r.Ephemeral == public {
			t.Errorf("/%s answered with Ephemeral %v, but its Public is %v", s.command, r.Ephemeral, public)
		}
	}
	for name := range w.bot.leaves {
		if !ran[name] {
			t.Errorf("/%s is not checked here", name)
		}
	}
}
