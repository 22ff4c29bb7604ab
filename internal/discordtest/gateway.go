package discordtest

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// Gateway opcodes.
const (
	opDispatch       = 0
	opHeartbeat      = 1
	opIdentify       = 2
	opResume         = 6
	opReconnect      = 7
	opInvalidSession = 9
	opHello          = 10
	opHeartbeatAck   = 11
)

// frame is a gateway payload.
type frame struct {
	Op int     `json:"op"`
	D  any     `json:"d"`
	S  *int64  `json:"s"`
	T  *string `json:"t"`
}

// gwSession is a gateway session, surviving reconnects until invalidated.
type gwSession struct {
	id  string
	seq int64
	// shard is the session's shard id; count its shard count, 0 when
	// it identified without a shard.
	shard, count int
	log          []loggedFrame // every dispatch, for replay on RESUME
}

type loggedFrame struct {
	seq  int64
	data []byte
}

// gwConn is one websocket connection. Writes go through a queue drained by
// a single goroutine so that enqueuing never blocks and order is kept.
type gwConn struct {
	ws   *websocket.Conn
	wake chan struct{}
	done chan struct{}
	once sync.Once

	qmu   sync.Mutex
	queue [][]byte

	// guarded by Server.mu
	session    *gwSession
	ready      bool
	heartbeats int
}

func (c *gwConn) enqueue(b []byte) {
	c.qmu.Lock()
	c.queue = append(c.queue, b)
	c.qmu.Unlock()
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

func (c *gwConn) send(f frame) {
	b, err := json.Marshal(f)
	if err != nil {
		panic("discordtest: marshal gateway frame: " + err.Error())
	}
	c.enqueue(b)
}

func (c *gwConn) writeLoop() {
	for {
		c.qmu.Lock()
		q := c.queue
		c.queue = nil
		c.qmu.Unlock()
		for _, b := range q {
			_ = c.ws.SetWriteDeadline(time.Now().Add(5 * time.Second))
			if err := c.ws.WriteMessage(websocket.TextMessage, b); err != nil {
				c.kill()
				return
			}
		}
		select {
		case <-c.wake:
		case <-c.done:
			return
		}
	}
}

// kill closes the connection abruptly, without a close frame.
func (c *gwConn) kill() {
	c.once.Do(func() {
		close(c.done)
		_ = c.ws.Close()
	})
}

func (s *Server) serveGateway(w http.ResponseWriter, r *http.Request) {
	up := websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}
	ws, err := up.Upgrade(w, r, nil)
	if err != nil {
		s.debug("gateway upgrade failed", "err", err)
		return
	}
	c := &gwConn{ws: ws, wake: make(chan struct{}, 1), done: make(chan struct{})}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		c.kill()
		return
	}
	s.conns[c] = struct{}{}
	s.mu.Unlock()
	s.debug("gateway connected", "remote", r.RemoteAddr)

	go c.writeLoop()
	c.send(frame{Op: opHello, D: map[string]any{"heartbeat_interval": heartbeatInterval}})
	s.readLoop(c)

	c.kill()
	s.mu.Lock()
	delete(s.conns, c)
	if s.active == c {
		s.active = nil
	}
	s.notifyLocked()
	s.mu.Unlock()
	s.debug("gateway disconnected", "remote", r.RemoteAddr)
}

func (s *Server) readLoop(c *gwConn) {
	for {
		_, data, err := c.ws.ReadMessage()
		if err != nil {
			return
		}
		var in struct {
			Op int             `json:"op"`
			D  json.RawMessage `json:"d"`
		}
		if err := json.Unmarshal(data, &in); err != nil {
			s.closeWith(c, 4002, "Error while decoding payload.")
			return
		}
		switch in.Op {
		case opHeartbeat:
			s.mu.Lock()
			c.heartbeats++
			s.notifyLocked()
			s.mu.Unlock()
			c.send(frame{Op: opHeartbeatAck})
		case opIdentify:
			var d struct {
				Token string  `json:"token"`
				Shard *[2]int `json:"shard"`
			}
			if json.Unmarshal(in.D, &d) != nil || d.Token == "" {
				s.closeWith(c, 4004, "Authentication failed.")
				return
			}
			if d.Shard != nil && (d.Shard[1] < 1 || d.Shard[0] < 0 || d.Shard[0] >= d.Shard[1]) {
				s.closeWith(c, 4010, "Invalid shard.")
				return
			}
			s.identify(c, d.Shard)
		case opResume:
			var d struct {
				Token     string `json:"token"`
				SessionID string `json:"session_id"`
				Seq       int64  `json:"seq"`
			}
			if json.Unmarshal(in.D, &d) != nil || d.Token == "" {
				s.closeWith(c, 4004, "Authentication failed.")
				return
			}
			s.resume(c, d.SessionID, d.Seq)
		default:
			s.debug("gateway op ignored", "op", in.Op)
		}
	}
}

// closeWith sends a close frame with a Discord close code, then drops c.
func (s *Server) closeWith(c *gwConn, code int, text string) {
	msg := websocket.FormatCloseMessage(code, text)
	_ = c.ws.WriteControl(websocket.CloseMessage, msg, time.Now().Add(time.Second))
	c.kill()
}

func (s *Server) identify(c *gwConn, shard *[2]int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sess := &gwSession{id: rand.Text()}
	if shard != nil {
		sess.shard, sess.count = shard[0], shard[1]
		if shard[1] > 1 {
			s.shardCount = shard[1]
		}
	}
	s.sessions[sess.id] = sess
	s.attachLocked(c, sess)
	s.identifies++
	s.shardIDs = append(s.shardIDs, ShardIdentify{Shard: sess.shard, Count: sess.count, At: time.Now()})
	s.debug("gateway identify", "session", sess.id, "shard", sess.shard, "count", sess.count)

	stubs := make([]map[string]any, 0, len(s.opts.Guilds))
	for _, g := range s.opts.Guilds {
		stubs = append(stubs, map[string]any{"id": g.ID, "unavailable": true})
	}
	s.dispatchLocked(c, "READY", map[string]any{
		"v":                  9,
		"session_id":         sess.id,
		"session_type":       "normal",
		"resume_gateway_url": s.wsURL(),
		"user":               s.userJSON(s.opts.BotUserID),
		"application":        map[string]any{"id": s.opts.AppID, "flags": 0},
		"guilds":             stubs,
		"private_channels":   []any{},
	})
	for _, g := range s.opts.Guilds {
		s.dispatchLocked(c, "GUILD_CREATE", s.guildCreateJSON(g))
	}
}

func (s *Server) resume(c *gwConn, sessionID string, seq int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sess, ok := s.sessions[sessionID]
	if !ok {
		s.debug("gateway resume of unknown session", "session", sessionID)
		c.send(frame{Op: opInvalidSession, D: false})
		return
	}
	s.attachLocked(c, sess)
	s.resumes++
	s.debug("gateway resume", "session", sessionID, "seq", seq)
	t := "RESUMED"
	c.send(frame{Op: opDispatch, D: map[string]any{}, S: &seq, T: &t})
	for _, f := range sess.log {
		if f.seq > seq {
			c.enqueue(f.data)
		}
	}
}

// attachLocked makes c the active connection of sess, dropping any other
// connection still attached to the same session.
func (s *Server) attachLocked(c *gwConn, sess *gwSession) {
	for other := range s.conns {
		if other != c && other.session == sess {
			other.session = nil
			other.ready = false
			go other.kill()
		}
	}
	c.session = sess
	c.ready = true
	s.active = c
	s.notifyLocked()
}

// dispatchLocked sends an op 0 event with the session's next sequence number.
func (s *Server) dispatchLocked(c *gwConn, t string, d any) {
	sess := c.session
	sess.seq++
	seq := sess.seq
	b, err := json.Marshal(frame{Op: opDispatch, D: d, S: &seq, T: &t})
	if err != nil {
		panic("discordtest: marshal " + t + ": " + err.Error())
	}
	sess.log = append(sess.log, loggedFrame{seq: seq, data: b})
	c.enqueue(b)
}

// dispatch waits until a client is connected and ready, then sends the event.
func (s *Server) dispatch(ctx context.Context, t string, d any) error {
	if err := s.lockWhen(ctx, s.readyLocked); err != nil {
		return err
	}
	defer s.mu.Unlock()
	s.dispatchLocked(s.active, t, d)
	return nil
}

func (s *Server) readyLocked() bool { return s.active != nil && s.active.ready }

// ShardIdentify is one IDENTIFY the gateway accepted.
type ShardIdentify struct {
	// Shard and Count are the payload's shard array; Count is 0 when it
	// had none.
	Shard, Count int
	At           time.Time
}

// ShardIdentifies returns every IDENTIFY accepted, in order.
func (s *Server) ShardIdentifies() []ShardIdentify {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]ShardIdentify(nil), s.shardIDs...)
}

// shardConnLocked returns the ready connection of shard, or with no
// sharded session (or shard < 0) the active one; nil when not connected.
func (s *Server) shardConnLocked(shard int) *gwConn {
	if s.shardCount <= 1 || shard < 0 {
		if s.readyLocked() {
			return s.active
		}
		return nil
	}
	for c := range s.conns {
		if c.ready && c.session != nil && c.session.count == s.shardCount && c.session.shard == shard {
			return c
		}
	}
	return nil
}

// shardFor is the shard Discord sends a guild's events on, (guild_id >>
// 22) % shard count; DMs (guildID "") arrive on shard 0.
func shardFor(guildID string, count int) int {
	id, err := strconv.ParseUint(guildID, 10, 64)
	if guildID == "" || err != nil || count <= 1 {
		return 0
	}
	return int((id >> 22) % uint64(count))
}

// ShardFor returns the shard an interaction in guildID arrives on once the
// bot identified with shards (0 for DMs and without shards).
func (s *Server) ShardFor(guildID string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return shardFor(guildID, s.shardCount)
}

// dispatchTo sends the event on shard's connection (see shardConnLocked),
// waiting until it is ready.
func (s *Server) dispatchTo(ctx context.Context, shard int, t string, d any) error {
	var c *gwConn
	if err := s.lockWhen(ctx, func() bool { c = s.shardConnLocked(shard); return c != nil }); err != nil {
		return err
	}
	defer s.mu.Unlock()
	s.dispatchLocked(c, t, d)
	return nil
}

// SendInteractionOnShard dispatches i as SendInteraction does, but on the
// given shard's connection, whatever its guild: a duplicate delivery on
// another shard, say.
func (s *Server) SendInteractionOnShard(ctx context.Context, shard int, i *discordgo.Interaction) error {
	raw, err := s.prepareInteraction(i)
	if err != nil {
		return err
	}
	if err := s.dispatchTo(ctx, shard, "INTERACTION_CREATE", json.RawMessage(raw)); err != nil {
		return fmt.Errorf("discordtest: dispatch interaction: %w", err)
	}
	return nil
}

func (s *Server) wsURL() string { return "ws://" + s.ln.Addr().String() + "/gateway" }

// WaitReady blocks until a client has identified (or resumed) and its
// gateway connection is up.
func (s *Server) WaitReady(ctx context.Context) error {
	if err := s.lockWhen(ctx, s.readyLocked); err != nil {
		return fmt.Errorf("discordtest: wait ready: %w", err)
	}
	s.mu.Unlock()
	return nil
}

// DropConnection closes the active gateway connection abruptly, without a
// close frame. The session stays resumable: discordgo reconnects and sends
// RESUME. Interactions sent meanwhile wait for the client to come back.
//
// It first waits (up to 3 s) for the client's first heartbeat on the
// connection: discordgo v0.29 starts its heartbeat goroutine right after
// Open, and if that goroutine's first write fails, it and the read loop both
// reconnect, closing each other's connections in an endless loop.
func (s *Server) DropConnection() {
	c := s.settledActive()
	if c == nil {
		return
	}
	s.mu.Lock()
	if s.active == c {
		s.active = nil
	}
	s.notifyLocked()
	s.mu.Unlock()
	s.debug("gateway drop connection")
	c.kill()
}

// settleTimeout bounds how long fault injection waits for a first heartbeat.
const settleTimeout = 3 * time.Second

// settledActive returns the active connection once it has sent a
// heartbeat (or after settleTimeout); nil if there is none.
func (s *Server) settledActive() *gwConn {
	ctx, cancel := context.WithTimeout(context.Background(), settleTimeout)
	defer cancel()
	var c *gwConn
	err := s.lockWhen(ctx, func() bool {
		c = s.active
		return c == nil || c.heartbeats > 0
	})
	if err != nil {
		s.mu.Lock()
		c = s.active
	}
	s.mu.Unlock()
	return c
}

// InvalidSession sends op 9 (Invalid Session) on the active connection. The
// client must identify again; unless resumable, the old session can no
// longer be resumed.
func (s *Server) InvalidSession(resumable bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.active
	if c == nil {
		return
	}
	if !resumable && c.session != nil {
		delete(s.sessions, c.session.id)
	}
	c.ready = false
	s.active = nil
	s.notifyLocked()
	c.send(frame{Op: opInvalidSession, D: resumable})
}

// RequestReconnect sends op 7 (Reconnect) on the active connection; the
// client should close it, reconnect and RESUME. Like DropConnection, it
// first waits for the connection's first heartbeat.
func (s *Server) RequestReconnect() {
	c := s.settledActive()
	s.mu.Lock()
	defer s.mu.Unlock()
	if c == nil || s.active != c {
		return
	}
	c.ready = false
	s.active = nil
	s.notifyLocked()
	c.send(frame{Op: opReconnect})
}

// Identifies reports how many IDENTIFY payloads the gateway has accepted.
func (s *Server) Identifies() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.identifies
}

// Resumes reports how many RESUME payloads the gateway has accepted.
func (s *Server) Resumes() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.resumes
}

func (s *Server) guildCreateJSON(g Guild) map[string]any {
	channels := make([]map[string]any, 0, len(g.Channels))
	for _, c := range g.Channels {
		channels = append(channels, s.channelJSON(s.channels[c.ID]))
	}
	out := s.guildJSON(g)
	out["channels"] = channels
	out["threads"] = []any{}
	out["members"] = []any{s.memberJSON(s.opts.BotUserID), s.memberJSON(g.OwnerID)}
	out["member_count"] = 2
	out["joined_at"] = time.Unix(1700000000, 0).UTC().Format(time.RFC3339)
	out["large"] = false
	out["unavailable"] = false
	out["voice_states"] = []any{}
	out["presences"] = []any{}
	return out
}

// SendRawEvent dispatches an event of type t with the payload raw as it is,
// such as an INTERACTION_CREATE that Discord's schema would not produce; it
// waits until a client is ready.
func (s *Server) SendRawEvent(ctx context.Context, t string, raw json.RawMessage) error {
	return s.dispatch(ctx, t, raw)
}
