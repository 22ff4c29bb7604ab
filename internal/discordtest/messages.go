package discordtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Message flags the fake interprets.
const (
	flagEphemeral = int64(discordgo.MessageFlagsEphemeral)
	flagLoading   = int64(discordgo.MessageFlagsLoading)
)

// message is a stored message. obj is its JSON object as served over REST;
// it is kept as generic JSON because discordgo.Message does not marshal its
// components.
type message struct {
	id            string
	channelID     string
	obj           map[string]any
	deleted       bool
	loading       bool   // deferred interaction response not yet edited
	interactionID string // set for interaction responses and followups
}

// newMessageLocked creates a message authored by the bot in channelID; an
// empty id gets a fresh one.
func (s *Server) newMessageLocked(channelID, id string, p map[string]any, files []File) *message {
	now := time.Now().UTC().Format(time.RFC3339Nano)
	if id == "" {
		id = s.newIDLocked()
	}
	obj := map[string]any{
		"id": id, "channel_id": channelID, "type": 0, "content": "",
		"author": s.userJSON(s.opts.BotUserID), "timestamp": now, "edited_timestamp": nil,
		"tts": false, "mention_everyone": false, "mentions": []any{}, "mention_roles": []any{},
		"attachments": []any{}, "embeds": []any{}, "components": []any{}, "pinned": false,
		"flags": int64(0),
	}
	if ch := s.channels[channelID]; ch != nil && ch.guildID != "" {
		obj["guild_id"] = ch.guildID
	}
	copyFields(obj, p, "content", "embeds", "components", "tts", "poll", "message_reference")
	if v, ok := p["flags"]; ok {
		obj["flags"] = toInt64(v)
	}
	obj["attachments"] = s.attachmentsLocked(channelID, nil, files)
	m := &message{id: id, channelID: channelID, obj: obj}
	s.messages[id] = m
	s.channelMsgs[channelID] = append(s.channelMsgs[channelID], id)
	return m
}

// editMessageLocked applies a PATCH payload (and new files) to m.
func (s *Server) editMessageLocked(m *message, p map[string]any, files []File) {
	old := toInt64(m.obj["flags"])
	copyFields(m.obj, p, "content", "embeds", "components")
	flags := old &^ flagLoading
	if v, ok := p["flags"]; ok {
		flags = (toInt64(v) | old&flagEphemeral) &^ flagLoading
	}
	m.obj["flags"] = flags
	existing, _ := m.obj["attachments"].([]any)
	if keep, ok := p["attachments"].([]any); ok {
		ids := map[string]bool{}
		for _, a := range keep {
			if am, ok := a.(map[string]any); ok {
				if id, ok := am["id"].(string); ok {
					ids[id] = true
				}
			}
		}
		var kept []any
		for _, a := range existing {
			if id, _ := a.(map[string]any)["id"].(string); ids[id] {
				kept = append(kept, a)
			}
		}
		existing = kept
	}
	m.obj["attachments"] = s.attachmentsLocked(m.channelID, existing, files)
	m.obj["edited_timestamp"] = time.Now().UTC().Format(time.RFC3339Nano)
	m.loading = false
}

func (s *Server) attachmentsLocked(channelID string, existing []any, files []File) []any {
	out := append([]any{}, existing...)
	for _, f := range files {
		id := s.newIDLocked()
		u := s.origin + "/attachments/" + channelID + "/" + id + "/" + url.PathEscape(f.Name)
		ct := f.ContentType
		if ct == "" {
			ct = "application/octet-stream"
		}
		out = append(out, map[string]any{
			"id": id, "filename": f.Name, "size": len(f.Data), "url": u, "proxy_url": u,
			"content_type": ct,
		})
	}
	return out
}

// copyFields copies the given keys present in src into dst; a JSON null
// resets the field to its empty value.
func copyFields(dst, src map[string]any, keys ...string) {
	for _, k := range keys {
		v, ok := src[k]
		if !ok {
			continue
		}
		if v == nil {
			switch k {
			case "content":
				v = ""
			case "embeds", "components":
				v = []any{}
			}
		}
		dst[k] = v
	}
}

func toInt64(v any) int64 {
	switch n := v.(type) {
	case float64:
		return int64(n)
	case int64:
		return n
	case int:
		return int64(n)
	}
	return 0
}

func isEmpty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return x == ""
	case []any:
		return len(x) == 0
	}
	return false
}

// validateMessage checks a message payload the way Discord does for the
// cases bots commonly get wrong. create also rejects empty messages.
func validateMessage(p map[string]any, files []File, create bool) (reply, bool) {
	if c, ok := p["content"].(string); ok && len([]rune(c)) > 2000 {
		return jsonReply(http.StatusBadRequest, map[string]any{
			"code": codeInvalidForm, "message": "Invalid Form Body",
			"errors": map[string]any{"content": map[string]any{"_errors": []any{map[string]any{
				"code": "BASE_TYPE_MAX_LENGTH", "message": "Must be 2000 or fewer in length.",
			}}}},
		}), true
	}
	if create && isEmpty(p["content"]) && isEmpty(p["embeds"]) && isEmpty(p["components"]) &&
		len(files) == 0 && p["poll"] == nil && isEmpty(p["sticker_ids"]) {
		return errReply(http.StatusBadRequest, codeCannotSendEmpty, "Cannot send an empty message"), true
	}
	return reply{}, false
}

// Messages returns the current state of the messages in a channel, oldest
// first, excluding deleted ones. It includes messages created by the bot
// through the REST API and interaction responses and followups (ephemeral
// ones too; check Flags).
func (s *Server) Messages(channelID string) []*discordgo.Message {
	s.mu.Lock()
	raw := make([][]byte, 0, len(s.channelMsgs[channelID]))
	for _, id := range s.channelMsgs[channelID] {
		if m := s.messages[id]; !m.deleted {
			raw = append(raw, mustMarshal(m.obj))
		}
	}
	s.mu.Unlock()
	out := make([]*discordgo.Message, 0, len(raw))
	for _, b := range raw {
		out = append(out, decodeMessage(b))
	}
	return out
}

// Message returns the current state of a message by ID.
func (s *Server) Message(id string) (*discordgo.Message, bool) {
	s.mu.Lock()
	m, ok := s.messages[id]
	if !ok || m.deleted {
		s.mu.Unlock()
		return nil, false
	}
	b := mustMarshal(m.obj)
	s.mu.Unlock()
	return decodeMessage(b), true
}

func mustMarshal(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic("discordtest: marshal: " + err.Error())
	}
	return b
}

// decodeMessage decodes a stored message. Components discordgo does not
// know are dropped rather than failing the whole message.
func decodeMessage(b []byte) *discordgo.Message {
	var m discordgo.Message
	if json.Unmarshal(b, &m) == nil {
		return &m
	}
	var obj map[string]any
	_ = json.Unmarshal(b, &obj)
	delete(obj, "components")
	m = discordgo.Message{}
	_ = json.Unmarshal(mustMarshal(obj), &m)
	return &m
}

// Channel message routes.

func (s *Server) createChannelMessage(c *call) reply {
	ch, ok := s.channels[c.p("channel")]
	if !ok {
		return errReply(http.StatusNotFound, codeUnknownChannel, "Unknown Channel")
	}
	if ch.recipient != "" && s.blockedDMs[ch.recipient] {
		return errReply(http.StatusForbidden, codeCannotDMUser, "Cannot send messages to this user")
	}
	p := c.payload()
	var nonce struct {
		Nonce   json.RawMessage `json:"nonce"`
		Enforce bool            `json:"enforce_nonce"`
	}
	_ = json.Unmarshal(c.req.JSON, &nonce)
	nonceKey := ""
	if len(nonce.Nonce) > 0 && nonce.Enforce {
		nonceKey = ch.id + "\x00" + strings.Trim(string(nonce.Nonce), `"`)
		if id, ok := s.nonces[nonceKey]; ok {
			return jsonReply(http.StatusOK, s.messages[id].obj)
		}
	}
	if rep, bad := validateMessage(p, c.req.Files, true); bad {
		return rep
	}
	m := s.newMessageLocked(ch.id, "", p, c.req.Files)
	if len(nonce.Nonce) > 0 {
		m.obj["nonce"] = nonce.Nonce
	}
	if nonceKey != "" {
		s.nonces[nonceKey] = m.id
	}
	return jsonReply(http.StatusOK, m.obj)
}

func (s *Server) channelMessage(c *call) (*message, reply, bool) {
	if _, ok := s.channels[c.p("channel")]; !ok {
		return nil, errReply(http.StatusNotFound, codeUnknownChannel, "Unknown Channel"), false
	}
	m, ok := s.messages[c.p("msg")]
	if !ok || m.deleted || m.channelID != c.p("channel") {
		return nil, errReply(http.StatusNotFound, codeUnknownMessage, "Unknown Message"), false
	}
	return m, reply{}, true
}

// messageLookup finds the message a route names, or the error reply.
type messageLookup func(c *call) (*message, reply, bool)

// getMessage, editMessage and deleteMessage serve one message, found by
// find: in a channel, or through an interaction's webhook.
func getMessage(find messageLookup) func(*call) reply {
	return func(c *call) reply {
		m, rep, ok := find(c)
		if !ok {
			return rep
		}
		return jsonReply(http.StatusOK, m.obj)
	}
}

func (s *Server) editMessage(find messageLookup) func(*call) reply {
	return func(c *call) reply {
		m, rep, ok := find(c)
		if !ok {
			return rep
		}
		p := c.payload()
		if rep, bad := validateMessage(p, c.req.Files, false); bad {
			return rep
		}
		s.editMessageLocked(m, p, c.req.Files)
		return jsonReply(http.StatusOK, m.obj)
	}
}

func deleteMessage(find messageLookup) func(*call) reply {
	return func(c *call) reply {
		m, rep, ok := find(c)
		if !ok {
			return rep
		}
		m.deleted = true
		return noContent()
	}
}

func (s *Server) listMessages(c *call) reply {
	if _, ok := s.channels[c.p("channel")]; !ok {
		return errReply(http.StatusNotFound, codeUnknownChannel, "Unknown Channel")
	}
	limit := 50
	if l := c.query["limit"]; len(l) > 0 {
		_, _ = fmt.Sscan(l[0], &limit)
	}
	ids := s.channelMsgs[c.p("channel")]
	out := []map[string]any{}
	for i := len(ids) - 1; i >= 0 && len(out) < limit; i-- {
		if m := s.messages[ids[i]]; !m.deleted {
			out = append(out, m.obj)
		}
	}
	return jsonReply(http.StatusOK, out)
}
