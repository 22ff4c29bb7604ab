package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/hangtime/hangtime/internal/dbtest"
	"github.com/hangtime/hangtime/store"
)

var t0 = time.Date(2026, 11, 24, 18, 0, 0, 0, time.UTC)

type fixture struct {
	bot *Bot
	db  *store.DB
	n   int
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	db, err := store.Open(context.Background(), dbtest.Path(t, filepath.Join(t.TempDir(), "h.db")))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	f := &fixture{db: db}
	// Each interaction happens a minute after the one before.
	f.bot = New(Config{Store: db, Now: func() time.Time { return t0.Add(time.Duration(f.n) * time.Minute) }})
	return f
}

// interaction decodes a Discord INTERACTION_CREATE payload as the gateway
// would deliver it and runs it through the dispatcher.
func (f *fixture) interaction(t *testing.T, raw string) Reply {
	t.Helper()
	var i discordgo.Interaction
	if err := json.Unmarshal([]byte(raw), &i); err != nil {
		t.Fatalf("fixture: %v", err)
	}
	req := requestFrom(&i)
	if req == nil {
		t.Fatalf("requestFrom(%s) = nil", raw)
	}
	return f.bot.Handle(context.Background(), req)
}

// command builds a guild slash-command payload for user; options is the
// JSON array of the command's options.
func (f *fixture) command(t *testing.T, user, name, options string) Reply {
	t.Helper()
	f.n++
	return f.interaction(t, fmt.Sprintf(`{"id":"%d","application_id":"1","type":2,"token":"tok","guild_id":"100","channel_id":"200",
		"member":{"user":{"id":%q,"username":"u"},"permissions":"0"},
		"data":{"id":"9","name":%q,"type":1,"options":%s}}`, 1000+f.n, user, name, options))
}

func (f *fixture) click(t *testing.T, user, customID string) Reply {
	t.Helper()
	f.n++
	return f.interaction(t, fmt.Sprintf(`{"id":"%d","application_id":"1","type":3,"token":"tok","guild_id":"100","channel_id":"200",
		"member":{"user":{"id":%q,"username":"u"},"permissions":"0"},
		"message":{"id":"300","channel_id":"200"},
		"data":{"custom_id":%q,"component_type":2}}`, 1000+f.n, user, customID))
}

func buttons(r Reply) map[string]string {
	out := map[string]string{}
	for _, row := range r.Components {
		for _, c := range row.(discordgo.ActionsRow).Components {
			b := c.(discordgo.Button)
			out[b.Label] = b.CustomID
		}
	}
	return out
}

func hangLog(opts string) string {
	return `[{"name":"log","type":1,"options":` + opts + `}]`
}

func TestSafetyCardThenCommandRunsOnAck(t *testing.T) {
	f := newFixture(t)
	card := f.command(t, "u1", "hang", hangLog(`[{"name":"duration","type":3,"value":"1:30"},{"name":"angle","type":4,"value":30}]`))
	if !card.Ephemeral || len(card.Embeds) != 1 || !strings.Contains(card.Embeds[0].Description, "health-care provider") {
		t.Fatalf("first /hang log = %+v, want the ephemeral safety card", card)
	}
	if _, n, err := f.db.Sessions(context.Background(), "u1", 10, 0); err != nil {
		t.Fatal(err)
	} else if n != 0 {
		t.Fatalf("sessions before acknowledging = %d, want 0", n)
	}
	ack := buttons(card)["I understand"]
	if r := f.click(t, "u2", ack); !r.Ephemeral || r.Content != msgNotYourButton {
		t.Errorf("someone else's click = %+v, want the refusal", r)
	}
	r := f.click(t, "u1", ack)
	if !r.Update || !strings.Contains(r.Content, "Logged a **1m30s** hang") || !strings.Contains(r.Content, "30°") {
		t.Errorf("acknowledging = %+v, want the logged hang in place of the card", r)
	}
	list, n, err := f.db.Sessions(context.Background(), "u1", 10, 0)
	if err != nil {
		t.Fatal(err)
	}
	if n != 1 || list[0].Duration != 90*time.Second || list[0].Angle != 30 {
		t.Errorf("sessions after acknowledging = %+v", list)
	}
	// Pressing again does not log twice.
	f.click(t, "u1", ack)
	if _, n, err = f.db.Sessions(context.Background(), "u1", 10, 0); err != nil {
		t.Fatal(err)
	} else if n != 1 {
		t.Errorf("sessions after a second press = %d, want 1", n)
	}
	// From now on /hang log runs directly.
	r = f.command(t, "u1", "hang", hangLog(`[{"name":"duration","type":3,"value":"2m"}]`))
	if r.Ephemeral || !strings.Contains(r.Content, "Logged a **2m** hang") {
		t.Errorf("second /hang log = %+v", r)
	}
}

func TestHangLogRefusesBadInput(t *testing.T) {
	f := newFixture(t)
	f.db.AckSafety(context.Background(), "u1", t0)
	cases := []struct{ opts, want string }{
		{`[{"name":"duration","type":3,"value":""}]`, "**duration** is empty"},
		{`[{"name":"duration","type":3,"value":"abc"}]`, "is not a duration"},
		{`[{"name":"duration","type":3,"value":"0"}]`, "longer than zero"},
		{`[{"name":"duration","type":3,"value":"-5"}]`, "negative"},
		{`[{"name":"duration","type":3,"value":"10m1s"}]`, "10-minute cap"},
		{`[{"name":"duration","type":3,"value":"2m"},{"name":"angle","type":4,"value":95}]`, "**angle**"},
		{`[{"name":"duration","type":3,"value":"2m"},{"name":"device","type":3,"value":"chair"},{"name":"angle","type":4,"value":80}]`, "20° to 70°"},
		{`[{"name":"duration","type":3,"value":"2m"},{"name":"device","type":3,"value":"boots"},{"name":"angle","type":4,"value":45}]`, "full inversion only"},
		{`[{"name":"duration","type":3,"value":"2m"},{"name":"device","type":3,"value":"trampoline"}]`, "not a device"},
		{`[{"name":"duration","type":3,"value":"2m"},{"name":"ago","type":3,"value":"8d"}]`, "more than 7 days"},
		{`[{"name":"duration","type":3,"value":"2m"},{"name":"ago","type":3,"value":"soon"}]`, "**ago**"},
		{`[{"name":"duration","type":3,"value":"2m"},{"name":"note","type":3,"value":"` + strings.Repeat("x", 201) + `"}]`, "At most 200 characters"},
		{`[{"name":"duration","type":3,"value":"2m"},{"name":"angle","type":4,"value":30.5}]`, "not a whole number"},
		{`[{"name":"duration","type":3,"value":"2m"},{"name":"colour","type":3,"value":"red"}]`, "not an option"},
		{`[]`, "**duration** is required"},
	}
	for _, c := range cases {
		r := f.command(t, "u1", "hang", hangLog(c.opts))
		if !r.Ephemeral || !strings.Contains(r.Content, c.want) {
			t.Errorf("/hang log %s = %q (ephemeral %v), want it to contain %q", c.opts, r.Content, r.Ephemeral, c.want)
		}
	}
	if _, n, err := f.db.Sessions(context.Background(), "u1", 10, 0); err != nil {
		t.Fatal(err)
	} else if n != 0 {
		t.Errorf("sessions after only bad input = %d, want 0", n)
	}
}

func TestHangLogAgoNoteAndCaution(t *testing.T) {
	f := newFixture(t)
	f.db.AckSafety(context.Background(), "u1", t0)
	r := f.command(t, "u1", "hang", hangLog(`[{"name":"duration","type":3,"value":"6m"},{"name":"ago","type":3,"value":"3h"},{"name":"note","type":3,"value":"<@42> @everyone after deadlifts"}]`))
	if !strings.Contains(r.Content, "⚠️") || !strings.Contains(r.Content, "after deadlifts") {
		t.Errorf("reply = %q, want the caution and the note", r.Content)
	}
	if am := r.allowedMentions(); am.Parse == nil || len(am.Parse) != 0 || len(am.Users) != 0 {
		t.Errorf("allowed mentions = %+v, want none", am)
	}
	list, _, err := f.db.Sessions(context.Background(), "u1", 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	if want := t0.Add(time.Duration(f.n)*time.Minute - 3*time.Hour - 6*time.Minute); !list[0].Start.Equal(want) {
		t.Errorf("start = %v, want %v", list[0].Start, want)
	}
}

func TestUndoConfirmsAndOnlyForOwner(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	if r := f.command(t, "u1", "hang", `[{"name":"undo","type":1}]`); !r.Ephemeral || !strings.Contains(r.Content, "no logged hangs") {
		t.Errorf("undo with nothing = %+v", r)
	}
	f.db.AckSafety(ctx, "u1", t0)
	f.command(t, "u1", "hang", hangLog(`[{"name":"duration","type":3,"value":"1m"}]`))
	f.command(t, "u1", "hang", hangLog(`[{"name":"duration","type":3,"value":"2m"}]`))
	r := f.command(t, "u1", "hang", `[{"name":"undo","type":1}]`)
	remove := buttons(r)["Remove it"]
	if !strings.Contains(r.Content, "2m") || remove == "" {
		t.Fatalf("undo = %+v", r)
	}
	if r := f.click(t, "u2", remove); r.Content != msgNotYourButton {
		t.Errorf("someone else's click = %q", r.Content)
	}
	if r := f.click(t, "u1", buttons(r)["Keep it"]); !strings.Contains(r.Content, "Kept") {
		t.Errorf("keep = %q", r.Content)
	}
	if _, n, err := f.db.Sessions(ctx, "u1", 10, 0); err != nil {
		t.Fatal(err)
	} else if n != 2 {
		t.Fatalf("sessions = %d, want 2", n)
	}
	if r := f.click(t, "u1", remove); !r.Update || !strings.Contains(r.Content, "Removed") {
		t.Errorf("remove = %+v", r)
	}
	if r := f.click(t, "u1", remove); !strings.Contains(r.Content, "already gone") {
		t.Errorf("remove again = %q", r.Content)
	}
	list, n, err := f.db.Sessions(ctx, "u1", 10, 0)
	if err != nil {
		t.Fatal(err)
	}
	if n != 1 || list[0].Duration != time.Minute {
		t.Errorf("left = %+v", list)
	}
}

func TestHistoryPages(t *testing.T) {
	f := newFixture(t)
	f.db.AckSafety(context.Background(), "u1", t0)
	for i := 1; i <= 5; i++ {
		f.command(t, "u1", "hang", hangLog(fmt.Sprintf(`[{"name":"duration","type":3,"value":"%dm"}]`, i)))
	}
	r := f.command(t, "history", "history", `[{"name":"limit","type":4,"value":2}]`)
	if !strings.Contains(r.Content+fmt.Sprint(r.Embeds), "No hangs yet") {
		t.Errorf("another user's history = %+v", r)
	}
	for _, bad := range []string{"0", "26", "-1"} {
		if r := f.command(t, "u1", "history", `[{"name":"limit","type":4,"value":`+bad+`}]`); !strings.Contains(r.Content, "1 to 25") {
			t.Errorf("/history limit:%s = %q", bad, r.Content)
		}
	}
	r = f.command(t, "u1", "history", `[{"name":"limit","type":4,"value":2}]`)
	if !r.Ephemeral || !strings.Contains(r.Embeds[0].Description, "**5m**") || strings.Contains(r.Embeds[0].Description, "**3m**") {
		t.Fatalf("page 1 = %s", r.Embeds[0].Description)
	}
	r = f.click(t, "u1", buttons(r)["Older ▶"])
	if !r.Update || !strings.Contains(r.Embeds[0].Description, "**3m**") || !strings.Contains(r.Embeds[0].Footer.Text, "Page 2 of 3") {
		t.Fatalf("page 2 = %+v", r.Embeds[0])
	}
}

func TestProfileSetShowAndAutocomplete(t *testing.T) {
	f := newFixture(t)
	set := func(opts string) Reply {
		return f.command(t, "u1", "profile", `[{"name":"set","type":1,"options":`+opts+`}]`)
	}
	for opts, want := range map[string]string{
		`[]`: "at least one",
		`[{"name":"timezone","type":3,"value":"Mars/Olympus"}]`:  "not a time zone",
		`[{"name":"timezone","type":3,"value":"../etc/passwd"}]`: "not a time zone",
		`[{"name":"level","type":3,"value":"guru"}]`:             "not a level",
	} {
		if r := set(opts); !r.Ephemeral || !strings.Contains(r.Content, want) {
			t.Errorf("/profile set %s = %q, want %q", opts, r.Content, want)
		}
	}
	if p, err := f.db.Profile(context.Background(), "u1"); err != nil {
		t.Fatal(err)
	} else if p.Timezone != "" || p.Level != "" {
		t.Errorf("profile after bad input = %+v", p)
	}
	r := set(`[{"name":"timezone","type":3,"value":"America/New_York"},{"name":"device","type":3,"value":"chair"}]`)
	if !r.Ephemeral || !strings.Contains(fmt.Sprint(r.Embeds[0].Fields[2].Value), "America/New_York") {
		t.Errorf("set = %+v", r.Embeds[0].Fields)
	}
	r = f.command(t, "u1", "profile", `[{"name":"show","type":1}]`)
	if r.Embeds[0].Fields[0].Value != "inversion chair" {
		t.Errorf("show device = %q", r.Embeds[0].Fields[0].Value)
	}
	ac := f.interaction(t, `{"id":"77","type":4,"token":"t","guild_id":"100","channel_id":"200","member":{"user":{"id":"u1"},"permissions":"0"},
		"data":{"id":"9","name":"profile","type":1,"options":[{"name":"set","type":1,"options":[{"name":"timezone","type":3,"value":"berl","focused":true}]}]}}`)
	if len(ac.Choices) == 0 || ac.Choices[0].Name != "Europe/Berlin" {
		t.Errorf("autocomplete berl = %+v", ac.Choices)
	}
}

func TestUnknownCommandAndPanicBecomeReplies(t *testing.T) {
	f := newFixture(t)
	if r := f.command(t, "u1", "teleport", `[]`); !r.Ephemeral || !strings.Contains(r.Content, "/teleport") {
		t.Errorf("unknown command = %+v", r)
	}
	f.bot.leaves["help"].Run = func(context.Context, *Request) (Reply, error) { panic("boom") }
	if r := f.command(t, "u1", "help", `[]`); r.Content != msgInternal || !r.Ephemeral {
		t.Errorf("panicking handler = %+v", r)
	}
}

func TestDuplicateCommandNamePanics(t *testing.T) {
	b := &Bot{leaves: map[string]*Command{}}
	c := &Command{Name: "x", Run: func(context.Context, *Request) (Reply, error) { return Reply{}, nil }}
	b.addLeaf("x", c)
	defer func() {
		if recover() == nil {
			t.Error("addLeaf of a duplicate name did not panic")
		}
	}()
	b.addLeaf("x", c)
}

func TestChangingTimeZoneMovesTheQueuedReminder(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.command(t, "u1", "profile", `[{"name":"set","type":1,"options":[{"name":"timezone","type":3,"value":"UTC"}]}]`)
	f.command(t, "u1", "gym", `[{"name":"schedule","type":1,"options":[{"name":"days","type":3,"value":"daily"},{"name":"end","type":3,"value":"23:00"},{"name":"delay","type":3,"value":"0"}]}]`)
	before, err := f.db.PendingJobs(ctx, "u1", jobReminder, 5)
	if err != nil {
		t.Fatal(err)
	}
	r := f.command(t, "u1", "profile", `[{"name":"set","type":1,"options":[{"name":"timezone","type":3,"value":"Asia/Tokyo"}]}]`)
	after, err := f.db.PendingJobs(ctx, "u1", jobReminder, 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(before) != 1 || len(after) != 1 {
		t.Fatalf("pending before %v, after %v, want one each", before, after)
	}
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	if l := after[0].Due.In(tokyo); l.Hour() != 23 || l.Minute() != 0 || after[0].Due.Equal(before[0].Due) {
		t.Errorf("after the change the reminder is at %v Tokyo time, want 23:00 (it was %v)", l, before[0].Due)
	}
	if !strings.Contains(r.Content, "moves to") {
		t.Errorf("reply = %q, want it to say the reminder moved", r.Content)
	}
}
