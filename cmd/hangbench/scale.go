package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/hangtime/hangtime/coach"
	"github.com/hangtime/hangtime/internal/discordtest"
	"github.com/hangtime/hangtime/store"
)

// scaleShards is how many gateway shards the fake Discord asks for in the
// scale-out mode; the processes split them.
const scaleShards = 4

// runScale is the scale-out mode (-processes N): for 1 process and for N
// on one database, /hang log throughput in a closed loop spread over every
// shard, then a burst of -reminders reminders due at once, drained under
// Discord's global limit shared by the processes: its rate as a share of
// 50/s, the most requests in any second and the 429s.
func runScale(ctx context.Context, cfg config, bin string, out io.Writer) error {
	db := "a fresh SQLite file per run"
	if cfg.DB != "" {
		db = "PostgreSQL (a fresh schema per run)"
	}
	fmt.Fprintf(out, "hangbench scale-out: %d shards, %s; /hang log closed loop for %s with %d workers; %d reminders due at once; %d CPUs\n",
		scaleShards, db, cfg.Duration, cfg.Concurrency, cfg.Reminders, numCPU())
	counts := []int{1}
	if cfg.Processes > 1 {
		counts = append(counts, cfg.Processes)
	}
	fmt.Fprintf(out, "\n%-9s %11s %8s %8s %9s %11s %8s %9s %6s\n", "processes", "log/s", "log p50", "log p99", "reminders", "drain", "of 50/s", "max in 1s", "429s")
	for _, n := range counts {
		r, err := measureScale(ctx, cfg, bin, n)
		if err != nil {
			return fmt.Errorf("%d processes: %w", n, err)
		}
		fmt.Fprintf(out, "%-9d %9.1f/s %8s %8s %9d %9.1f/s %7.0f%% %9d %6d\n",
			n, r.log.Throughput, ms(r.log.P50), ms(r.log.P99), cfg.Reminders, r.drain, r.drain/50*100, r.most, r.limited)
	}
	fmt.Fprintln(out, "\ndrain: requests (a DM open and a message per reminder) from the burst's first DM open to its last reminder; max in 1s: the most requests counted by Discord's global limit within any second, over the whole run")
	return nil
}

type scaleResult struct {
	log     result
	drain   float64 // global-limited requests a second during the burst
	most    int
	limited int
}

func measureScale(ctx context.Context, cfg config, bin string, n int) (scaleResult, error) {
	var guilds []discordtest.Guild
	for k := range scaleShards {
		id := uint64(2000+k)<<22 | 7 // guild k on shard k
		guilds = append(guilds, discordtest.Guild{ID: strconv.FormatUint(id, 10), Channels: []discordtest.Channel{
			{ID: strconv.FormatUint(id+1, 10), Type: discordgo.ChannelTypeGuildText},
		}})
	}
	srv, err := discordtest.Start(discordtest.Options{Shards: scaleShards, MaxConcurrency: scaleShards, Guilds: guilds})
	if err != nil {
		return scaleResult{}, err
	}
	defer srv.Close()
	srv.SetRateLimit(50, 0, 0)
	dir, err := os.MkdirTemp("", "hangbench-scale-")
	if err != nil {
		return scaleResult{}, fmt.Errorf("temp dir: %w", err)
	}
	defer os.RemoveAll(dir)
	dsn := filepath.Join(dir, hangtimeDB)
	if cfg.DB != "" {
		var drop func()
		if dsn, drop, err = freshSchema(ctx, cfg.DB); err != nil {
			return scaleResult{}, err
		}
		defer drop()
	}

	t := hangtimeTarget(bin)
	logs := make([]*bytes.Buffer, n)
	var procs []*process
	defer func() {
		for _, p := range procs {
			_ = p.stop()
		}
	}()
	rctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	for k := range n {
		if k == 1 {
			// The first process has migrated the new database; the others
			// start on it together.
			for registrations(srv) < 1 && rctx.Err() == nil {
				time.Sleep(20 * time.Millisecond)
			}
		}
		from, to := k*scaleShards/n, (k+1)*scaleShards/n-1
		logs[k] = &bytes.Buffer{}
		p, err := start(t, srv.URL(), dir, logs[k], "HANGTIME_DB="+dsn, "HANGTIME_PACE=shared",
			fmt.Sprintf("HANGTIME_SHARDS=%d-%d/%d", from, to, scaleShards), fmt.Sprintf("HANGTIME_INSTANCE=bench-%d", k))
		if err != nil {
			return scaleResult{}, err
		}
		procs = append(procs, p)
	}
	for len(srv.ShardIdentifies()) < scaleShards || registrations(srv) < n {
		if rctx.Err() != nil {
			return scaleResult{}, fmt.Errorf("not ready within 60s: %d shards identified, %d registrations\n%s", len(srv.ShardIdentifies()), registrations(srv), tail(logs[0].String(), 40))
		}
		time.Sleep(20 * time.Millisecond)
	}

	// /hang log from users in every shard's guild, as fast as answered.
	users := make([]discordtest.User, cfg.Users)
	for i := range users {
		users[i] = discordtest.User{ID: benchUserID(i), Username: fmt.Sprintf("bench%d", i+1)}
		if err := acknowledgeIn(rctx, srv, users[i], guilds[0]); err != nil {
			return scaleResult{}, fmt.Errorf("acknowledge the safety card: %w", err)
		}
	}
	places := make([]place, len(guilds))
	for i, g := range guilds {
		places[i] = place{g.ID, g.Channels[0].ID}
	}
	samples, err := closedLoop(ctx, cfg, srv, users, places, t.Answered)
	if err != nil {
		return scaleResult{}, err
	}
	r := scaleResult{log: summarize("hangtime", samples, cfg)}

	// The burst: reminders due at once, to users who each need a DM
	// channel opened.
	s, err := store.Open(ctx, dsn)
	if err != nil {
		return scaleResult{}, err
	}
	defer s.Close()
	due := time.Now()
	for i := range cfg.Reminders {
		u := fmt.Sprintf("5%017d", i)
		j := coach.Job{Kind: "reminder", Lane: coach.LaneTimely, UserID: u, Key: "bench:" + u, Due: due, Payload: `{"source":"done","dest":"dm"}`}
		if _, _, err := s.AddJob(ctx, j, due); err != nil {
			return scaleResult{}, err
		}
	}
	var first, last time.Time
	sent := 0
	deadline := time.Now().Add(time.Duration(cfg.Reminders)*time.Second/10 + time.Minute) // 20/s at worst
	for sent < cfg.Reminders {
		if time.Now().After(deadline) {
			return scaleResult{}, fmt.Errorf("only %d of %d reminders sent by the deadline", sent, cfg.Reminders)
		}
		time.Sleep(100 * time.Millisecond)
		sent, first, last = 0, time.Time{}, time.Time{}
		for _, q := range srv.Requests() {
			if q.Method != "POST" || q.At.Before(due) {
				continue
			}
			// The burst begins with the first DM opened for it.
			if strings.HasSuffix(q.Path, "/users/@me/channels") && (first.IsZero() || q.At.Before(first)) {
				first = q.At
			}
			if strings.HasSuffix(q.Path, "/messages") && q.Status == 200 && strings.Contains(string(q.JSON), "Time to decompress") {
				sent++
				if q.At.After(last) {
					last = q.At
				}
			}
		}
	}
	if d := last.Sub(first); d > 0 {
		r.drain = float64(2*cfg.Reminders) / d.Seconds()
	}
	r.most, _ = srv.GlobalWindowMax(time.Second)
	r.limited = srv.RateLimited()
	if cfg.Logs {
		for k, l := range logs {
			fmt.Fprintf(os.Stderr, "--- hangtime process %d of %d logs\n%s", k+1, n, l.String())
		}
	}
	return r, nil
}

// registrations counts the command registrations the fake has seen: one
// per process once it serves.
func registrations(srv *discordtest.Server) int {
	n := 0
	for _, r := range srv.Requests() {
		if r.Method == "PUT" && strings.HasSuffix(r.Path, "/commands") {
			n++
		}
	}
	return n
}

// acknowledgeIn is acknowledge in guild g.
func acknowledgeIn(ctx context.Context, srv *discordtest.Server, u discordtest.User, g discordtest.Guild) error {
	return acknowledgeAt(ctx, srv, u, g.ID, g.Channels[0].ID)
}
