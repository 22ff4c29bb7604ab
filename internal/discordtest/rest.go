package discordtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"
)

const apiPrefix = "/api/v9/"

// Request is a REST request received by the server.
type Request struct {
	Method string
	// Path is the URL path as sent, e.g. "/api/v9/channels/1/messages".
	Path     string
	RawQuery string
	Header   http.Header
	Body     []byte
	// JSON is the JSON payload: the body itself, or the payload_json part of
	// a multipart/form-data body. It is nil when there is none.
	JSON json.RawMessage
	// Files are the files[N] parts of a multipart/form-data body.
	Files []File
	// Status is the HTTP status the server answered with.
	Status int
	At     time.Time
}

// Decode unmarshals the request's JSON payload into v.
func (r Request) Decode(v any) error {
	if r.JSON == nil {
		return fmt.Errorf("discordtest: %s %s has no json payload", r.Method, r.Path)
	}
	if err := json.Unmarshal(r.JSON, v); err != nil {
		return fmt.Errorf("discordtest: decode %s %s: %w", r.Method, r.Path, err)
	}
	return nil
}

// File is an uploaded file.
type File struct {
	Name, ContentType string
	Data              []byte
}

type record struct {
	req       Request
	done      bool
	unhandled bool
}

// reply is a REST response produced by a route handler.
type reply struct {
	status int
	body   []byte
}

func jsonReply(status int, v any) reply {
	b, err := json.Marshal(v)
	if err != nil {
		return errReply(http.StatusInternalServerError, 0, "discordtest: "+err.Error())
	}
	return reply{status: status, body: b}
}

// errReply is a Discord-style JSON error.
func errReply(status, code int, msg string) reply {
	return jsonReply(status, map[string]any{"code": code, "message": msg})
}

func noContent() reply { return reply{status: http.StatusNoContent} }

// Discord JSON error codes used by the fake.
const (
	codeUnknownChannel     = 10003
	codeUnknownGuild       = 10004
	codeUnknownMember      = 10007
	codeUnknownMessage     = 10008
	codeUnknownUser        = 10013
	codeUnknownWebhook     = 10015
	codeUnknownInteraction = 10062
	codeCannotSendEmpty    = 50006
	codeCannotDMUser       = 50007
	codeInvalidForm        = 50035
	codeInvalidToken       = 50027
	codeAlreadyAcked       = 40060
)

// call is the context handed to a route handler.
type call struct {
	req    *Request
	rec    *record
	query  map[string][]string
	params map[string]string
}

func (c *call) p(name string) string { return c.params[name] }

// payload decodes the JSON payload as an object; nil when absent or not an object.
func (c *call) payload() map[string]any {
	var m map[string]any
	if c.req.JSON == nil || json.Unmarshal(c.req.JSON, &m) != nil {
		return nil
	}
	return m
}

type route struct {
	method  string
	segs    []string
	handler func(*call) reply
}

func (s *Server) newRoutes() []route {
	table := []struct {
		pattern string
		h       func(*call) reply
	}{
		{"GET gateway", s.getGateway},
		{"GET gateway/bot", s.getGateway},
		{"GET users/@me", s.getMe},
		{"GET oauth2/applications/@me", s.getApplication},
		{"POST users/@me/channels", s.createDM},
		{"GET users/{user}", s.getUser},
		{"GET applications/{app}/commands", s.getCommands},
		{"PUT applications/{app}/commands", s.putCommands},
		{"GET applications/{app}/guilds/{guild}/commands", s.getCommands},
		{"PUT applications/{app}/guilds/{guild}/commands", s.putCommands},
		{"POST interactions/{id}/{token}/callback", s.interactionCallback},
		{"POST webhooks/{app}/{token}", s.followupCreate},
		{"GET webhooks/{app}/{token}/messages/{msg}", getMessage(s.webhookMessage)},
		{"PATCH webhooks/{app}/{token}/messages/{msg}", s.editMessage(s.webhookMessage)},
		{"DELETE webhooks/{app}/{token}/messages/{msg}", deleteMessage(s.webhookMessage)},
		{"GET channels/{channel}", s.getChannel},
		{"GET channels/{channel}/messages", s.listMessages},
		{"POST channels/{channel}/messages", s.createChannelMessage},
		{"GET channels/{channel}/messages/{msg}", getMessage(s.channelMessage)},
		{"PATCH channels/{channel}/messages/{msg}", s.editMessage(s.channelMessage)},
		{"DELETE channels/{channel}/messages/{msg}", deleteMessage(s.channelMessage)},
		{"GET guilds/{guild}", s.getGuild},
		{"GET guilds/{guild}/channels", s.getGuildChannels},
		{"GET guilds/{guild}/members/{user}", s.getMember},
	}
	routes := make([]route, len(table))
	for i, t := range table {
		method, path, _ := strings.Cut(t.pattern, " ")
		routes[i] = route{method: method, segs: strings.Split(path, "/"), handler: t.h}
	}
	return routes
}

func (s *Server) match(method string, segs []string) (func(*call) reply, map[string]string) {
	for _, r := range s.routes {
		if r.method != method || len(r.segs) != len(segs) {
			continue
		}
		params := map[string]string{}
		ok := true
		for i, p := range r.segs {
			if strings.HasPrefix(p, "{") {
				params[strings.Trim(p, "{}")] = segs[i]
			} else if p != segs[i] {
				ok = false
				break
			}
		}
		if ok {
			return r.handler, params
		}
	}
	return nil, nil
}

func (s *Server) serveREST(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, "read body", http.StatusBadRequest)
		return
	}
	req := Request{
		Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery,
		Header: r.Header.Clone(), Body: body, At: time.Now(),
	}
	parseBody(&req, r.Header.Get("Content-Type"))
	if !s.waitHolds(r.Context(), req) {
		return // the server is closing
	}

	s.mu.Lock()
	rec := &record{req: req}
	s.records = append(s.records, rec)

	var segs []string
	if rest, ok := strings.CutPrefix(r.URL.Path, apiPrefix); ok {
		segs = strings.Split(strings.TrimSuffix(rest, "/"), "/")
	}
	header := w.Header()
	rep, limited := s.checkRateLimitLocked(r.Method, segs, header, req.At)
	if !limited {
		h, params := s.match(r.Method, segs)
		switch {
		case h == nil:
			rec.unhandled = true
			rep = errReply(http.StatusNotFound, 0, "404: Not Found")
		case r.Header.Get("Authorization") == "" && !authFree(segs):
			rep = errReply(http.StatusUnauthorized, 0, "401: Unauthorized")
		default:
			rep = h(&call{req: &rec.req, rec: rec, query: r.URL.Query(), params: params})
		}
	}
	rec.req.Status = rep.status
	rec.done = true
	s.notifyLocked()
	s.mu.Unlock()

	s.debug("rest", "method", r.Method, "path", r.URL.Path, "status", rep.status)
	if rep.body != nil {
		header.Set("Content-Type", "application/json")
	}
	w.WriteHeader(rep.status)
	_, _ = w.Write(rep.body)
}

// hold keeps matching requests waiting until released.
type hold struct {
	match    func(Request) bool
	released chan struct{}
}

// Hold makes every request for which match returns true wait, unanswered
// and not yet in Requests, until release is called: a slow Discord under a
// bot's handler. match is called without any lock held. Calling release
// more than once is harmless.
func (s *Server) Hold(match func(Request) bool) (release func()) {
	h := &hold{match: match, released: make(chan struct{})}
	s.mu.Lock()
	s.holds = append(s.holds, h)
	s.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			s.mu.Lock()
			s.holds = slices.DeleteFunc(s.holds, func(x *hold) bool { return x == h })
			s.mu.Unlock()
			close(h.released)
		})
	}
}

// waitHolds blocks while a hold matches req; false when ctx ended first.
func (s *Server) waitHolds(ctx context.Context, req Request) bool {
	s.mu.Lock()
	holds := slices.Clone(s.holds)
	s.mu.Unlock()
	for _, h := range holds {
		if !h.match(req) {
			continue
		}
		select {
		case <-h.released:
		case <-ctx.Done():
			return false
		}
	}
	return true
}

// authFree reports whether a route is authenticated by its token in the path.
func authFree(segs []string) bool {
	return len(segs) > 0 && (segs[0] == "interactions" || segs[0] == "webhooks")
}

func parseBody(req *Request, contentType string) {
	mt, params, _ := mime.ParseMediaType(contentType)
	if mt != "multipart/form-data" {
		if len(req.Body) > 0 && json.Valid(req.Body) {
			req.JSON = req.Body
		}
		return
	}
	mr := multipart.NewReader(bytes.NewReader(req.Body), params["boundary"])
	for {
		part, err := mr.NextPart()
		if err != nil {
			return
		}
		data, err := io.ReadAll(part)
		if err != nil {
			return
		}
		switch name := part.FormName(); {
		case name == "payload_json":
			req.JSON = data
		case strings.HasPrefix(name, "files["):
			req.Files = append(req.Files, File{Name: part.FileName(), ContentType: part.Header.Get("Content-Type"), Data: data})
		}
	}
}

// Requests returns the REST requests answered so far, in arrival order.
func (s *Server) Requests() []Request {
	return s.requests(false)
}

// Unhandled returns the requests that matched no route and were answered
// 404, so tests can assert the bot made no unexpected calls.
func (s *Server) Unhandled() []Request {
	return s.requests(true)
}

func (s *Server) requests(onlyUnhandled bool) []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Request
	for _, r := range s.records {
		if r.done && (!onlyUnhandled || r.unhandled) {
			out = append(out, r.req)
		}
	}
	return out
}

// WaitRequest blocks until a request for which match returns true has been
// answered (including requests answered before the call) and returns the
// first such request. match is called without any lock held.
func (s *Server) WaitRequest(ctx context.Context, match func(Request) bool) (Request, error) {
	for {
		s.mu.Lock()
		if s.closed {
			s.mu.Unlock()
			return Request{}, fmt.Errorf("discordtest: wait request: %w", errClosed)
		}
		ch := s.changed
		s.mu.Unlock()
		for _, r := range s.Requests() {
			if match(r) {
				return r, nil
			}
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return Request{}, fmt.Errorf("discordtest: wait request: %w", ctx.Err())
		}
	}
}

// --- gateway, users, guilds, channels ---

func (s *Server) getGateway(*call) reply {
	return jsonReply(http.StatusOK, map[string]any{
		"url":    s.wsURL(),
		"shards": s.opts.Shards,
		"session_start_limit": map[string]any{
			"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": s.opts.MaxConcurrency,
		},
	})
}

func (s *Server) getApplication(*call) reply {
	return jsonReply(http.StatusOK, map[string]any{
		"id": s.opts.AppID, "name": "hangtime-test", "description": "", "bot_public": true,
		"verify_key": s.PublicKey(), "flags": 0, "bot": s.userJSON(s.opts.BotUserID),
	})
}

func (s *Server) getMe(*call) reply { return jsonReply(http.StatusOK, s.userJSON(s.opts.BotUserID)) }

func (s *Server) getUser(c *call) reply {
	id := c.p("user")
	if _, ok := s.users[id]; !ok && id != s.opts.BotUserID {
		return errReply(http.StatusNotFound, codeUnknownUser, "Unknown User")
	}
	return jsonReply(http.StatusOK, s.userJSON(id))
}

func (s *Server) createDM(c *call) reply {
	p := c.payload()
	rid, _ := p["recipient_id"].(string)
	if rid == "" {
		return errReply(http.StatusBadRequest, codeInvalidForm, "Invalid Form Body")
	}
	return jsonReply(http.StatusOK, s.channelJSON(s.dmChannelLocked(rid)))
}

// dmChannelLocked returns the DM channel with userID, creating it once.
func (s *Server) dmChannelLocked(userID string) *channelState {
	if id, ok := s.dmByUser[userID]; ok {
		return s.channels[id]
	}
	ch := &channelState{id: s.newIDLocked(), typ: 1, recipient: userID}
	s.channels[ch.id] = ch
	s.dmByUser[userID] = ch.id
	return ch
}

// DeleteChannel removes a channel, as when Discord no longer knows it:
// requests naming it answer 404 with code 10003 (Unknown Channel). A DM
// channel opened again afterwards gets a new id.
func (s *Server) DeleteChannel(channelID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ch, ok := s.channels[channelID]; ok && ch.recipient != "" && s.dmByUser[ch.recipient] == channelID {
		delete(s.dmByUser, ch.recipient)
	}
	delete(s.channels, channelID)
}

// BlockDMs makes the user's DMs closed: creating messages in the DM channel
// with them fails with 403 and code 50007.
func (s *Server) BlockDMs(userID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.blockedDMs[userID] = true
}

func (s *Server) channelJSON(ch *channelState) map[string]any {
	if ch.recipient != "" {
		return map[string]any{
			"id": ch.id, "type": 1, "flags": 0, "last_message_id": nil,
			"recipients": []any{s.userJSON(ch.recipient)},
		}
	}
	return map[string]any{
		"id": ch.id, "type": ch.typ, "guild_id": ch.guildID, "name": ch.name,
		"position": ch.position, "permission_overwrites": []any{}, "nsfw": false,
		"parent_id": nil, "flags": 0,
	}
}

func (s *Server) getChannel(c *call) reply {
	ch, ok := s.channels[c.p("channel")]
	if !ok {
		return errReply(http.StatusNotFound, codeUnknownChannel, "Unknown Channel")
	}
	return jsonReply(http.StatusOK, s.channelJSON(ch))
}

func (s *Server) guildJSON(g Guild) map[string]any {
	everyone := map[string]any{
		"id": g.ID, "name": "@everyone", "permissions": "1071698660929", "position": 0,
		"color": 0, "hoist": false, "managed": false, "mentionable": false, "flags": 0,
	}
	return map[string]any{
		"id": g.ID, "name": g.Name, "owner_id": g.OwnerID, "icon": nil,
		"roles": []any{everyone}, "emojis": []any{}, "stickers": []any{},
		"features": []any{}, "preferred_locale": "en-US", "verification_level": 0,
		"nsfw_level": 0, "premium_tier": 0, "mfa_level": 0,
	}
}

func (s *Server) getGuild(c *call) reply {
	g, ok := s.guilds[c.p("guild")]
	if !ok {
		return errReply(http.StatusNotFound, codeUnknownGuild, "Unknown Guild")
	}
	return jsonReply(http.StatusOK, s.guildJSON(*g))
}

func (s *Server) getGuildChannels(c *call) reply {
	g, ok := s.guilds[c.p("guild")]
	if !ok {
		return errReply(http.StatusNotFound, codeUnknownGuild, "Unknown Guild")
	}
	out := make([]map[string]any, 0, len(g.Channels))
	for _, ch := range g.Channels {
		out = append(out, s.channelJSON(s.channels[ch.ID]))
	}
	return jsonReply(http.StatusOK, out)
}

func (s *Server) memberJSON(userID string) map[string]any {
	return map[string]any{
		"user": s.userJSON(userID), "roles": []any{}, "nick": nil,
		"joined_at": time.Unix(1700000000, 0).UTC().Format(time.RFC3339),
		"deaf":      false, "mute": false, "flags": 0, "pending": false,
	}
}

func (s *Server) getMember(c *call) reply {
	if _, ok := s.guilds[c.p("guild")]; !ok {
		return errReply(http.StatusNotFound, codeUnknownGuild, "Unknown Guild")
	}
	id := c.p("user")
	if _, ok := s.users[id]; !ok && id != s.opts.BotUserID {
		return errReply(http.StatusNotFound, codeUnknownMember, "Unknown Member")
	}
	return jsonReply(http.StatusOK, s.memberJSON(id))
}
