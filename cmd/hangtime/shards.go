package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/jonboulle/clockwork"

	"github.com/hangtime/hangtime/bot"
)

// shardSpec is HANGTIME_SHARDS: shards From to To of Count, or Auto (every
// shard, the count from GET /gateway/bot). The zero value is one unsharded
// session.
type shardSpec struct {
	Auto            bool
	From, To, Count int
}

func (s shardSpec) set() bool { return s.Auto || s.Count > 0 }

// parseShards reads "A-B/N", "A/N" or "auto".
func parseShards(v string) (shardSpec, error) {
	bad := fmt.Errorf("HANGTIME_SHARDS %q must be auto, A/N or A-B/N (shards A to B of N, such as 0-3/8)", v)
	if strings.EqualFold(v, "auto") {
		return shardSpec{Auto: true}, nil
	}
	rng, n, ok := strings.Cut(v, "/")
	if !ok {
		return shardSpec{}, bad
	}
	from, to, isRange := strings.Cut(rng, "-")
	if !isRange {
		to = from
	}
	a, err1 := strconv.Atoi(from)
	b, err2 := strconv.Atoi(to)
	c, err3 := strconv.Atoi(n)
	if err1 != nil || err2 != nil || err3 != nil || c < 1 || a < 0 || a > b || b >= c {
		return shardSpec{}, bad
	}
	return shardSpec{From: a, To: b, Count: c}, nil
}

// identifyInterval is Discord's pace for IDENTIFY: one per 5 seconds in
// each rate-limit bucket.
const identifyInterval = 5 * time.Second

// identifyPacer spaces IDENTIFYs: one per identifyInterval per bucket,
// shard % maxConcurrency, on its clock.
type identifyPacer struct {
	clock          clockwork.Clock
	maxConcurrency int
	last           map[int]time.Time
}

func newIdentifyPacer(clock clockwork.Clock, maxConcurrency int) *identifyPacer {
	return &identifyPacer{clock: clock, maxConcurrency: max(maxConcurrency, 1), last: map[int]time.Time{}}
}

// wait blocks until shard may identify, and counts it as identifying now.
func (p *identifyPacer) wait(ctx context.Context, shard int) error {
	bucket := shard % p.maxConcurrency
	if t, ok := p.last[bucket]; ok {
		if d := t.Add(identifyInterval).Sub(p.clock.Now()); d > 0 {
			select {
			case <-p.clock.After(d):
			case <-ctx.Done():
				return fmt.Errorf("wait to identify shard %d: %w", shard, ctx.Err())
			}
		}
	}
	p.last[bucket] = p.clock.Now()
	return nil
}

// openShards opens the shards in order, each when the pacer lets it.
func openShards(ctx context.Context, shards []int, p *identifyPacer, open func(shard int) error) error {
	for _, id := range shards {
		if err := p.wait(ctx, id); err != nil {
			return err
		}
		if err := open(id); err != nil {
			return fmt.Errorf("connect shard %d: %w", id, err)
		}
	}
	return nil
}

// gateway is the process's gateway connections: none with
// HANGTIME_GATEWAY=off, one session, or one per shard.
type gateway struct {
	sessions []*discordgo.Session
	watches  []*gatewayWatch
}

// Connected reports whether every session is ready (true without any).
func (g *gateway) Connected() bool {
	for _, w := range g.watches {
		if !w.Connected() {
			return false
		}
	}
	return true
}

// Close closes every session.
func (g *gateway) Close() error {
	var errs []error
	for _, s := range g.sessions {
		errs = append(errs, s.Close())
	}
	return errors.Join(errs...)
}

// connectGateway attaches b to Discord as cfg says. Without a gateway it
// registers the commands through REST. Otherwise s is the (first) shard's
// session: with HANGTIME_SHARDS every other shard gets a session like it,
// all feeding b, opened in order with IDENTIFY paced by max_concurrency.
func connectGateway(ctx context.Context, cfg config, clock clockwork.Clock, s *discordgo.Session, b *bot.Bot, m *metrics, log *slog.Logger) (*gateway, error) {
	g := &gateway{}
	if cfg.GatewayOff {
		appID := cfg.AppID
		if appID == "" {
			app, err := s.Application("@me")
			if err != nil {
				return nil, fmt.Errorf("look up the application id (or set DISCORD_APPLICATION_ID): %w", err)
			}
			appID = app.ID
		}
		b.Register(ctx, s, appID, cfg.GuildID)
		log.Info("running without a gateway", "application_id", appID)
		return g, nil
	}
	if !cfg.Shards.set() {
		g.sessions, g.watches = []*discordgo.Session{s}, []*gatewayWatch{watchGateway(s, m, log)}
		b.Attach(ctx, s, cfg.GuildID)
		if err := s.Open(); err != nil {
			return nil, fmt.Errorf("connect to discord: %w", err)
		}
		return g, nil
	}
	gb, err := s.GatewayBot(discordgo.WithContext(ctx))
	if err != nil {
		return nil, fmt.Errorf("get the gateway's shard count: %w", err)
	}
	spec := cfg.Shards
	if spec.Auto {
		spec = shardSpec{From: 0, To: max(gb.Shards, 1) - 1, Count: max(gb.Shards, 1)}
	}
	var ids []int
	byID := map[int]*discordgo.Session{}
	for id := spec.From; id <= spec.To; id++ {
		sh := s
		if id != spec.From {
			if sh, err = shardSession(s); err != nil {
				return nil, err
			}
		}
		sh.ShardID, sh.ShardCount = id, spec.Count
		g.sessions = append(g.sessions, sh)
		g.watches = append(g.watches, watchGateway(sh, m, log))
		b.Attach(ctx, sh, cfg.GuildID)
		ids = append(ids, id)
		byID[id] = sh
	}
	p := newIdentifyPacer(clock, gb.SessionStartLimit.MaxConcurrency)
	var opened []*discordgo.Session
	err = openShards(ctx, ids, p, func(id int) error {
		if err := byID[id].Open(); err != nil {
			return err
		}
		opened = append(opened, byID[id])
		log.Info("shard connected", "shard", id, "shards", spec.Count)
		return nil
	})
	if err != nil {
		(&gateway{sessions: opened}).Close()
		return nil, fmt.Errorf("connect to discord: %w", err)
	}
	return g, nil
}

// shardSession is another gateway session like s: the same token,
// intents and HTTP client.
func shardSession(s *discordgo.Session) (*discordgo.Session, error) {
	sh, err := discordgo.New(s.Token)
	if err != nil {
		return nil, fmt.Errorf("create discord session: %w", err)
	}
	sh.Identify.Intents, sh.Client, sh.LogLevel, sh.MaxRestRetries = s.Identify.Intents, s.Client, s.LogLevel, s.MaxRestRetries
	return sh, nil
}
