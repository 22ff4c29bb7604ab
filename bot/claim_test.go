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

// /hang log makes one write, which both claims the interaction and logs
// the hang, and reads the profile once, for a member of a group too (whose
// log checks for a streak milestone, which reads the profile again unless
// the request keeps it); a second delivery logs nothing more and is not
// answered.
func TestHangLogIsOneWriteAndOneProfileRead(t *testing.T) {
	f, cs := counted(t)
	ctx := context.Background()
	if err := f.db.AckSafety(ctx, "u1", t0); err != nil {
		t.Fatal(err)
	}
	if err := f.db.SaveGroup(ctx, coach.Group{GuildID: "100", ChannelID: "200", DigestMinute: 20 * 60}, nil, t0); err != nil {
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
	if got, want := cs.take(), map[string]int{"Profile": 1, "LogSessionClaiming": 1, "MemberGroups": 1}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("store calls of one /hang log by a group member = %v, want %v", got, want)
	}
	// Someone in no group: the profile read said so, nothing more is read.
	if err := f.db.AckSafety(ctx, "u2", t0); err != nil {
		t.Fatal(err)
	}
	cs.take()
	if r, outcome := f.delivered(t, "5002", "u2", `[{"name":"duration","type":3,"value":"1m"}]`); outcome != "ok" {
		t.Fatalf("/hang log by u2 = %q, %q", r.Content, outcome)
	}
	if got, want := cs.take(), map[string]int{"Profile": 1, "LogSessionClaiming": 1}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("store calls of one /hang log by a non-member = %v, want %v", got, want)
	}

	r, outcome = f.delivered(t, "5001", "u1", `[{"name":"duration","type":3,"value":"2m"}]`)
	if outcome != outcomeDuplicate {
		t.Errorf("second delivery = %q, %q, want outcome %q (not answered)", r.Content, outcome, outcomeDuplicate)
	}
	if got, want := cs.take(), map[string]int{"Profile": 1, "LogSessionClaiming": 1}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("store calls of the second delivery = %v, want %v", got, want)
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
	if got, want := cs.take(), map[string]int{"Profile": 1, "LogSession": 1}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("store calls of /hang log through Handle = %v, want %v", got, want)
	}
}
