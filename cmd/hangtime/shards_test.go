package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/jonboulle/clockwork"

	"github.com/hangtime/hangtime/internal/discordtest"
)

func TestParseShards(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want shardSpec
		ok   bool
	}{
		{"auto", shardSpec{Auto: true}, true},
		{"AUTO", shardSpec{Auto: true}, true},
		{"0-3/8", shardSpec{From: 0, To: 3, Count: 8}, true},
		{"5/8", shardSpec{From: 5, To: 5, Count: 8}, true},
		{"0/1", shardSpec{From: 0, To: 0, Count: 1}, true},
		{"8/8", shardSpec{}, false},
		{"3-2/8", shardSpec{}, false},
		{"-1/8", shardSpec{}, false},
		{"0-3", shardSpec{}, false},
		{"0/0", shardSpec{}, false},
		{"a-b/c", shardSpec{}, false},
	} {
		got, err := parseShards(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("parseShards(%q) = %+v, %v, want %+v (ok %v)", tc.in, got, err, tc.want, tc.ok)
		}
	}
}

// IDENTIFY is paced at one per 5 s per bucket (shard % max_concurrency),
// on the injected clock: nothing here sleeps on the real one.
func TestIdentifyPacing(t *testing.T) {
	for _, tc := range []struct {
		shards         []int
		maxConcurrency int
		want           []time.Duration // when each shard opens, from the start
	}{
		{[]int{0, 1, 2, 3}, 1, []time.Duration{0, 5 * time.Second, 10 * time.Second, 15 * time.Second}},
		{[]int{0, 1, 2, 3}, 2, []time.Duration{0, 0, 5 * time.Second, 5 * time.Second}},
		{[]int{0, 1, 2, 3}, 16, []time.Duration{0, 0, 0, 0}},
		{[]int{4, 5, 6, 7}, 4, []time.Duration{0, 0, 0, 0}},
		{[]int{2, 3, 4}, 2, []time.Duration{0, 0, 5 * time.Second}},
	} {
		t.Run(fmt.Sprint(tc.shards, "/", tc.maxConcurrency), func(t *testing.T) {
			clock := clockwork.NewFakeClock()
			start := clock.Now()
			opened := make(chan time.Duration, len(tc.shards))
			done := make(chan error, 1)
			go func() {
				done <- openShards(context.Background(), tc.shards, newIdentifyPacer(clock, tc.maxConcurrency), func(int) error {
					opened <- clock.Since(start)
					return nil
				})
			}()
			deadline := time.After(10 * time.Second)
		wait:
			for {
				select {
				case err := <-done:
					if err != nil {
						t.Fatal(err)
					}
					break wait
				case <-deadline:
					t.Fatalf("openShards still running after opening %d", len(opened))
				default:
					// Advance only while the pacer waits on the clock,
					// a second at a time.
					ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
					if clock.BlockUntilContext(ctx, 1) == nil {
						clock.Advance(time.Second)
					}
					cancel()
				}
			}
			close(opened)
			var got []time.Duration
			for d := range opened {
				got = append(got, d)
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("shards %v with max_concurrency %d opened at %v, want %v", tc.shards, tc.maxConcurrency, got, tc.want)
			}
		})
	}
	t.Run("cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		n := 0
		err := openShards(ctx, []int{0, 1}, newIdentifyPacer(clockwork.NewFakeClock(), 1), func(int) error { n++; return nil })
		if err == nil || n != 1 {
			t.Errorf("openShards after cancel = %v with %d opened, want an error after the first", err, n)
		}
	})
}

// shardedGuilds returns count guilds, guild k on shard k of count.
func shardedGuilds(count int) []discordtest.Guild {
	var gs []discordtest.Guild
	for k := range count {
		id := uint64(1000+count+k)<<22 | 7
		gs = append(gs, discordtest.Guild{ID: strconv.FormatUint(id, 10), Channels: []discordtest.Channel{
			{ID: strconv.FormatUint(id+1, 10), Type: discordgo.ChannelTypeGuildText},
		}})
	}
	return gs
}

// HANGTIME_SHARDS=auto with 4 shards: four sessions, each identified with
// its shard, the commands registered once, every guild's interaction
// answered on its shard and DMs on shard 0; an interaction delivered again
// on another shard is answered once.
func TestFourShards(t *testing.T) {
	guilds := shardedGuilds(4)
	w := newWorldWith(t, discordtest.Options{Shards: 4, MaxConcurrency: 4, Guilds: guilds})
	w.env["HANGTIME_SHARDS"] = "auto"
	p := w.start()
	if !w.eventually(func() bool { return len(w.srv.ShardIdentifies()) == 4 }) {
		t.Fatalf("identifies = %+v, want 4", w.srv.ShardIdentifies())
	}
	seen := map[int]bool{}
	for _, id := range w.srv.ShardIdentifies() {
		if id.Count != 4 {
			t.Errorf("IDENTIFY %+v, want a shard of 4", id)
		}
		seen[id.Shard] = true
	}
	if len(seen) != 4 {
		t.Errorf("shards identified: %v, want 0 to 3", seen)
	}
	var first *discordgo.Interaction
	for k, g := range guilds {
		if s := w.srv.ShardFor(g.ID); s != k {
			t.Fatalf("guild %s is on shard %d, want %d", g.ID, s, k)
		}
		i, err := w.srv.SendCommand(w.ctx(), alice, g.ID, g.Channels[0].ID, "help")
		if err != nil {
			t.Fatal(err)
		}
		if cb := w.callback(i); !strings.Contains(text(cb), "/hang log") {
			t.Errorf("/help on shard %d = %q", k, text(cb))
		}
		if first == nil {
			first = i
		}
	}
	dm, err := w.srv.SendCommand(w.ctx(), bob, "", "", "help")
	if err != nil {
		t.Fatal(err)
	}
	if cb := w.callback(dm); !strings.Contains(text(cb), "/hang log") {
		t.Errorf("/help in a DM = %q", text(cb))
	}
	if n := len(w.registrations()); n != 1 {
		t.Errorf("%d registrations, want 1", n)
	}

	// The same interaction again, on another shard: claimed already.
	if err := w.srv.SendInteractionOnShard(w.ctx(), 2, first); err != nil {
		t.Fatal(err)
	}
	if !p.logs.waitFor("duplicate interaction ignored", 5*time.Second) {
		t.Fatal("the second delivery was not seen as a duplicate")
	}
	if n := callbacksFor(w.srv, first.ID); n != 1 {
		t.Errorf("%d callbacks for an interaction delivered on two shards, want 1", n)
	}
}

// A range of shards with max_concurrency 1: the second IDENTIFY waits 5 s
// on the process's clock (a fake one here), and the first shard's READY
// registers the commands meanwhile.
func TestShardRangePacedOnTheClock(t *testing.T) {
	w := newWorldWith(t, discordtest.Options{Shards: 4, MaxConcurrency: 1, Guilds: shardedGuilds(4)})
	w.env["HANGTIME_SHARDS"] = "1-2/4"
	w.start()
	if ids := w.srv.ShardIdentifies(); len(ids) != 1 || ids[0].Shard != 1 || ids[0].Count != 4 {
		t.Fatalf("identifies before 5 s = %+v, want shard 1 of 4 only", ids)
	}
	w.advance(4 * time.Second)
	if w.eventuallyWithin(100*time.Millisecond, func() bool { return len(w.srv.ShardIdentifies()) > 1 }) {
		t.Fatalf("shard 2 identified after 4 s: %+v", w.srv.ShardIdentifies())
	}
	w.advance(time.Second)
	if !w.eventually(func() bool { return len(w.srv.ShardIdentifies()) == 2 }) {
		t.Fatalf("identifies after 5 s = %+v, want shards 1 and 2", w.srv.ShardIdentifies())
	}
	if ids := w.srv.ShardIdentifies(); ids[1].Shard != 2 || ids[1].Count != 4 {
		t.Errorf("second IDENTIFY %+v, want shard 2 of 4", ids[1])
	}
}
