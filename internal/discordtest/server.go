// Package discordtest is a fake Discord server for end-to-end tests.
//
// It speaks enough of Discord's gateway websocket protocol and REST API v9
// that an unmodified *discordgo.Session can connect to it over 127.0.0.1:
// the session's HTTP client must send every request to the fake server
// (see [Server.Transport]); GET /api/v9/gateway then points discordgo at the
// fake gateway.
//
// Tests drive the bot by dispatching interactions ([Server.SendCommand],
// [Server.SendComponent], [Server.SendAutocomplete]) and inspect what the bot
// did through the recorded REST requests ([Server.Requests],
// [Server.WaitRequest], [Server.WaitCallback]) and the resulting message
// state ([Server.Messages], [Server.Original]). Gateway faults
// ([Server.DropConnection], [Server.InvalidSession]), rate limits
// ([Server.SetRateLimit], [Server.Force429]), slow routes ([Server.Hold])
// and channels Discord no longer knows ([Server.DeleteChannel]) can be
// injected, and Discord's callback deadline enforced
// (Options.CallbackWindow); interaction tokens expire after
// [TokenLifetime] on the clock in [Options].Now.
//
// Interactions can instead be posted, Ed25519-signed with the server's key
// ([Server.PublicKey]), to a bot's interactions endpoint
// ([Server.SetInteractionsEndpoint]); the HTTP response then counts as the
// callback. A bot that identifies with shards (Options.Shards and
// Options.MaxConcurrency shape GET /gateway/bot) gets each guild's
// interactions on the shard Discord would use and DMs on shard 0
// ([Server.ShardFor], [Server.SendInteractionOnShard],
// [Server.ShardIdentifies]).
//
// Typical use:
//
//	srv, err := discordtest.Start(discordtest.Options{})
//	if err != nil { ... }
//	t.Cleanup(srv.Close) // registered first, so it runs after the session closes
//	s, _ := discordgo.New("Bot test")
//	s.Client = &http.Client{Transport: srv.Transport()}
//	s.AddHandler(onInteraction)
//	if err := s.Open(); err != nil { ... }
//	t.Cleanup(func() { s.Close() })
//	i, err := srv.SendCommand(ctx, discordtest.User{ID: "42", Username: "alice"},
//		discordtest.DefaultGuildID, discordtest.DefaultChannelID, "remind",
//		discordtest.Sub("add", discordtest.Str("what", "tea")))
//	cb, err := srv.WaitCallback(ctx, i.ID)
//
// Everything is safe for concurrent use.
package discordtest

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Default identifiers used when the corresponding Options field is empty.
const (
	// DefaultAppID is the application ID used when Options.AppID is empty.
	DefaultAppID = "100000000000000100"
	// DefaultGuildID is the ID of the guild configured when Options.Guilds is empty.
	DefaultGuildID = "100000000000000200"
	// DefaultChannelID is the ID of the text channel of the default guild.
	DefaultChannelID = "100000000000000201"
	// DefaultOwnerID is the owner of guilds whose OwnerID is empty.
	DefaultOwnerID = "100000000000000300"
)

// discordEpoch is the Discord snowflake epoch in Unix milliseconds.
const discordEpoch = 1420070400000

// heartbeatInterval is announced in HELLO, in milliseconds.
const heartbeatInterval = 41250

// errClosed is returned by waiting methods once the server is closed.
var errClosed = errors.New("server closed")

// Options configures a Server. Zero fields get sensible defaults.
type Options struct {
	// AppID is the application ID; DefaultAppID when empty.
	AppID string
	// BotUserID is the bot user's ID; AppID when empty.
	BotUserID string
	// Guilds are the guilds the bot is in. When nil, a single guild
	// DefaultGuildID with one text channel DefaultChannelID is used.
	Guilds []Guild
	// Logger, when set, receives debug logs of gateway and REST traffic.
	Logger *slog.Logger
	// CallbackWindow, when positive, is how long after an interaction was
	// sent its callback is accepted; a later one fails with 10062 Unknown
	// interaction, as on Discord, where the window is 3 seconds. Zero
	// accepts callbacks at any time.
	CallbackWindow time.Duration
	// Now is the server's clock; time.Now when nil. Interaction tokens
	// expire TokenLifetime after the interaction by it, so a test that
	// moves its own clock can make a token run out.
	Now func() time.Time
	// Shards is the shard count GET /gateway/bot recommends; 1 when zero.
	Shards int
	// MaxConcurrency is GET /gateway/bot's
	// session_start_limit.max_concurrency; 1 when zero.
	MaxConcurrency int
}

// TokenLifetime is how long an interaction's token works for its webhook
// (editing the response, follow-ups); after it, those requests answer 401
// with code 50027 (Invalid Webhook Token), as on Discord.
const TokenLifetime = 15 * time.Minute

// Guild describes a guild the bot is a member of.
type Guild struct {
	ID, Name string
	// OwnerID is the guild owner's user ID; DefaultOwnerID when empty.
	OwnerID  string
	Channels []Channel
	// Locale is the guild's preferred locale, sent as guild_locale;
	// en-US when empty.
	Locale discordgo.Locale
}

// Channel describes a guild channel.
type Channel struct {
	ID, Name string
	Type     discordgo.ChannelType
}

// User is a (human) Discord user on whose behalf interactions are sent.
type User struct {
	ID, Username string
	// Permissions are the user's computed permissions in the channel,
	// sent as member.permissions for guild interactions.
	Permissions int64
	// Locale is the user's Discord locale, sent as the interaction's
	// locale; en-US when empty.
	Locale discordgo.Locale
}

// Server is a fake Discord REST API and gateway listening on 127.0.0.1.
// Create it with Start and release it with Close.
type Server struct {
	opts   Options
	log    *slog.Logger
	ln     net.Listener
	srv    *http.Server
	origin string
	client *http.Transport
	routes []route

	mu      sync.Mutex
	changed chan struct{} // closed and replaced on every state change
	closed  bool
	lastID  uint64

	records []*record
	holds   []*hold

	// gateway
	conns      map[*gwConn]struct{}
	active     *gwConn
	sessions   map[string]*gwSession
	identifies int
	resumes    int
	shardCount int             // the count of the sharded sessions identified; 0 unsharded
	shardIDs   []ShardIdentify // every IDENTIFY, in order

	// the application's key pair for the interactions endpoint, and the
	// endpoint when interactions go there (SetInteractionsEndpoint)
	key      ed25519.PrivateKey
	endpoint string

	// REST state
	commands     map[string][]map[string]any // by guild ID, "" for global
	regFail      *failure
	guilds       map[string]*Guild
	channels     map[string]*channelState
	dmByUser     map[string]string
	blockedDMs   map[string]bool
	users        map[string]User
	messages     map[string]*message
	channelMsgs  map[string][]string
	nonces       map[string]string
	interactions map[string]*interactionState
	byToken      map[string]*interactionState
	files        map[string][]byte                       // attachments by path
	attachments  map[string]*discordgo.MessageAttachment // by id

	rl rateLimits
}

type failure struct {
	status int
	body   string
}

type channelState struct {
	id        string
	name      string
	typ       discordgo.ChannelType
	guildID   string
	recipient string // DM channels only
	position  int
}

// Start starts a fake Discord server listening on 127.0.0.1 on a free port.
func Start(opts Options) (*Server, error) {
	opts, err := normalize(opts)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("discordtest: listen: %w", err)
	}
	s := &Server{
		opts:         opts,
		log:          opts.Logger,
		ln:           ln,
		origin:       "http://" + ln.Addr().String(),
		client:       &http.Transport{Proxy: nil, MaxIdleConnsPerHost: 64},
		changed:      make(chan struct{}),
		conns:        map[*gwConn]struct{}{},
		sessions:     map[string]*gwSession{},
		commands:     map[string][]map[string]any{},
		guilds:       map[string]*Guild{},
		channels:     map[string]*channelState{},
		dmByUser:     map[string]string{},
		blockedDMs:   map[string]bool{},
		users:        map[string]User{},
		messages:     map[string]*message{},
		channelMsgs:  map[string][]string{},
		nonces:       map[string]string{},
		interactions: map[string]*interactionState{},
		byToken:      map[string]*interactionState{},
	}
	if _, s.key, err = ed25519.GenerateKey(rand.Reader); err != nil {
		return nil, fmt.Errorf("discordtest: generate key: %w", err)
	}
	s.routes = s.newRoutes()
	for i := range s.opts.Guilds {
		g := &s.opts.Guilds[i]
		s.guilds[g.ID] = g
		s.users[g.OwnerID] = User{ID: g.OwnerID, Username: "owner"}
		for pos, c := range g.Channels {
			s.channels[c.ID] = &channelState{id: c.ID, name: c.Name, typ: c.Type, guildID: g.ID, position: pos}
		}
	}
	s.srv = &http.Server{Handler: http.HandlerFunc(s.serveHTTP), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = s.srv.Serve(ln) }()
	s.debug("started", "url", s.origin)
	return s, nil
}

func normalize(opts Options) (Options, error) {
	if opts.AppID == "" {
		opts.AppID = DefaultAppID
	}
	if opts.Shards <= 0 {
		opts.Shards = 1
	}
	if opts.MaxConcurrency <= 0 {
		opts.MaxConcurrency = 1
	}
	if opts.BotUserID == "" {
		opts.BotUserID = opts.AppID
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Guilds == nil {
		opts.Guilds = []Guild{{
			ID:       DefaultGuildID,
			Name:     "Hangtime Test",
			Channels: []Channel{{ID: DefaultChannelID, Name: "general", Type: discordgo.ChannelTypeGuildText}},
		}}
	}
	guilds := make([]Guild, len(opts.Guilds))
	seen := map[string]bool{}
	for i, g := range opts.Guilds {
		if g.ID == "" || seen[g.ID] {
			return opts, fmt.Errorf("discordtest: guild %d: missing or duplicate id %q", i, g.ID)
		}
		seen[g.ID] = true
		if g.Name == "" {
			g.Name = "guild-" + g.ID
		}
		if g.OwnerID == "" {
			g.OwnerID = DefaultOwnerID
		}
		g.Channels = append([]Channel(nil), g.Channels...)
		for j, c := range g.Channels {
			if c.ID == "" || seen[c.ID] {
				return opts, fmt.Errorf("discordtest: guild %s channel %d: missing or duplicate id %q", g.ID, j, c.ID)
			}
			seen[c.ID] = true
			if c.Name == "" {
				g.Channels[j].Name = "channel-" + c.ID
			}
		}
		guilds[i] = g
	}
	opts.Guilds = guilds
	return opts, nil
}

// URL returns the server's origin, e.g. "http://127.0.0.1:34567".
func (s *Server) URL() string { return s.origin }

// Transport returns an http.RoundTripper that sends every request to the
// server, keeping its path and query but replacing scheme and host. Use it as
// the Transport of a discordgo.Session's Client.
func (s *Server) Transport() http.RoundTripper {
	return rewriteTransport{base: s.client, host: s.ln.Addr().String()}
}

type rewriteTransport struct {
	base http.RoundTripper
	host string
}

func (t rewriteTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r2 := r.Clone(r.Context())
	r2.URL.Scheme = "http"
	r2.URL.Host = t.host
	r2.Host = t.host
	return t.base.RoundTrip(r2)
}

// Close shuts the server down, dropping gateway connections and failing
// pending waits. It is safe to call more than once.
func (s *Server) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	conns := make([]*gwConn, 0, len(s.conns))
	for c := range s.conns {
		conns = append(conns, c)
	}
	s.active = nil
	s.notifyLocked()
	s.mu.Unlock()
	for _, c := range conns {
		c.kill()
	}
	_ = s.srv.Close()
	s.client.CloseIdleConnections()
	s.debug("closed")
}

// serveHTTP routes the gateway websocket at /gateway; everything else is
// the REST API.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/gateway" || r.URL.Path == "/gateway/" {
		s.serveGateway(w, r)
		return
	}
	if s.serveAttachment(w, r) {
		return
	}
	s.serveREST(w, r)
}

// notifyLocked wakes every waiter; s.mu must be held.
func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// lockWhen blocks until cond, evaluated with s.mu held, is true. On success
// it returns nil with s.mu still held; otherwise it returns the context's
// error or errClosed, unwrapped, with s.mu not held.
func (s *Server) lockWhen(ctx context.Context, cond func() bool) error {
	for {
		s.mu.Lock()
		if s.closed {
			s.mu.Unlock()
			return errClosed
		}
		if cond() {
			return nil
		}
		ch := s.changed
		s.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// newIDLocked returns a fresh, increasing snowflake; s.mu must be held.
func (s *Server) newIDLocked() string {
	v := uint64(time.Now().UnixMilli()-discordEpoch) << 22
	if v <= s.lastID {
		v = s.lastID + 1
	}
	s.lastID = v
	return strconv.FormatUint(v, 10)
}

func (s *Server) debug(msg string, args ...any) {
	if s.log != nil {
		s.log.Debug("discordtest: "+msg, args...)
	}
}

// userJSON renders a user object as Discord does.
func (s *Server) userJSON(id string) map[string]any {
	if id == s.opts.BotUserID {
		return map[string]any{
			"id": id, "username": "hangtime-test", "discriminator": "0",
			"global_name": nil, "avatar": nil, "bot": true,
		}
	}
	name := "user-" + id
	if u, ok := s.users[id]; ok && u.Username != "" {
		name = u.Username
	}
	return map[string]any{"id": id, "username": name, "discriminator": "0", "global_name": name, "avatar": nil}
}
