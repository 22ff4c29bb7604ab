package bot

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/hangtime/hangtime/coach"
	"github.com/hangtime/hangtime/store"
)

// strangers is a bot where alice has a logged hang, a finished routine and
// a live hang running, and bob may click whatever he likes.
type strangers struct {
	bot     *Bot
	db      *store.DB
	n       int
	before  []coach.Session
	aliceID string
	bobID   string
}

const aliceSecret = "alice-secret-note"

func newStrangers(tb testing.TB, dir string) *strangers {
	tb.Helper()
	db, err := store.Open(context.Background(), filepath.Join(dir, "h.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	s := &strangers{db: db, aliceID: "41", bobID: "42"}
	s.bot = New(Config{Store: db, Outbox: discardOutbox{}, Now: func() time.Time { return t0.Add(time.Duration(s.n) * time.Second) }})
	ctx := context.Background()
	for _, u := range []string{s.aliceID, s.bobID} {
		if err := db.AckSafety(ctx, u, t0); err != nil {
			tb.Fatal(err)
		}
	}
	// Interaction 5001: a 7m13s hang with a note; 5002: a live hang.
	s.handle(tb, &Request{ID: "5001", Kind: KindCommand, UserID: s.aliceID, Command: "hang log", Options: Options{"duration": "7m13s", "note": aliceSecret}})
	s.handle(tb, &Request{ID: "5002", Kind: KindCommand, UserID: s.aliceID, Command: "hang start", Options: Options{}})
	if s.before, _, err = db.Sessions(ctx, s.aliceID, 50, 0); err != nil || len(s.before) != 1 {
		tb.Fatalf("alice's sessions = %v, %v; want her one hang", s.before, err)
	}
	return s
}

func (s *strangers) handle(tb testing.TB, req *Request) Reply {
	tb.Helper()
	s.n++
	return s.bot.Handle(context.Background(), req)
}

// check requires alice's data untouched and none of it in bob's reply.
func (s *strangers) check(t *testing.T, customID string, r Reply) {
	t.Helper()
	ctx := context.Background()
	after, _, err := s.db.Sessions(ctx, s.aliceID, 50, 0)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(s.before, after); diff != "" {
		t.Fatalf("bob clicking %q changed alice's hangs (-before +after):\n%s", customID, diff)
	}
	live, ok, err := s.db.LiveSession(ctx, s.aliceID)
	if err != nil || !ok || live.InteractionID != "5002" {
		t.Fatalf("bob clicking %q: alice's live hang = %+v, %v, %v; want it running", customID, live, ok, err)
	}
	text := r.Content
	for _, e := range r.Embeds {
		text += e.Title + e.Description
		for _, f := range e.Fields {
			text += f.Name + f.Value
		}
	}
	for _, leak := range []string{aliceSecret, "7m13s"} {
		if strings.Contains(text, leak) {
			t.Fatalf("bob clicking %q was shown alice's %q: %q", customID, leak, text)
		}
	}
}

// FuzzCustomIDsNameAnotherUsersData has bob click buttons of every kind
// whose arguments name alice's rows: her interactions, sessions, pending
// commands. Every lookup must be scoped to bob.
func FuzzCustomIDsNameAnotherUsersData(f *testing.F) {
	// Routine ids are name:step:start interaction:device:start unix; every
	// step number, so one of them finishes the routine.
	for _, name := range []string{"decompress", "core", "legs"} {
		for step := 1; step <= 8; step++ {
			for _, dev := range []string{"table", "boots"} {
				f.Add("routine", fmt.Sprintf("%s:%d:5001:%s:%d", name, step, dev, t0.Unix()))
			}
		}
	}
	for _, seed := range [][2]string{
		{"routine", "core:7:5001"}, {"routine", "decompress:4:5001"}, {"routine", "legs:7:5002"}, {"routine", "decompress:4:5002"},
		{"undo", "1"}, {"live", "done:5002"}, {"live", "cancel:5002"},
		{"hist", "0:10"}, {"safety", "1"}, {"forget", "yes"}, {"rem", "start:1"}, {"rem", "snooze:1"},
	} {
		f.Add(seed[0], seed[1])
	}
	s := newStrangers(f, f.TempDir())
	f.Fuzz(func(t *testing.T, prefix, args string) {
		id := prefix + ":" + s.bobID
		if args != "" {
			id += ":" + args
		}
		r := s.handle(t, &Request{ID: "9" + strings.Repeat("0", 5), Kind: KindComponent, UserID: s.bobID, CustomID: id})
		s.check(t, id, r)
	})
}
