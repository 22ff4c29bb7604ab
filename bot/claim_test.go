package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/hangtime/hangtime/coach"
	"github.com/hangtime/hangtime/store"
)

// callCounter counts the calls a request makes of the store methods on
// /hang log's paths: every write, and the profile reads. (Maps print
// sorted, so counts compare as text.)
type callCounter struct {
	*store.DB
	mu    sync.Mutex
	calls map[string]int
}

func (c *callCounter) count(name string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls[name]++
}

// take returns the counts so far and starts again from zero.
func (c *callCounter) take() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	got := c.calls
	c.calls = map[string]int{}
	return got
}

func (c *callCounter) Profile(ctx context.Context, userID string) (coach.Profile, error) {
	c.count("Profile")
	return c.DB.Profile(ctx, userID)
}

func (c *callCounter) ProfileAndGroups(ctx context.Context, userID string) (coach.Profile, bool, error) {
	c.count("Profile")
	return c.DB.ProfileAndGroups(ctx, userID)
}

func (c *callCounter) MemberGroups(ctx context.Context, userID string) ([]coach.Group, error) {
	c.count("MemberGroups")
	return c.DB.MemberGroups(ctx, userID)
}

func (c *callCounter) ClaimInteraction(ctx context.Context, id string, now time.Time) (bool, error) {
	c.count("ClaimInteraction")
	return c.DB.ClaimInteraction(ctx, id, now)
}

func (c *callCounter) LogSession(ctx context.Context, s coach.Session, id string, now time.Time) (coach.Session, bool, error) {
	c.count("LogSession")
	return c.DB.LogSession(ctx, s, id, now)
}

func (c *callCounter) LogSessionClaiming(ctx context.Context, s coach.Session, id string, now time.Time) (coach.Session, bool, error) {
	c.count("LogSessionClaiming")
	return c.DB.LogSessionClaiming(ctx, s, id, now)
}

func (c *callCounter) ProfileAndFacts(ctx context.Context, userID string, added, since time.Time, window int) (coach.Profile, bool, coach.HangFacts, error) {
	c.count("ProfileAndFacts")
	return c.DB.ProfileAndFacts(ctx, userID, added, since, window)
}

func (c *callCounter) HangFacts(ctx context.Context, userID string, added, since time.Time, window int) (coach.HangFacts, error) {
	c.count("HangFacts")
	return c.DB.HangFacts(ctx, userID, added, since, window)
}

func (c *callCounter) PlanHistory(ctx context.Context, userID string, device coach.Device, window, limit int, now time.Time) ([]coach.Session, error) {
	c.count("PlanHistory")
	return c.DB.PlanHistory(ctx, userID, device, window, limit, now)
}

func (c *callCounter) SessionsSince(ctx context.Context, userID string, since time.Time) ([]coach.Session, error) {
	c.count("SessionsSince")
	return c.DB.SessionsSince(ctx, userID, since)
}

func (c *callCounter) Sessions(ctx context.Context, userID string, limit, offset int) ([]coach.Session, int, error) {
	c.count("Sessions")
	return c.DB.Sessions(ctx, userID, limit, offset)
}

func (c *callCounter) SavePending(ctx context.Context, userID, interactionID, command string, options []byte, now time.Time) (int64, error) {
	c.count("SavePending")
	return c.DB.SavePending(ctx, userID, interactionID, command, options, now)
}

func (c *callCounter) AddJob(ctx context.Context, j coach.Job, now time.Time) (int64, bool, error) {
	c.count("AddJob")
	return c.DB.AddJob(ctx, j, now)
}

func (c *callCounter) AckSafety(ctx context.Context, userID string, at time.Time) error {
	c.count("AckSafety")
	return c.DB.AckSafety(ctx, userID, at)
}

// counted is a fixture whose bot goes through a callCounter.
func counted(t *testing.T) (*fixture, *callCounter) {
	t.Helper()
	f := newFixture(t)
	cs := &callCounter{DB: f.db, calls: map[string]int{}}
	f.bot = New(Config{Store: cs, Now: func() time.Time { return t0.Add(time.Duration(f.n) * time.Minute) }})
	return f, cs
}

// delivered runs a /hang log interaction through the dispatcher as serve
// does: the command claims its interaction itself.
func (f *fixture) delivered(t *testing.T, id, user, opts string) (Reply, string) {
	t.Helper()
	var i discordgo.Interaction
	raw := fmt.Sprintf(`{"id":%q,"application_id":"1","type":2,"token":"tok","guild_id":"100","channel_id":"200",
		"member":{"user":{"id":%q,"username":"u"},"permissions":"0"},
		"data":{"id":"9","name":"hang","type":1,"options":%s}}`, id, user, hangLog(opts))
	if err := json.Unmarshal([]byte(raw), &i); err != nil {
		t.Fatal(err)
	}
	req := requestFrom(&i)
	if c := f.bot.leaves[req.Command]; c == nil || !c.ClaimsItself {
		t.Fatalf("/%s does not claim its interaction itself", req.Command)
	}
	req.claimPending = true
	return f.bot.handle(context.Background(), req)
}

func sessionCount(t *testing.T, db *store.DB, user string) int {
	t.Helper()
	_, n, err := db.Sessions(context.Background(), user, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// writes are the store's write methods that /hang log's paths may call.
var writes = []string{"ClaimInteraction", "LogSession", "LogSessionClaiming", "SavePending", "AddJob", "AckSafety"}

func writesOf(calls map[string]int) map[string]int {
	w := map[string]int{}
	for _, name := range writes {
		if calls[name] > 0 {
			w[name] = calls[name]
		}
	}
	return w
}

// /hang log makes one write, which both claims the interaction and logs
// the hang, and one read before it, of the profile with the hang facts;
// a non-member's log that cannot reach a milestone reads nothing more of
// the history but what the guard needs (PlanHistory, for a beginner). A
// second delivery logs nothing more and is not answered.
func TestHangLogIsOneWriteAndOneProfileRead(t *testing.T) {
	f, cs := counted(t)
	ctx := context.Background()
	for _, u := range []string{"u1", "u2"} {
		if err := f.db.AckSafety(ctx, u, t0); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.db.SaveGroup(ctx, coach.Group{GuildID: "100", ChannelID: "200", DigestMinute: 20 * 60}, nil, nil, t0); err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.JoinGroup(ctx, "100", "u1", false, t0); err != nil {
		t.Fatal(err)
	}
	cs.take()

	r, outcome := f.delivered(t, "5001", "u1", `[{"name":"duration","type":3,"value":"2m"}]`)
	if outcome != "ok" || !strings.Contains(r.Content, "Logged a **2m** hang") {
		t.Fatalf("/hang log = %q, %q", r.Content, outcome)
	}
	if got, want := writesOf(cs.take()), map[string]int{"LogSessionClaiming": 1}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("writes of one /hang log by a group member = %v, want %v", got, want)
	}
	// Someone in no group, logging a second hang that day.
	f.n++
	if r, outcome := f.delivered(t, "5002", "u2", `[{"name":"duration","type":3,"value":"1m"}]`); outcome != "ok" {
		t.Fatalf("/hang log by u2 = %q, %q", r.Content, outcome)
	}
	f.n++
	cs.take()
	if r, outcome := f.delivered(t, "5003", "u2", `[{"name":"duration","type":3,"value":"1m"}]`); outcome != "ok" {
		t.Fatalf("second /hang log by u2 = %q, %q", r.Content, outcome)
	}
	if got, want := cs.take(), map[string]int{"LogSessionClaiming": 1, "ProfileAndFacts": 1}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("store calls of a non-member's second /hang log of the day = %v, want %v", got, want)
	}
	// A beginner's hang longer than some plan allows: the guard reads the
	// plan's part of the history.
	f.n++
	if r, outcome := f.delivered(t, "5004", "u2", `[{"name":"duration","type":3,"value":"4m"}]`); outcome != "ok" || !strings.Contains(r.Content, "⚠️") {
		t.Fatalf("long /hang log by u2 = %q, %q, want a caution", r.Content, outcome)
	}
	if got, want := cs.take(), map[string]int{"LogSessionClaiming": 1, "PlanHistory": 1, "ProfileAndFacts": 1}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("store calls of a beginner's long /hang log = %v, want %v", got, want)
	}

	r, outcome = f.delivered(t, "5001", "u1", `[{"name":"duration","type":3,"value":"2m"}]`)
	if outcome != outcomeDuplicate {
		t.Errorf("second delivery = %q, %q, want outcome %q (not answered)", r.Content, outcome, outcomeDuplicate)
	}
	if got, want := writesOf(cs.take()), map[string]int{"LogSessionClaiming": 1}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("writes of the second delivery = %v, want %v", got, want)
	}
	if n := sessionCount(t, f.db, "u1"); n != 1 {
		t.Errorf("sessions after a twice-delivered /hang log = %d, want 1", n)
	}
	// The claim is the one every other path sees.
	if fresh, err := f.db.ClaimInteraction(ctx, "5001", t0); err != nil || fresh {
		t.Errorf("ClaimInteraction after /hang log = %v, %v, want claimed already", fresh, err)
	}
}

// A /hang log that is refused or shows the safety card writes no hang;
// its interaction is still claimed, so a second delivery is not answered
// again, and the card is kept once.
func TestRefusedOrCardedHangLogIsClaimedOnce(t *testing.T) {
	f, cs := counted(t)
	r, outcome := f.delivered(t, "6001", "u1", `[{"name":"duration","type":3,"value":"2m"}]`)
	if outcome != "ok" || len(r.Embeds) != 1 || !strings.Contains(r.Embeds[0].Description, "health-care provider") {
		t.Fatalf("first /hang log = %+v, %q, want the safety card", r, outcome)
	}
	if _, outcome := f.delivered(t, "6001", "u1", `[{"name":"duration","type":3,"value":"2m"}]`); outcome != outcomeDuplicate {
		t.Errorf("second delivery of the carded /hang log = %q, want %q", outcome, outcomeDuplicate)
	}
	if got := cs.take(); got["SavePending"] != 1 || got["ClaimInteraction"] != 2 {
		t.Errorf("store calls of a twice-delivered carded /hang log = %v, want one SavePending and two claims", got)
	}

	// Acknowledging carries the kept command out: the card's interaction
	// was claimed, but its hang was not logged yet.
	ack := buttons(r)["I understand"]
	if r := f.click(t, "u1", ack); !strings.Contains(r.Content, "Logged a **2m** hang") {
		t.Fatalf("acknowledging = %q, want the hang logged", r.Content)
	}
	if n := sessionCount(t, f.db, "u1"); n != 1 {
		t.Fatalf("sessions after acknowledging = %d, want 1", n)
	}

	r, outcome = f.delivered(t, "6002", "u1", `[{"name":"duration","type":3,"value":"soon"}]`)
	if outcome != "user_error" || !strings.Contains(r.Content, "is not a duration") {
		t.Errorf("bad /hang log = %q, %q", r.Content, outcome)
	}
	if _, outcome := f.delivered(t, "6002", "u1", `[{"name":"duration","type":3,"value":"soon"}]`); outcome != outcomeDuplicate {
		t.Errorf("second delivery of a refused /hang log = %q, want %q", outcome, outcomeDuplicate)
	}
	if n := sessionCount(t, f.db, "u1"); n != 1 {
		t.Errorf("sessions after refused logs = %d, want 1", n)
	}
}

// Without the dispatcher's flag (the console, the card's button) /hang log
// claims nothing: only the hang's own id keeps it from logging twice.
func TestHangLogWithoutDispatcherClaim(t *testing.T) {
	f, cs := counted(t)
	if err := f.db.AckSafety(context.Background(), "u1", t0); err != nil {
		t.Fatal(err)
	}
	cs.take()
	f.command(t, "u1", "hang", hangLog(`[{"name":"duration","type":3,"value":"1m"}]`))
	if got, want := writesOf(cs.take()), map[string]int{"LogSession": 1}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("store calls of /hang log through Handle = %v, want %v", got, want)
	}
}

func (c *callCounter) SetGroupLocale(ctx context.Context, guildID, locale string) (bool, error) {
	c.count("SetGroupLocale")
	return c.DB.SetGroupLocale(ctx, guildID, locale)
}

// A server without a group has no row for its locale: its interactions
// try to store it once a minute, not each time (a write that changed
// nothing, on every interaction); setting a group up stores it at once.
func TestServerLocaleWithoutAGroupIsNotWrittenEachTime(t *testing.T) {
	f, cs := counted(t)
	help := func(id string) {
		f.interaction(t, fmt.Sprintf(`{"id":%q,"application_id":"1","type":2,"token":"tok","guild_id":"100","channel_id":"200","locale":"de","guild_locale":"fr",
			"member":{"user":{"id":"u1","username":"u"},"permissions":"32"},"data":{"id":"9","name":"help","type":1}}`, id))
	}
	for i := range 5 {
		help(fmt.Sprint(8000 + i))
	}
	if got := cs.take()["SetGroupLocale"]; got != 1 {
		t.Errorf("5 interactions from a server without a group tried to store its locale %d times, want 1", got)
	}
	// Setting a group up stores the locale at once, though the server's
	// last interaction tried just before, without a row for it.
	w := newGrpWorld(t)
	w.bot.Handle(context.Background(), &Request{ID: "8200", Kind: KindCommand, UserID: grpAdmin, GuildID: grpGuild, ChannelID: grpChannel,
		GuildLocale: "fr", Command: "help", Options: Options{}})
	r := w.bot.Handle(context.Background(), &Request{ID: "8201", Kind: KindCommand, UserID: grpAdmin, GuildID: grpGuild, ChannelID: grpChannel,
		GuildLocale: "fr", Permissions: discordgo.PermissionManageGuild, Command: "group setup", Options: Options{"channel": grpChannel}})
	if l, err := w.db.GroupLocale(context.Background(), grpGuild); err != nil || l != "fr" {
		t.Errorf("group locale after /group setup (%q) = %q, %v, want fr", r.Content, l, err)
	}
}
