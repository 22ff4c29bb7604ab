package bot

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"testing"

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
	f.bot.serve(context.Background(), s, &i)
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
