package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/hangtime/hangtime/store"
)

// discardOutbox accepts every message and delivers none.
type discardOutbox struct{}

func (discardOutbox) Edit(context.Context, string, Reply) error { return nil }
func (discardOutbox) Send(context.Context, string, Reply, string) (string, error) {
	return "1", nil
}
func (discardOutbox) DMChannel(context.Context, string) (string, error) { return "2", nil }

// fuzzBot is a bot on a real database whose fuzz users have acknowledged
// the safety card, reporting each request's outcome to the returned
// pointer.
func fuzzBot(f *testing.F) (*Bot, *atomic.Value) {
	f.Helper()
	db, err := store.Open(context.Background(), filepath.Join(f.TempDir(), "h.db"))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { db.Close() })
	for _, u := range []string{"42", ConsoleUserID} {
		if err := db.AckSafety(context.Background(), u, t0); err != nil {
			f.Fatal(err)
		}
	}
	var n atomic.Int64
	outcome := &atomic.Value{}
	b := New(Config{
		Store:   db,
		Outbox:  discardOutbox{},
		Now:     func() time.Time { return t0.Add(time.Duration(n.Add(1)) * time.Second) },
		Observe: func(_, o string, _ time.Duration) { outcome.Store(o) },
	})
	return b, outcome
}

// checkDecoded requires what checkOptions let through to have the declared
// option types, and the outcome to be an answer rather than a failure.
func checkDecoded(t *testing.T, b *Bot, req *Request, outcome *atomic.Value, input string) {
	t.Helper()
	if c, ok := b.leaves[req.Command]; ok && req.Kind == KindCommand {
		opts := Options{}
		for k, v := range req.Options {
			opts[k] = v
		}
		if checkOptions(c, opts) == nil {
			for _, def := range c.Options {
				v, given := opts[def.Name]
				if !given {
					continue
				}
				var typeOK bool
				switch def.Type {
				case discordgo.ApplicationCommandOptionInteger:
					_, typeOK = v.(int64)
				case discordgo.ApplicationCommandOptionBoolean:
					_, typeOK = v.(bool)
				default:
					_, typeOK = v.(string)
				}
				if !typeOK {
					t.Fatalf("%q: option %s = %#v (%T) passed checkOptions for type %v", input, def.Name, v, v, def.Type)
				}
			}
		}
	}
	outcome.Store("")
	r := b.Handle(context.Background(), req)
	if o := outcome.Load(); o != "ok" && o != "user_error" {
		t.Fatalf("%q: outcome %v, reply %q; user input must get an answer or a specific refusal", input, o, r.Content)
	}
}

// FuzzConsoleLine feeds typed lines through the console's parser and the
// dispatcher: a line is refused with a message or answered, never a
// failure or a panic.
func FuzzConsoleLine(f *testing.F) {
	for _, s := range []string{
		"/help", "/plan", "/hang log duration:90s note:after deadlifts", "/hang log duration:1:30 device:chair angle:45 ago:3h",
		"/hang log duration: 2m angle:x", "/hang log note:duration:3m duration:1m", "/hang start target:2m", "/hang stop", "/hang undo",
		"/history limit:5", "/history limit:-1", "/profile set timezone:Europe/Berlin level:beginner device:table", "/profile show",
		"/stats period:week", "/stats period:year", "/streak rest", "/streak pause days:3", "/streak resume",
		"/gym schedule days:mon,wed,fri end:18:30 delay:5m where:dm", "/gym done delay:10m", "/gym show", "/gym clear",
		"/routine start name:core", "/data export format:csv", "/nope", "/", "/hang", "/hang log\tduration:1m",
	} {
		f.Add(s)
	}
	b, outcome := fuzzBot(f)
	f.Fuzz(func(t *testing.T, line string) {
		req := &Request{ID: "fuzz", UserID: ConsoleUserID, UserName: "you", ChannelID: "console"}
		if err := b.parseCommandLine(line, req); err != nil {
			if err.Error() == "" {
				t.Fatalf("parseCommandLine(%q) refused without a message", line)
			}
			return
		}
		if _, ok := b.leaves[req.Command]; !ok {
			t.Fatalf("parseCommandLine(%q) = command %q, not in the table", line, req.Command)
		}
		checkDecoded(t, b, req, outcome, line)
	})
}

// FuzzInteraction decodes INTERACTION_CREATE payloads as discordgo does and
// runs them through requestFrom, option checks and the dispatcher; none
// may panic (outside Handle a panic would end the process) or fail.
func FuzzInteraction(f *testing.F) {
	cmd := func(name, options string) string {
		return `{"id":"1","application_id":"1","type":2,"token":"tok","guild_id":"100","channel_id":"200",` +
			`"member":{"user":{"id":"42","username":"u"},"permissions":"0"},` +
			`"data":{"id":"9","name":"` + name + `","type":1,"options":` + options + `}}`
	}
	for _, s := range []string{
		cmd("hang", `[{"name":"log","type":1,"options":[{"name":"duration","type":3,"value":"90s"},{"name":"angle","type":4,"value":45}]}]`),
		cmd("hang", `[{"name":"log","type":1,"options":[{"name":"duration","type":3,"value":90},{"name":"angle","type":4,"value":"45"}]}]`),
		cmd("hang", `[{"name":"log","type":1,"options":[{"name":"duration","type":3,"value":"2m"},{"name":"angle","type":4,"value":45.5}]}]`),
		cmd("hang", `[{"name":"log","type":1,"options":[{"name":"duration","type":3,"value":"1m"},{"name":"angle","type":4,"value":1e300}]}]`),
		cmd("hang", `[{"name":"start","type":1,"options":[{"name":"target","type":3,"value":"1:30"},{"name":"device","type":3,"value":"boots"}]}]`),
		cmd("history", `[{"name":"limit","type":4,"value":3}]`),
		cmd("profile", `[{"name":"set","type":1,"options":[{"name":"timezone","type":3,"value":"America/New_York","focused":true}]}]`),
		cmd("stats", `[{"name":"period","type":3,"value":"month"}]`),
		cmd("streak", `[{"name":"pause","type":1,"options":[{"name":"days","type":4,"value":-7}]}]`),
		cmd("gym", `[{"name":"schedule","type":1,"options":[{"name":"days","type":3,"value":"mon-fri"},{"name":"end","type":3,"value":"6:45pm"}]}]`),
		cmd("help", `[]`),
		cmd("hang", `[{"name":"log","type":2,"options":[{"name":"x","type":1}]}]`),
		`{"id":"2","application_id":"1","type":3,"token":"tok","channel_id":"200","user":{"id":"42","username":"u"},` +
			`"message":{"id":"300","channel_id":"200"},"data":{"custom_id":"hist:42:2","component_type":2}}`,
		`{"id":"3","type":4,"token":"tok","user":{"id":"42"},"data":{"name":"profile","options":[{"name":"set","type":1,"options":[{"name":"timezone","type":3,"value":"eur","focused":true}]}]}}`,
	} {
		f.Add(s)
	}
	b, outcome := fuzzBot(f)
	f.Fuzz(func(t *testing.T, raw string) {
		var i discordgo.Interaction
		if err := json.Unmarshal([]byte(raw), &i); err != nil {
			return // discordgo drops what it cannot decode
		}
		req := requestFrom(&i)
		if req == nil {
			return
		}
		checkDecoded(t, b, req, outcome, raw)
	})
}

// FuzzHangLogOptions sends /hang log with arbitrary option values, encoded
// as Discord would, through decoding, option checks and the handler.
func FuzzHangLogOptions(f *testing.F) {
	f.Add("90s", "table", 30.0, "3h", "after deadlifts")
	f.Add("1:30", "chair", 70.0, "", "")
	f.Add("10m1s", "boots", 45.5, "8d", "x")
	f.Add("0", "bentknee", -1.0, "-1h", "\x00")
	f.Add("99999999999999999999", "Table ", 9.3e18, "7d", "<@123> @everyone")
	b, outcome := fuzzBot(f)
	var n atomic.Int64
	f.Fuzz(func(t *testing.T, duration, device string, angle float64, ago, note string) {
		opt := func(name string, typ discordgo.ApplicationCommandOptionType, v any) map[string]any {
			return map[string]any{"name": name, "type": typ, "value": v}
		}
		opts := []map[string]any{opt("duration", 3, duration), opt("device", 3, device), opt("ago", 3, ago), opt("note", 3, note)}
		if !math.IsNaN(angle) && !math.IsInf(angle, 0) {
			opts = append(opts, opt("angle", 4, angle))
		}
		raw, err := json.Marshal(map[string]any{
			"id": fmt.Sprint(n.Add(1)), "application_id": "1", "type": 2, "token": "tok", "channel_id": "200",
			"user": map[string]any{"id": "42", "username": "u"},
			"data": map[string]any{"id": "9", "name": "hang", "type": 1, "options": []any{
				map[string]any{"name": "log", "type": 1, "options": opts},
			}},
		})
		if err != nil {
			t.Fatal(err)
		}
		var i discordgo.Interaction
		if err := json.Unmarshal(raw, &i); err != nil {
			return // not valid UTF-8 and the like: discordgo drops it
		}
		req := requestFrom(&i)
		if req == nil || req.Command != "hang log" {
			t.Fatalf("requestFrom(%s) = %+v, want hang log", raw, req)
		}
		checkDecoded(t, b, req, outcome, string(raw))
	})
}
