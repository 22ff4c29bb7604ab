package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/jonboulle/clockwork"

	"github.com/hangtime/hangtime/internal/dbtest"
	"github.com/hangtime/hangtime/internal/discordtest"
)

const (
	guild   = discordtest.DefaultGuildID
	channel = discordtest.DefaultChannelID
)

var (
	alice = discordtest.User{ID: "200000000000000001", Username: "alice"}
	bob   = discordtest.User{ID: "200000000000000002", Username: "bob"}
)

// lockedBuffer collects the bot's logs from its goroutines.
type lockedBuffer struct {
	mu      sync.Mutex
	b       bytes.Buffer
	written chan struct{} // closed by the next write; see waitFor
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.written != nil {
		close(l.written)
		l.written = nil
	}
	return l.b.Write(p)
}

// waitFor blocks until the logs contain s or d has passed, and reports
// whether they do: a line logged by another goroutine may come after the
// event a test waited on.
func (l *lockedBuffer) waitFor(s string, d time.Duration) bool {
	deadline := time.NewTimer(d)
	defer deadline.Stop()
	for {
		l.mu.Lock()
		if strings.Contains(l.b.String(), s) {
			l.mu.Unlock()
			return true
		}
		if l.written == nil {
			l.written = make(chan struct{})
		}
		written := l.written
		l.mu.Unlock()
		select {
		case <-written:
		case <-deadline.C:
			return false
		}
	}
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// world is one fake Discord, one database file and one fake clock that bot
// processes come and go on.
type world struct {
	t     *testing.T
	srv   *discordtest.Server
	db    string
	clock *clockwork.FakeClock
	env   map[string]string
	// deferAfter is the bot's deferral deadline: a minute unless a test
	// sets it, so a slow machine never turns the callback a test waits
	// for into a deferral it did not expect.
	deferAfter time.Duration
}

func newWorld(t *testing.T) *world {
	t.Helper()
	return newWorldWith(t, discordtest.Options{})
}

func newWorldWith(t *testing.T, opts discordtest.Options) *world {
	t.Helper()
	w := &world{t: t, db: dbtest.Path(t, filepath.Join(t.TempDir(), "hangtime.db")),
		clock: clockwork.NewFakeClockAt(time.Date(2026, 11, 24, 17, 30, 0, 0, time.UTC)), deferAfter: time.Minute}
	// Interaction tokens expire on the world's clock (a test may replace it
	// before starting the bot).
	if opts.Now == nil {
		opts.Now = func() time.Time { return w.clock.Now() }
	}
	srv, err := discordtest.Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	w.srv = srv
	w.env = map[string]string{
		"DISCORD_TOKEN":    "test-token",
		"HANGTIME_DB":      w.db,
		"DISCORD_API_BASE": srv.URL(),
	}
	return w
}

// botProcess is one run of the real wiring.
type botProcess struct {
	cancel context.CancelFunc
	done   chan error
	logs   *lockedBuffer
}

// start runs the bot and waits until it has registered its commands.
func (w *world) start() *botProcess {
	w.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	p := &botProcess{cancel: cancel, done: make(chan error, 1), logs: &lockedBuffer{}}
	before := len(w.registrations())
	go func() {
		p.done <- run(ctx, env{Getenv: getenv(w.env), Stdin: strings.NewReader(""), Stdout: p.logs, Stderr: p.logs, Clock: w.clock, Tick: time.Second, DeferAfter: w.deferAfter})
	}()
	w.t.Cleanup(func() { w.stop(p) })
	wctx, wcancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer wcancel()
	_, err := w.srv.WaitRequest(wctx, func(r discordtest.Request) bool {
		return r.Method == "PUT" && strings.Contains(r.Path, "/commands") && len(w.registrations()) > before
	})
	if err != nil {
		w.t.Fatalf("bot never registered its commands: %v\nlogs:\n%s", err, p.logs.String())
	}
	return p
}

func (w *world) registrations() []discordtest.Request {
	var out []discordtest.Request
	for _, r := range w.srv.Requests() {
		if r.Method == "PUT" && strings.Contains(r.Path, "/commands") {
			out = append(out, r)
		}
	}
	return out
}

// stop ends the bot as SIGTERM would and waits for it to return.
func (w *world) stop(p *botProcess) {
	w.t.Helper()
	if p.cancel == nil {
		return
	}
	p.cancel()
	p.cancel = nil
	select {
	case err := <-p.done:
		if err != nil {
			w.t.Errorf("bot returned %v", err)
		}
	case <-time.After(15 * time.Second):
		w.t.Error("bot did not stop within 15s")
	}
}

func (w *world) ctx() context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	w.t.Cleanup(cancel)
	return ctx
}

// command sends a slash command and returns the bot's callback.
func (w *world) command(u discordtest.User, name string, opts ...*discordtest.Opt) (*discordgo.Interaction, discordtest.Callback) {
	w.t.Helper()
	i, err := w.srv.SendCommand(w.ctx(), u, guild, channel, name, opts...)
	if err != nil {
		w.t.Fatal(err)
	}
	return i, w.callback(i)
}

func (w *world) callback(i *discordgo.Interaction) discordtest.Callback {
	w.t.Helper()
	cb, err := w.srv.WaitCallback(w.ctx(), i.ID)
	if err != nil {
		w.t.Fatalf("no callback for interaction %s: %v", i.ID, err)
	}
	return cb
}

// click presses a button on the message a callback created.
func (w *world) click(u discordtest.User, on *discordgo.Interaction, customID string) (*discordgo.Interaction, discordtest.Callback) {
	w.t.Helper()
	msg, ok := w.srv.Original(on.ID)
	if !ok {
		w.t.Fatalf("interaction %s has no message to click on", on.ID)
	}
	i, err := w.srv.SendComponent(w.ctx(), u, guild, channel, msg.ID, customID)
	if err != nil {
		w.t.Fatal(err)
	}
	return i, w.callback(i)
}

// advance moves the fake clock once the scheduler is waiting on it.
func (w *world) advance(d time.Duration) {
	w.t.Helper()
	// gocron re-arms its timer through a few goroutine hand-offs; on a busy
	// 2-core machine under the race detector that has taken over 10 s.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := w.clock.BlockUntilContext(ctx, 1); err != nil {
		w.t.Fatalf("scheduler not waiting on the clock: %v", err)
	}
	w.clock.Advance(d)
}

func button(cb discordtest.Callback, label string) string {
	if cb.Data == nil {
		return ""
	}
	for _, row := range cb.Data.Components {
		if ar, ok := row.(*discordgo.ActionsRow); ok {
			for _, c := range ar.Components {
				if b, ok := c.(*discordgo.Button); ok && b.Label == label {
					return b.CustomID
				}
			}
		}
	}
	return ""
}

func text(cb discordtest.Callback) string {
	if cb.Data == nil {
		return ""
	}
	var sb strings.Builder
	sb.WriteString(cb.Data.Content)
	for _, e := range cb.Data.Embeds {
		sb.WriteString("\n" + e.Title + "\n" + e.Description)
		for _, f := range e.Fields {
			sb.WriteString("\n" + f.Name + ": " + f.Value)
		}
		if e.Footer != nil {
			sb.WriteString("\n" + e.Footer.Text)
		}
	}
	return sb.String()
}

func ephemeral(cb discordtest.Callback) bool {
	return cb.Data != nil && cb.Data.Flags&discordgo.MessageFlagsEphemeral != 0
}

// noMentions checks the raw callback sets allowed_mentions with nothing to
// parse, so no text in a reply can ping anyone.
func noMentions(t *testing.T, cb discordtest.Callback) {
	t.Helper()
	var raw struct {
		Data struct {
			AllowedMentions *struct {
				Parse []string `json:"parse"`
				Users []string `json:"users"`
			} `json:"allowed_mentions"`
		} `json:"data"`
	}
	if err := json.Unmarshal(cb.Request.JSON, &raw); err != nil {
		t.Fatal(err)
	}
	am := raw.Data.AllowedMentions
	if am == nil || am.Parse == nil || len(am.Parse) != 0 || len(am.Users) != 0 {
		t.Errorf("allowed_mentions = %+v in %s, want {parse: []}", am, cb.Request.JSON)
	}
}

func callbacksFor(srv *discordtest.Server, interactionID string) int {
	n := 0
	for _, r := range srv.Requests() {
		if strings.Contains(r.Path, "/interactions/"+interactionID+"/") {
			n++
		}
	}
	return n
}

func logHang(w *world, u discordtest.User, opts ...*discordtest.Opt) discordtest.Callback {
	w.t.Helper()
	_, cb := w.command(u, "hang", discordtest.Sub("log", opts...))
	return cb
}

// acknowledge clears the safety card for u the way a new user does.
func acknowledge(w *world, u discordtest.User) {
	w.t.Helper()
	i, card := w.command(u, "profile", discordtest.Sub("show"))
	_ = i
	if !strings.Contains(text(card), "not yet acknowledged") {
		return
	}
	i, card = w.command(u, "hang", discordtest.Sub("log", discordtest.Str("duration", "1m"), discordtest.Str("ago", "7d")))
	if _, cb := w.click(u, i, button(card, "I understand")); !strings.Contains(text(cb), "Logged") {
		w.t.Fatalf("acknowledging: %s", text(cb))
	}
}

// eventually polls cond until it holds or 10 s pass; for effects that the
// fake server records after the request that caused them.
func (w *world) eventually(cond func() bool) bool {
	return w.eventuallyWithin(10*time.Second, cond)
}

// advanceUntil moves the fake clock a second at a time, each time the
// scheduler is waiting on it, until cond holds; at most limit steps.
func (w *world) advanceUntil(limit int, cond func() bool) bool {
	w.t.Helper()
	for i := 0; i < limit; i++ {
		if w.eventuallyWithin(200*time.Millisecond, cond) {
			return true
		}
		w.advance(time.Second)
	}
	return w.eventually(cond)
}

// advanceThenUntil moves the clock by d, then a second at a time (see
// advanceUntil) until cond holds: the scheduler drops a tick that comes
// while a pass is still ending, and on the fake clock no other tick comes
// unless the test moves the clock.
func (w *world) advanceThenUntil(d time.Duration, cond func() bool) bool {
	w.t.Helper()
	w.advance(d)
	return w.advanceUntil(30, cond)
}

// requested reports whether the bot has sent a request whose body holds
// want.
func (w *world) requested(want string) bool {
	for _, r := range w.srv.Requests() {
		if strings.Contains(string(r.JSON), want) {
			return true
		}
	}
	return false
}

func (w *world) eventuallyWithin(d time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(5 * time.Millisecond)
	}
	return true
}
