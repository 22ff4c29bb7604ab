package discordtest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/bwmarrin/discordgo"
)

// Callback is an accepted interaction response, i.e. the first successful
// POST /interactions/{id}/{token}/callback of an interaction.
type Callback struct {
	Type discordgo.InteractionResponseType
	// Data is the decoded response data; nil when the callback had none.
	Data *discordgo.InteractionResponseData
	// Files are the files uploaded with a multipart callback.
	Files   []File
	Request Request
}

// WaitCallback blocks until the interaction has been acknowledged by a
// successful callback and returns it. Rejected callbacks (duplicates,
// invalid bodies) are only visible through Requests.
func (s *Server) WaitCallback(ctx context.Context, interactionID string) (Callback, error) {
	var st *interactionState
	err := s.lockWhen(ctx, func() bool {
		st = s.interactions[interactionID]
		return st != nil && st.callback != nil && st.callbackRec.done
	})
	if err != nil {
		return Callback{}, fmt.Errorf("discordtest: wait callback %s: %w", interactionID, err)
	}
	defer s.mu.Unlock()
	cb := *st.callback
	cb.Request = st.callbackRec.req
	return cb, nil
}

// Original returns the current state of an interaction's original
// response message: the message created by a type 4 or 5 callback, or the
// message a component was used on for type 6 and 7 callbacks.
func (s *Server) Original(interactionID string) (*discordgo.Message, bool) {
	s.mu.Lock()
	st, ok := s.interactions[interactionID]
	id := ""
	if ok {
		id = st.originalID
	}
	s.mu.Unlock()
	if id == "" {
		return nil, false
	}
	return s.Message(id)
}

// Followups returns the current state of an interaction's followup
// messages, oldest first, excluding deleted ones.
func (s *Server) Followups(interactionID string) []*discordgo.Message {
	s.mu.Lock()
	st, ok := s.interactions[interactionID]
	var raw [][]byte
	if ok {
		for _, id := range s.channelMsgs[st.channelID] {
			if m := s.messages[id]; m.interactionID == st.id && id != st.originalID && !m.deleted {
				raw = append(raw, mustMarshal(m.obj))
			}
		}
	}
	s.mu.Unlock()
	out := make([]*discordgo.Message, 0, len(raw))
	for _, b := range raw {
		out = append(out, decodeMessage(b))
	}
	return out
}

// allowedCallbacks lists valid callback types per interaction type.
func allowedCallback(it discordgo.InteractionType, rt discordgo.InteractionResponseType) bool {
	switch it {
	case discordgo.InteractionApplicationCommand:
		return rt == 4 || rt == 5 || rt == 9
	case discordgo.InteractionMessageComponent:
		return rt >= 4 && rt <= 7 || rt == 9
	case discordgo.InteractionApplicationCommandAutocomplete:
		return rt == 8
	case discordgo.InteractionModalSubmit:
		return rt >= 4 && rt <= 7
	}
	return false
}

func (s *Server) interactionCallback(c *call) reply {
	st, ok := s.interactions[c.p("id")]
	if !ok {
		return errReply(http.StatusNotFound, codeUnknownInteraction, "Unknown interaction")
	}
	if st.token != c.p("token") {
		return errReply(http.StatusUnauthorized, 50027, "Invalid Webhook Token")
	}
	if st.callback != nil {
		return errReply(http.StatusBadRequest, codeAlreadyAcked, "Interaction has already been acknowledged.")
	}
	if w := s.opts.CallbackWindow; w > 0 && c.req.At.Sub(st.sent) > w {
		return errReply(http.StatusNotFound, codeUnknownInteraction, "Unknown interaction")
	}
	var body struct {
		Type discordgo.InteractionResponseType `json:"type"`
		Data json.RawMessage                   `json:"data"`
	}
	if c.req.JSON == nil || json.Unmarshal(c.req.JSON, &body) != nil {
		return errReply(http.StatusBadRequest, codeInvalidForm, "Invalid Form Body")
	}
	data, err := decodeResponseData(body.Data)
	if err != nil || !allowedCallback(st.typ, body.Type) {
		return errReply(http.StatusBadRequest, codeInvalidForm, "Invalid Form Body")
	}
	var p map[string]any
	_ = json.Unmarshal(body.Data, &p)
	files := c.req.Files

	switch body.Type {
	case discordgo.InteractionResponseChannelMessageWithSource:
		if rep, bad := validateMessage(p, files, true); bad {
			return rep
		}
		m := s.newMessageLocked(st.channelID, "", p, files)
		s.decorateLocked(m, st, true)
		st.originalID = m.id
	case discordgo.InteractionResponseDeferredChannelMessageWithSource:
		m := s.newMessageLocked(st.channelID, "", map[string]any{}, nil)
		m.obj["flags"] = toInt64(p["flags"])&flagEphemeral | flagLoading
		m.loading = true
		s.decorateLocked(m, st, true)
		st.originalID = m.id
	case discordgo.InteractionResponseDeferredMessageUpdate:
		st.originalID = st.sourceMsgID
	case discordgo.InteractionResponseUpdateMessage:
		if rep, bad := validateMessage(p, files, false); bad {
			return rep
		}
		if m, ok := s.messages[st.sourceMsgID]; ok {
			s.editMessageLocked(m, p, files)
		}
		st.originalID = st.sourceMsgID
	}
	st.callback = &Callback{Type: body.Type, Data: data, Files: files}
	st.callbackRec = c.rec
	return noContent()
}

// decorateLocked marks m as sent by the application in response to st.
func (s *Server) decorateLocked(m *message, st *interactionState, original bool) {
	m.interactionID = st.id
	m.obj["webhook_id"] = s.opts.AppID
	m.obj["application_id"] = s.opts.AppID
	user := s.userJSON(st.userID)
	m.obj["interaction_metadata"] = map[string]any{
		"id": st.id, "type": st.typ, "user": user,
		"authorizing_integration_owners": map[string]any{},
	}
	if st.typ == discordgo.InteractionApplicationCommand && original {
		m.obj["type"] = discordgo.MessageTypeChatInputCommand
		m.obj["interaction"] = map[string]any{"id": st.id, "type": st.typ, "name": st.name, "user": user}
	}
}

// decodeResponseData decodes interaction response data, including its
// components (InteractionResponseData has no UnmarshalJSON of its own).
func decodeResponseData(raw json.RawMessage) (*discordgo.InteractionResponseData, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	type plain discordgo.InteractionResponseData
	v := struct {
		*plain
		Components []json.RawMessage `json:"components"`
	}{plain: new(plain)}
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, fmt.Errorf("discordtest: decode response data: %w", err)
	}
	d := (*discordgo.InteractionResponseData)(v.plain)
	for _, rc := range v.Components {
		mc, err := discordgo.MessageComponentFromJSON(rc)
		if err != nil {
			return nil, fmt.Errorf("discordtest: decode response data: %w", err)
		}
		d.Components = append(d.Components, mc)
	}
	return d, nil
}

// webhookInteraction resolves /webhooks/{app}/{token} to an acknowledged
// interaction whose token has not expired (see TokenLifetime).
func (s *Server) webhookInteraction(c *call) (*interactionState, reply, bool) {
	st, ok := s.byToken[c.p("token")]
	if ok && s.opts.Now().Sub(st.created) >= TokenLifetime {
		return nil, errReply(http.StatusUnauthorized, codeInvalidToken, "Invalid Webhook Token"), false
	}
	if c.p("app") != s.opts.AppID || !ok || st.callback == nil {
		return nil, errReply(http.StatusNotFound, codeUnknownWebhook, "Unknown Webhook"), false
	}
	return st, reply{}, true
}

// webhookMessage resolves {msg} ("@original" or a followup ID).
func (s *Server) webhookMessage(c *call) (*message, reply, bool) {
	st, rep, ok := s.webhookInteraction(c)
	if !ok {
		return nil, rep, false
	}
	id := c.p("msg")
	if id == "@original" {
		id = st.originalID
	}
	m, ok := s.messages[id]
	if !ok || m.deleted || (m.interactionID != st.id && id != st.originalID) {
		return nil, errReply(http.StatusNotFound, codeUnknownMessage, "Unknown Message"), false
	}
	return m, reply{}, true
}

// followupCreate handles POST /webhooks/{app}/{token}. As on Discord, the
// first followup after a deferred (type 5) response edits the loading
// original message instead of creating a new one.
func (s *Server) followupCreate(c *call) reply {
	st, rep, ok := s.webhookInteraction(c)
	if !ok {
		return rep
	}
	p := c.payload()
	if rep, bad := validateMessage(p, c.req.Files, true); bad {
		return rep
	}
	var m *message
	if orig, ok := s.messages[st.originalID]; ok && orig.loading {
		delete(p, "flags")
		s.editMessageLocked(orig, p, c.req.Files)
		m = orig
	} else {
		m = s.newMessageLocked(st.channelID, "", p, c.req.Files)
		s.decorateLocked(m, st, false)
	}
	if w := c.query["wait"]; len(w) > 0 && w[0] == "true" {
		return jsonReply(http.StatusOK, m.obj)
	}
	return noContent()
}
