package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/hangtime/hangtime/internal/discordtest"
)

// result is one target's figures over the measured part of the run.
type result struct {
	Name                   string
	Sent, OK, Errors, Late int
	Throughput             float64 // answered interactions per second
	P50, P90, P99, Max     time.Duration
	Proc                   procStats // at the end of the run
	CPUPerOp               time.Duration
}

// sample is one interaction's fate.
type sample struct {
	slot    time.Time // when it was due to be sent
	late    bool      // sent more than lateBy after its slot
	latency time.Duration
	ok      bool
}

// measure runs one target against a fresh fake Discord and returns its
// figures.
func measure(ctx context.Context, cfg config, t target) (result, error) {
	srv, err := discordtest.Start(discordtest.Options{})
	if err != nil {
		return result{}, err
	}
	defer srv.Close()
	dir, err := os.MkdirTemp("", "hangbench-"+t.Name+"-")
	if err != nil {
		return result{}, fmt.Errorf("temp dir: %w", err)
	}
	defer os.RemoveAll(dir)

	if t.Seeded && cfg.SeedUsers > 0 {
		began := time.Now()
		if err := seed(ctx, filepath.Join(dir, t.DB), cfg.SeedUsers, cfg.SeedHangs, time.Now()); err != nil {
			return result{}, err
		}
		fmt.Fprintf(os.Stderr, "hangbench: seeded %d users and %d hangs in %s\n", cfg.SeedUsers, cfg.SeedHangs, time.Since(began).Round(time.Second))
	}

	var logs bytes.Buffer // written by the child's output copier only until Wait
	var extra []string
	endpoint := ""
	if t.Endpoint {
		addr, err := freeAddr()
		if err != nil {
			return result{}, err
		}
		endpoint = "http://" + addr + "/interactions"
		extra = []string{"HANGTIME_PUBLIC_ADDR=" + addr, "HANGTIME_PUBLIC_URL=http://" + addr, "HANGTIME_PUBLIC_KEY=" + srv.PublicKey()}
	}
	p, err := start(t, srv.URL(), dir, &logs, extra...)
	if err != nil {
		return result{}, err
	}
	stopped := false
	defer func() {
		if !stopped {
			_ = p.stop()
		}
	}()
	fail := func(err error) (result, error) {
		_ = p.stop()
		stopped = true
		return result{}, fmt.Errorf("%w\n%s logs:\n%s", err, t.Name, tail(logs.String(), 40))
	}

	rctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := t.Ready(rctx, srv); err != nil {
		return fail(fmt.Errorf("not ready within 30s: %w", err))
	}
	if endpoint != "" {
		if err := waitEndpoint(rctx, srv, endpoint); err != nil {
			return fail(err)
		}
		srv.SetInteractionsEndpoint(endpoint)
	}
	users := make([]discordtest.User, cfg.Users)
	for i := range users {
		users[i] = discordtest.User{ID: benchUserID(i), Username: fmt.Sprintf("bench%d", i+1)}
		if t.Safety && !(t.Seeded && cfg.SeedUsers > 0) { // seeded users have acknowledged
			if err := acknowledge(rctx, srv, users[i]); err != nil {
				return fail(fmt.Errorf("acknowledge the safety card for %s: %w", users[i].Username, err))
			}
		}
	}

	before := readProc(p.cmd.Process.Pid)
	samples, err := load(ctx, cfg, srv, users, t.Answered)
	if err != nil {
		return fail(err)
	}
	after := readProc(p.cmd.Process.Pid)
	if err := p.stop(); err != nil {
		stopped = true
		return result{}, fmt.Errorf("stop: %w\n%s", err, tail(logs.String(), 40))
	}
	stopped = true
	if cfg.Logs {
		fmt.Fprintf(os.Stderr, "--- %s logs\n%s", t.Name, logs.String())
	}

	r := summarize(t.Name, samples, cfg)
	r.Proc = after
	if r.Sent > 0 {
		r.CPUPerOp = (after.CPU - before.CPU) / time.Duration(r.Sent)
	}
	return r, nil
}

// freeAddr returns a loopback address nothing listens on.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("find a free port: %w", err)
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// waitEndpoint waits until the interactions endpoint answers a PING.
func waitEndpoint(ctx context.Context, srv *discordtest.Server, url string) error {
	ping := []byte(`{"id":"1","application_id":"` + discordtest.DefaultAppID + `","type":1,"token":"x","version":1}`)
	for {
		status, _, _, err := srv.PostSigned(ctx, url, ping)
		if err == nil && status == 200 {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("the interactions endpoint never answered a PING: %w", ctx.Err())
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// acknowledge clears the safety card for u in the fake's default guild.
func acknowledge(ctx context.Context, srv *discordtest.Server, u discordtest.User) error {
	return acknowledgeAt(ctx, srv, u, discordtest.DefaultGuildID, discordtest.DefaultChannelID)
}

// acknowledgeAt clears the safety card for u: a first /hang log in the
// channel shows it, its button carries the log out.
func acknowledgeAt(ctx context.Context, srv *discordtest.Server, u discordtest.User, guildID, channelID string) error {
	i, err := srv.SendCommand(ctx, u, guildID, channelID, "hang",
		discordtest.Sub("log", discordtest.Str("duration", "1m"), discordtest.Str("ago", "7d")))
	if err != nil {
		return err
	}
	card, err := srv.WaitCallback(ctx, i.ID)
	if err != nil {
		return err
	}
	id := button(card, "I understand")
	msg, ok := srv.Original(i.ID)
	if id == "" || !ok {
		return fmt.Errorf("no safety card in the reply to the first /hang log")
	}
	c, err := srv.SendComponent(ctx, u, guildID, channelID, msg.ID, id)
	if err != nil {
		return err
	}
	_, err = srv.WaitCallback(ctx, c.ID)
	return err
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

// load sends /hang log at cfg.Rate for cfg.Duration: a pacer hands out
// slots, cfg.Concurrency workers take them, dispatch the interaction and
// wait for its callback. A slot nobody is free to take waits in a queue
// (and its send counts as late), so the offered rate holds as long as the
// bot keeps up. With cfg.Closed there is no pacer: see closedLoop.
func load(ctx context.Context, cfg config, srv *discordtest.Server, users []discordtest.User, answered func(discordtest.Callback) bool) ([]sample, error) {
	if cfg.Closed {
		return closedLoop(ctx, cfg, srv, users, []place{defaultPlace}, answered)
	}
	interval := time.Duration(float64(time.Second) / cfg.Rate)
	n := int(cfg.Duration / interval)
	slots := make(chan time.Time, n)
	samples := make([]sample, 0, n)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for w := range cfg.Concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			k := w
			for slot := range slots {
				u := users[k%len(users)]
				k += cfg.Concurrency
				late := time.Since(slot) > lateBy
				s := send(ctx, cfg, srv, u, defaultPlace, answered)
				s.slot, s.late = slot, late
				mu.Lock()
				samples = append(samples, s)
				mu.Unlock()
			}
		}()
	}
	begin := time.Now()
	for i := range n {
		slot := begin.Add(time.Duration(i) * interval)
		if d := time.Until(slot); d > 0 {
			select {
			case <-time.After(d):
			case <-ctx.Done():
			}
		}
		if ctx.Err() != nil {
			break
		}
		slots <- slot
	}
	close(slots)
	wg.Wait()
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	return samples, nil
}

// place is a guild and channel interactions are sent from.
type place struct{ guild, channel string }

// defaultPlace is the fake Discord's default guild and channel.
var defaultPlace = place{discordtest.DefaultGuildID, discordtest.DefaultChannelID}

// closedLoop runs cfg.Concurrency workers for cfg.Duration, each sending
// its next interaction as soon as the last one is answered, the k-th from
// the k-th place in turn (so, with a guild per shard, on every shard); a
// sample's slot is when it was sent.
func closedLoop(ctx context.Context, cfg config, srv *discordtest.Server, users []discordtest.User, places []place, answered func(discordtest.Callback) bool) ([]sample, error) {
	end := time.Now().Add(cfg.Duration)
	var mu sync.Mutex
	var samples []sample
	var wg sync.WaitGroup
	for w := range cfg.Concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []sample
			for k := w; ctx.Err() == nil; k += cfg.Concurrency {
				slot := time.Now()
				if !slot.Before(end) {
					break
				}
				s := send(ctx, cfg, srv, users[k%len(users)], places[k%len(places)], answered)
				s.slot = slot
				mine = append(mine, s)
			}
			mu.Lock()
			samples = append(samples, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	return samples, nil
}

func send(ctx context.Context, cfg config, srv *discordtest.Server, u discordtest.User, at place, answered func(discordtest.Callback) bool) sample {
	ctx, cancel := context.WithTimeout(ctx, cfg.Timeout)
	defer cancel()
	start := time.Now()
	s := sample{}
	i, err := srv.SendCommand(ctx, u, at.guild, at.channel, "hang",
		discordtest.Sub("log", discordtest.Str("duration", "90s"), discordtest.Str("ago", "1h"), discordtest.Str("note", "hangbench")))
	if err != nil {
		return s
	}
	cb, err := srv.WaitCallback(ctx, i.ID)
	s.latency = time.Since(start)
	s.ok = err == nil && answered(cb)
	return s
}

// lateBy is how far past its slot a send may start and still count as on
// time.
const lateBy = 5 * time.Millisecond

// summarize computes a target's figures from the samples whose slot falls
// after the warm-up.
func summarize(name string, samples []sample, cfg config) result {
	r := result{Name: name}
	if len(samples) == 0 {
		return r
	}
	begin := samples[0].slot
	for _, s := range samples {
		if s.slot.Before(begin) {
			begin = s.slot
		}
	}
	from := begin.Add(cfg.Warmup)
	var lat []time.Duration
	var first, last time.Time
	for _, s := range samples {
		if s.slot.Before(from) {
			continue
		}
		r.Sent++
		if s.late {
			r.Late++
		}
		if !s.ok {
			r.Errors++
			continue
		}
		r.OK++
		lat = append(lat, s.latency)
		if end := s.slot.Add(s.latency); last.IsZero() || end.After(last) {
			last = end
		}
		if first.IsZero() || s.slot.Before(first) {
			first = s.slot
		}
	}
	if len(lat) == 0 {
		return r
	}
	slices.Sort(lat)
	r.P50, r.P90, r.P99, r.Max = percentile(lat, 50), percentile(lat, 90), percentile(lat, 99), lat[len(lat)-1]
	if span := last.Sub(first); span > 0 {
		r.Throughput = float64(r.OK) / span.Seconds()
	}
	return r
}

// percentile returns the p-th percentile (nearest rank) of sorted values.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(float64(len(sorted))*p/100+0.999999) - 1
	return sorted[max(0, min(rank, len(sorted)-1))]
}

// tail returns the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
