package bot

import (
	"context"
	"errors"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/hangtime/hangtime/coach"
	"github.com/hangtime/hangtime/internal/dbtest"
	"github.com/hangtime/hangtime/internal/discordtest"
	"github.com/hangtime/hangtime/store"
)

// slowStore is the database with methods that can be made to wait: a slow
// disk under one handler.
type slowStore struct {
	*store.DB
	mu    sync.Mutex
	gates map[string]*gate
}

type gate struct {
	open    chan struct{}
	arrived chan struct{} // closed when a call reaches the gate
	err     error         // returned once open
}

// block makes method wait until release is called; release's error is
// what the method then returns (nil: it runs). Release first waits (up to
// 10 s) for the call to reach the gate: the deferral a test waits for may
// go out before the handler gets there (a slower store, as PostgreSQL,
// still claiming the interaction). A test that ends early releases it.
func (s *slowStore) block(t *testing.T, method string) (release func(error)) {
	g := &gate{open: make(chan struct{}), arrived: make(chan struct{})}
	s.mu.Lock()
	if s.gates == nil {
		s.gates = map[string]*gate{}
	}
	s.gates[method] = g
	s.mu.Unlock()
	var once sync.Once
	open := func(err error) {
		once.Do(func() {
			s.mu.Lock()
			delete(s.gates, method)
			s.mu.Unlock()
			g.err = err
			close(g.open)
		})
	}
	t.Cleanup(func() { open(nil) })
	return func(err error) {
		select {
		case <-g.arrived:
		case <-time.After(10 * time.Second):
			t.Errorf("no call reached the %s gate within 10s", method)
		}
		open(err)
	}
}

func (s *slowStore) wait(ctx context.Context, method string) error {
	s.mu.Lock()
	g := s.gates[method]
	if g != nil {
		select {
		case <-g.arrived:
		default:
			close(g.arrived)
		}
	}
	s.mu.Unlock()
	if g == nil {
		return nil
	}
	select {
	case <-g.open:
		return g.err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (s *slowStore) Profile(ctx context.Context, userID string) (coach.Profile, error) {
	if err := s.wait(ctx, "Profile"); err != nil {
		return coach.Profile{}, err
	}
	return s.DB.Profile(ctx, userID)
}

func (s *slowStore) ProfileAndGroups(ctx context.Context, userID string) (coach.Profile, bool, error) {
	if err := s.wait(ctx, "Profile"); err != nil {
		return coach.Profile{}, false, err
	}
	return s.DB.ProfileAndGroups(ctx, userID)
}

func (s *slowStore) ProfileAndFacts(ctx context.Context, userID string, added, since time.Time, window int) (coach.Profile, bool, coach.HangFacts, error) {
	if err := s.wait(ctx, "Profile"); err != nil {
		return coach.Profile{}, false, coach.HangFacts{}, err
	}
	return s.DB.ProfileAndFacts(ctx, userID, added, since, window)
}

func (s *slowStore) LogSessionClaiming(ctx context.Context, se coach.Session, interactionID string, now time.Time) (coach.Session, bool, error) {
	if err := s.wait(ctx, "LogSession"); err != nil {
		return coach.Session{}, false, err
	}
	return s.DB.LogSessionClaiming(ctx, se, interactionID, now)
}

func (s *slowStore) Sessions(ctx context.Context, userID string, limit, offset int) ([]coach.Session, int, error) {
	if err := s.wait(ctx, "Sessions"); err != nil {
		return nil, 0, err
	}
	return s.DB.Sessions(ctx, userID, limit, offset)
}

func (s *slowStore) SessionsSince(ctx context.Context, userID string, since time.Time) ([]coach.Session, error) {
	if err := s.wait(ctx, "SessionsSince"); err != nil {
		return nil, err
	}
	return s.DB.SessionsSince(ctx, userID, since)
}

func (s *slowStore) LogSession(ctx context.Context, se coach.Session, interactionID string, now time.Time) (coach.Session, bool, error) {
	if err := s.wait(ctx, "LogSession"); err != nil {
		return coach.Session{}, false, err
	}
	return s.DB.LogSession(ctx, se, interactionID, now)
}

// onDiscord is a bot attached to a real discordgo session on the fake
// Discord, which refuses callbacks later than Discord's 3 seconds, with a
// deferral deadline of a millisecond: a handler held on a slowStore gate
// is always deferred.
type onDiscord struct {
	srv  *discordtest.Server
	sess *discordgo.Session
	db   *slowStore
	bot  *Bot
	user discordtest.User
}

func newOnDiscord(t *testing.T) *onDiscord {
	t.Helper()
	srv, err := discordtest.Start(discordtest.Options{CallbackWindow: 3 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	db, err := store.Open(context.Background(), dbtest.Path(t, filepath.Join(t.TempDir(), "h.db")))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	s, err := discordgo.New("Bot test")
	if err != nil {
		t.Fatal(err)
	}
	s.Client = &http.Client{Transport: srv.Transport(), Timeout: 10 * time.Second}
	d := &onDiscord{srv: srv, sess: s, db: &slowStore{DB: db}, user: discordtest.User{ID: "400000000000000001", Username: "alice"}}
	d.bot = New(Config{Store: d.db, Now: func() time.Time { return t0 }, Outbox: &DiscordOutbox{Session: s}, DeferAfter: time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	d.bot.Attach(ctx, s, "")
	if err := s.Open(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancel()
		d.bot.Wait()
		s.Close()
	})
	if err := srv.WaitReady(d.ctx(t)); err != nil {
		t.Fatal(err)
	}
	return d
}

func (d *onDiscord) ctx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// deferred waits for the interaction's callback and checks it deferred.
func (d *onDiscord) deferred(t *testing.T, i *discordgo.Interaction, typ discordgo.InteractionResponseType, ephemeral bool) {
	t.Helper()
	cb, err := d.srv.WaitCallback(d.ctx(t), i.ID)
	if err != nil {
		t.Fatal(err)
	}
	if cb.Type != typ {
		t.Fatalf("callback type = %d, want %d", cb.Type, typ)
	}
	if got := cb.Data != nil && cb.Data.Flags&discordgo.MessageFlagsEphemeral != 0; got != ephemeral {
		t.Errorf("deferral ephemeral = %v, want %v", got, ephemeral)
	}
}

// delivered waits for the request that completes a deferred interaction.
func (d *onDiscord) delivered(t *testing.T, i *discordgo.Interaction, method string) discordtest.Request {
	t.Helper()
	r, err := d.srv.WaitRequest(d.ctx(t), func(r discordtest.Request) bool {
		return r.Method == method && strings.Contains(r.Path, "/webhooks/"+i.AppID+"/"+i.Token)
	})
	if err != nil {
		t.Fatal(err)
	}
	if r.Status >= 300 {
		t.Fatalf("%s %s answered %d: %s", r.Method, r.Path, r.Status, r.Body)
	}
	return r
}

func TestSlowCommandIsDeferredThenEdited(t *testing.T) {
	d := newOnDiscord(t)
	ctx := context.Background()
	if err := d.db.AckSafety(ctx, d.user.ID, t0); err != nil {
		t.Fatal(err)
	}

	t.Run("private reply with a file", func(t *testing.T) {
		release := d.db.block(t, "SessionsSince")
		i, err := d.srv.SendCommand(d.ctx(t), d.user, discordtest.DefaultGuildID, discordtest.DefaultChannelID, "data", discordtest.Sub("export"))
		if err != nil {
			t.Fatal(err)
		}
		d.deferred(t, i, discordgo.InteractionResponseDeferredChannelMessageWithSource, true)
		release(nil)
		edit := d.delivered(t, i, http.MethodPatch)
		var body struct {
			AllowedMentions struct {
				Parse []string `json:"parse"`
			} `json:"allowed_mentions"`
		}
		if err := edit.Decode(&body); err != nil || body.AllowedMentions.Parse == nil || len(body.AllowedMentions.Parse) != 0 {
			t.Errorf("edit allowed_mentions = %+v (%v), want parse: []", body.AllowedMentions, err)
		}
		m, ok := d.srv.Original(i.ID)
		if !ok || !strings.HasPrefix(m.Content, "Here is everything") || len(m.Attachments) != 1 || !strings.HasSuffix(m.Attachments[0].Filename, ".json") {
			t.Fatalf("original after the edit = %+v", m)
		}
		if m.Flags&discordgo.MessageFlagsEphemeral == 0 || m.Flags&discordgo.MessageFlagsLoading != 0 {
			t.Errorf("original flags = %d, want ephemeral and no longer loading", m.Flags)
		}
	})

	t.Run("public reply", func(t *testing.T) {
		release := d.db.block(t, "LogSession")
		i, err := d.srv.SendCommand(d.ctx(t), d.user, discordtest.DefaultGuildID, discordtest.DefaultChannelID, "hang",
			discordtest.Sub("log", discordtest.Str("duration", "2m")))
		if err != nil {
			t.Fatal(err)
		}
		d.deferred(t, i, discordgo.InteractionResponseDeferredChannelMessageWithSource, false)
		release(nil)
		d.delivered(t, i, http.MethodPatch)
		m, ok := d.srv.Original(i.ID)
		if !ok || !strings.Contains(m.Content, "Logged a **2m** hang") || m.Flags&(discordgo.MessageFlagsEphemeral|discordgo.MessageFlagsLoading) != 0 {
			t.Fatalf("original after the edit = %+v", m)
		}
	})

	t.Run("private reply to a public command", func(t *testing.T) {
		bob := discordtest.User{ID: "400000000000000002", Username: "bob"} // no safety card seen yet
		release := d.db.block(t, "Profile")
		i, err := d.srv.SendCommand(d.ctx(t), bob, discordtest.DefaultGuildID, discordtest.DefaultChannelID, "hang",
			discordtest.Sub("log", discordtest.Str("duration", "2m")))
		if err != nil {
			t.Fatal(err)
		}
		d.deferred(t, i, discordgo.InteractionResponseDeferredChannelMessageWithSource, false)
		release(nil)
		d.delivered(t, i, http.MethodDelete)
		if m, ok := d.srv.Original(i.ID); ok {
			t.Errorf("the public placeholder is still there: %+v", m)
		}
		f := d.srv.Followups(i.ID)
		if len(f) != 1 || f[0].Flags&discordgo.MessageFlagsEphemeral == 0 || len(f[0].Embeds) != 1 || len(f[0].Components) != 3 {
			t.Fatalf("followups = %+v, want the safety card, ephemeral, with its setup and its button", f)
		}
		for _, m := range d.srv.Messages(discordtest.DefaultChannelID) {
			if m.Flags&discordgo.MessageFlagsEphemeral == 0 && len(m.Embeds) > 0 && strings.Contains(m.Embeds[0].Description, "health-care provider") {
				t.Errorf("the safety card was posted publicly: %+v", m)
			}
		}
	})
}

func TestSlowClickIsDeferredThenEdited(t *testing.T) {
	d := newOnDiscord(t)
	ctx := context.Background()
	for n := range 3 {
		s := coach.Session{UserID: d.user.ID, Start: t0.Add(-time.Duration(n+1) * time.Hour), Duration: 2 * time.Minute, Device: coach.Table}
		if _, _, err := d.db.DB.LogSession(ctx, s, "seed"+string(rune('a'+n)), t0); err != nil {
			t.Fatal(err)
		}
	}
	older := (&historyFeature{Bot: d.bot}).historyComponent().ID(d.user.ID, "1", "1")

	t.Run("update of the clicked message", func(t *testing.T) {
		release := d.db.block(t, "Sessions")
		i, err := d.srv.SendComponent(d.ctx(t), d.user, discordtest.DefaultGuildID, discordtest.DefaultChannelID, "300000000000000001", older)
		if err != nil {
			t.Fatal(err)
		}
		d.deferred(t, i, discordgo.InteractionResponseDeferredMessageUpdate, false)
		release(nil)
		d.delivered(t, i, http.MethodPatch)
		m, ok := d.srv.Message("300000000000000001")
		if !ok || len(m.Embeds) != 1 || !strings.Contains(m.Embeds[0].Footer.Text, "Page 2 of 3") || len(m.Components) != 1 {
			t.Fatalf("clicked message after the edit = %+v", m)
		}
	})

	t.Run("refusal as a private followup", func(t *testing.T) {
		release := d.db.block(t, "Sessions")
		i, err := d.srv.SendComponent(d.ctx(t), d.user, discordtest.DefaultGuildID, discordtest.DefaultChannelID, "300000000000000002", older)
		if err != nil {
			t.Fatal(err)
		}
		d.deferred(t, i, discordgo.InteractionResponseDeferredMessageUpdate, false)
		release(errors.New("disk on fire"))
		d.delivered(t, i, http.MethodPost)
		f := d.srv.Followups(i.ID)
		if len(f) != 1 || f[0].Content != msgInternal || f[0].Flags&discordgo.MessageFlagsEphemeral == 0 {
			t.Fatalf("followups = %+v, want the apology, ephemeral", f)
		}
		if m, ok := d.srv.Message("300000000000000002"); !ok || m.Content != "" || m.EditedTimestamp != nil {
			t.Errorf("the clicked message changed: %+v", m)
		}
	})
}

func TestAutocompleteIsNeverDeferred(t *testing.T) {
	d := newOnDiscord(t)
	i, err := d.srv.SendAutocomplete(d.ctx(t), d.user, discordtest.DefaultGuildID, discordtest.DefaultChannelID, "profile",
		discordtest.Sub("set", discordtest.Focused("timezone", "berl")))
	if err != nil {
		t.Fatal(err)
	}
	cb, err := d.srv.WaitCallback(d.ctx(t), i.ID)
	if err != nil {
		t.Fatal(err)
	}
	if cb.Type != discordgo.InteractionApplicationCommandAutocompleteResult || len(cb.Data.Choices) == 0 {
		t.Errorf("autocomplete callback = %d %+v", cb.Type, cb.Data)
	}
}
