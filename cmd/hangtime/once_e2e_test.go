package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hangtime/hangtime/internal/dbtest"
	"github.com/hangtime/hangtime/internal/discordtest"
	"github.com/hangtime/hangtime/store"
)

// TestTwoProcessesActOnceOnTheSameDeliveries runs two bot processes on one
// database, one gateway shard each, and gives both the same deliveries at
// once: an interaction on both shards, the same interaction to both
// interactions endpoints, the same /gym link hook to both public
// listeners. Each is acted on once: one stored hang, one answer, one
// pending reminder, one reminder sent.
func TestTwoProcessesActOnceOnTheSameDeliveries(t *testing.T) {
	guilds := shardedGuilds(2)
	w := newWorldWith(t, discordtest.Options{Shards: 2, MaxConcurrency: 2, Guilds: guilds})
	w.env["HANGTIME_PACE"] = "shared"
	w.env["HANGTIME_PUBLIC_KEY"] = w.srv.PublicKey()
	addrs := []string{freeAddr(t), freeAddr(t)}
	var procs []*botProcess
	for k, sh := range []string{"0/2", "1/2"} {
		w.env["HANGTIME_SHARDS"] = sh
		w.env["HANGTIME_PUBLIC_ADDR"] = addrs[k]
		w.env["HANGTIME_PUBLIC_URL"] = "http://" + addrs[k]
		procs = append(procs, w.start())
	}
	if !w.eventually(func() bool { return len(w.srv.ShardIdentifies()) == 2 }) {
		t.Fatalf("identifies = %+v, want shards 0 and 1", w.srv.ShardIdentifies())
	}
	db, err := store.Open(context.Background(), w.db)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	raw := dbtest.Raw(t, w.db)
	duplicates := func() int {
		n := 0
		for _, p := range procs {
			n += strings.Count(p.logs.String(), "duplicate interaction ignored")
		}
		return n
	}
	pendingGymDone := func(u discordtest.User) int {
		var n int
		if err := raw.QueryRow(dbtest.SQL(`SELECT count(*) FROM jobs WHERE key LIKE ? AND state = 'pending'`), "gymdone:"+u.ID+":%").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	ackInDM(w, alice)
	g := guilds[0]

	// The same interaction on both shards, so in both processes, at once.
	for k, sub := range []*discordtest.Opt{
		discordtest.Sub("log", discordtest.Str("duration", "1m"), discordtest.Str("note", "both shards")),
		discordtest.Sub("done", discordtest.Str("delay", "10m")),
	} {
		name := "hang"
		if k == 1 {
			name = "gym"
		}
		before := duplicates()
		i, err := w.srv.SendCommand(w.ctx(), alice, g.ID, g.Channels[0].ID, name, sub)
		if err != nil {
			t.Fatal(err)
		}
		if err := w.srv.SendInteractionOnShard(w.ctx(), 1, i); err != nil {
			t.Fatal(err)
		}
		w.callback(i)
		if !w.eventually(func() bool { return duplicates() == before+1 }) {
			t.Fatalf("/%s delivered to both processes: %d duplicates seen, want 1", name, duplicates()-before)
		}
		if n := callbacksFor(w.srv, i.ID); n != 1 {
			t.Errorf("/%s delivered to both processes: %d answers, want 1", name, n)
		}
	}
	if n := pendingGymDone(alice); n != 1 {
		t.Errorf("%d /gym done reminders pending, want 1", n)
	}

	// The same interaction to both endpoints: one answers, the other 409.
	w.srv.SetInteractionsEndpoint("http://" + addrs[0] + "/interactions")
	i, err := w.srv.SendCommand(w.ctx(), alice, g.ID, g.Channels[0].ID, "hang", discordtest.Sub("log", discordtest.Str("duration", "1m"), discordtest.Str("note", "both endpoints")))
	if err != nil {
		t.Fatal(err)
	}
	w.srv.SetInteractionsEndpoint("")
	if cb := w.callback(i); !viaEndpoint(cb) || !strings.Contains(text(cb), "Logged") {
		t.Fatalf("/hang log through the first endpoint = %q", text(cb))
	}
	body, err := json.Marshal(i)
	if err != nil {
		t.Fatal(err)
	}
	if status, _, _, err := w.srv.PostSigned(w.ctx(), "http://"+addrs[1]+"/interactions", body); err != nil || status != http.StatusConflict {
		t.Errorf("the same interaction to the second endpoint = %d, %v, want 409", status, err)
	}

	// The same /gym link hook to both processes at once: one reminder
	// (bob's: alice has hung since).
	li, err := w.srv.SendCommand(w.ctx(), bob, "", "", "gym", discordtest.Sub("link"))
	if err != nil {
		t.Fatal(err)
	}
	m := linkURL.FindStringSubmatch(text(w.callback(li)))
	if m == nil {
		t.Fatal("/gym link gave no URL")
	}
	path := m[1][strings.Index(m[1], "/hooks/"):]
	var wg sync.WaitGroup
	codes := make([]int, len(addrs))
	for k, a := range addrs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := http.Post("http://"+a+path+"?delay=10m", "text/plain", nil)
			if err != nil {
				t.Error(err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			codes[k] = resp.StatusCode
		}()
	}
	wg.Wait()
	if codes[0] != 200 || codes[1] != 200 {
		t.Errorf("the hook to both processes = %v, want 200 from each", codes)
	}
	if n := pendingGymDone(bob); n != 1 {
		t.Errorf("%d /gym done reminders pending after the hook to both processes, want 1", n)
	}
	w.advance(10*time.Minute + time.Second)
	_, dm := w.dmMessage(bob, reminderText)
	// Both schedulers tick on; a second reminder would follow at once.
	w.advance(time.Second)
	w.advance(time.Second)
	if n := messagesContaining(w.srv, dm.ChannelID, reminderText); n != 1 {
		t.Errorf("%d reminders sent, want 1", n)
	}

	stored := storedNotes(t, db, alice)
	for _, note := range []string{"both shards", "both endpoints"} {
		if stored[note] != 1 {
			t.Errorf("hang %q stored %d times, want 1", note, stored[note])
		}
	}
}
