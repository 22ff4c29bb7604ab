package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Outbox delivers messages outside an interaction's reply: edits of earlier
// messages (a live hang's end), reminders and group posts.
type Outbox interface {
	// Edit replaces the message ref names (see messageRef) with r.
	Edit(ctx context.Context, ref string, r Reply) error
	// Send posts r in a channel and returns the message id. The nonce (at
	// most 25 characters) makes a retry return the first message instead of
	// posting twice.
	Send(ctx context.Context, channelID string, r Reply, nonce string) (messageID string, err error)
	// DMChannel returns the id of the user's direct-message channel.
	DMChannel(ctx context.Context, userID string) (string, error)
}

// noOutboxNote is the outcome of a job that would send a message on a bot
// built without an Outbox, which Config says disables such delivery.
const noOutboxNote = "Hangtime has no way to send messages from here"

// Delivery failures an Outbox reports, for callers to act on.
var (
	// ErrDMsClosed: the user does not accept direct messages from the bot.
	ErrDMsClosed = errors.New("the user does not accept direct messages")
	// ErrNoAccess: the bot cannot see or post in the channel.
	ErrNoAccess = errors.New("the bot cannot post in that channel")
	// ErrTokenExpired: an interaction's response can no longer be edited
	// through its token, which lasts 15 minutes.
	ErrTokenExpired = errors.New("the interaction's token has expired")
)

// DMChannelStore keeps the users' DM channel ids, so that a restart opens
// none of them again.
type DMChannelStore interface {
	DMChannelID(ctx context.Context, userID string) (channelID string, ok bool, err error)
	SaveDMChannel(ctx context.Context, userID, channelID string, now time.Time) error
}

// DiscordOutbox delivers through a discordgo session.
type DiscordOutbox struct {
	Session *discordgo.Session
	// Pace, when set, spaces out the requests the outbox makes under
	// Discord's global limit (50 requests/s; edits through an interaction's
	// webhook are exempt), keeping a burst of reminders under it instead of
	// running into 429s, and serves the earliest lane first (the lane of
	// the job whose work it is; coach.LaneLive for edits made while
	// answering an interaction). discordgo still honours per-route buckets
	// and retries a 429 after its retry_after.
	Pace *Pacer
	// DMs, when set, keeps the DM channels opened, across restarts.
	DMs DMChannelStore
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// Logger hears of DM channels that could not be kept; nil discards.
	Logger *slog.Logger

	mu      sync.Mutex
	dms     map[string]string // user id → DM channel id; stable, so cached
	dmUsers map[string]string // DM channel id → user id
}

// A message reference names a message to edit later (see messageRef):
//
//	webhook:<app>:<token>[:<channel>:<message>]
//	channel:<channel>:<message>
//
// The first is an interaction's response, editable through the
// interaction's token for 15 minutes; it may say the channel it is in and,
// when it is a message the bot posted itself, its id. The second is a
// message the bot posted, which it may edit as the bot at any time.
type msgRef struct {
	kind, app, token, channel, message string
}

func parseRef(ref string) (msgRef, bool) {
	p := strings.Split(ref, ":")
	switch {
	case len(p) == 3 && p[0] == "channel" && p[1] != "" && p[2] != "":
		return msgRef{kind: p[0], channel: p[1], message: p[2]}, true
	case (len(p) == 3 || len(p) == 5) && p[0] == "webhook" && p[1] != "" && p[2] != "":
		m := msgRef{kind: p[0], app: p[1], token: p[2]}
		if len(p) == 5 {
			m.channel, m.message = p[3], p[4]
		}
		return m, true
	}
	return msgRef{}, false
}

func (m msgRef) String() string {
	if m.kind == "channel" {
		return "channel:" + m.channel + ":" + m.message
	}
	return "webhook:" + m.app + ":" + m.token + ":" + m.channel + ":" + m.message
}

// Edit replaces the message ref names with r: an interaction's response
// through its token (ErrTokenExpired once the token has run out), or a
// message the bot posted, as the bot. Only the second is paced: Discord's
// global limit does not apply to interactions' webhooks.
func (o *DiscordOutbox) Edit(ctx context.Context, ref string, r Reply) error {
	m, ok := parseRef(ref)
	if !ok {
		return fmt.Errorf("edit message: unsupported reference %q", ref)
	}
	if m.kind == "channel" {
		var err error
		if ctx, err = o.wait(ctx); err != nil {
			return err
		}
	}
	var err error
	if m.kind == "channel" {
		w := webhookEdit(r)
		_, err = o.Session.ChannelMessageEditComplex(&discordgo.MessageEdit{
			Channel: m.channel, ID: m.message,
			Content: w.Content, Embeds: w.Embeds, Components: w.Components, AllowedMentions: w.AllowedMentions,
		}, discordgo.WithContext(ctx))
	} else {
		_, err = o.Session.InteractionResponseEdit(&discordgo.Interaction{AppID: m.app, Token: m.token}, webhookEdit(r), discordgo.WithContext(ctx))
	}
	if err != nil {
		return fmt.Errorf("edit message: %w", classify(err))
	}
	return nil
}

// outgoing is a message create payload with the nonce fields discordgo's
// MessageSend lacks in v0.29.
type outgoing struct {
	Content         string                            `json:"content"`
	Embeds          []*discordgo.MessageEmbed         `json:"embeds,omitempty"`
	Components      []discordgo.MessageComponent      `json:"components,omitempty"`
	AllowedMentions *discordgo.MessageAllowedMentions `json:"allowed_mentions"`
	Nonce           string                            `json:"nonce,omitempty"`
	EnforceNonce    bool                              `json:"enforce_nonce,omitempty"`
}

// Send posts r to the channel with Discord's nonce deduplication. A DM
// channel Discord no longer knows (Unknown Channel) is opened again, once,
// and the message sent there.
func (o *DiscordOutbox) Send(ctx context.Context, channelID string, r Reply, nonce string) (string, error) {
	if len(nonce) > 25 {
		return "", fmt.Errorf("send message: nonce %q is longer than 25 characters", nonce)
	}
	id, err := o.send(ctx, channelID, r, nonce)
	user := o.dmUser(channelID)
	if err == nil || user == "" || !hasCode(err, discordgo.ErrCodeUnknownChannel) {
		return id, err
	}
	o.forgetDM(user, channelID)
	if channelID, err = o.openDM(ctx, user); err != nil {
		return "", err
	}
	return o.send(ctx, channelID, r, nonce)
}

func (o *DiscordOutbox) send(ctx context.Context, channelID string, r Reply, nonce string) (string, error) {
	ctx, err := o.wait(ctx)
	if err != nil {
		return "", err
	}
	endpoint := discordgo.EndpointChannelMessages(channelID)
	body, err := o.Session.RequestWithBucketID("POST", endpoint, outgoing{
		Content: r.Content, Embeds: r.Embeds, Components: r.Components, AllowedMentions: r.allowedMentions(),
		Nonce: nonce, EnforceNonce: nonce != "",
	}, endpoint, discordgo.WithContext(ctx))
	if err != nil {
		return "", fmt.Errorf("send message: %w", classify(err))
	}
	var m discordgo.Message
	if err := json.Unmarshal(body, &m); err != nil {
		return "", fmt.Errorf("send message: decode: %w", err)
	}
	return m.ID, nil
}

// DMChannel returns the user's DM channel: from memory, from DMs, or opened
// (once per user, whatever the restarts, when DMs is set).
func (o *DiscordOutbox) DMChannel(ctx context.Context, userID string) (string, error) {
	o.mu.Lock()
	id, ok := o.dms[userID]
	o.mu.Unlock()
	if ok {
		return id, nil
	}
	if o.DMs != nil {
		id, ok, err := o.DMs.DMChannelID(ctx, userID)
		if err != nil {
			return "", fmt.Errorf("open DM channel: %w", err)
		}
		if ok {
			o.remember(userID, id)
			return id, nil
		}
	}
	return o.openDM(ctx, userID)
}

// openDM asks Discord for the user's DM channel and keeps its id.
func (o *DiscordOutbox) openDM(ctx context.Context, userID string) (string, error) {
	ctx, err := o.wait(ctx)
	if err != nil {
		return "", err
	}
	ch, err := o.Session.UserChannelCreate(userID, discordgo.WithContext(ctx))
	if err != nil {
		return "", fmt.Errorf("open DM channel: %w", classify(err))
	}
	o.remember(userID, ch.ID)
	if o.DMs != nil {
		now := time.Now
		if o.Now != nil {
			now = o.Now
		}
		if err := o.DMs.SaveDMChannel(ctx, userID, ch.ID, now()); err != nil && o.Logger != nil {
			// The channel works; after a restart it is opened again.
			o.Logger.Warn("keeping DM channel failed", "user_id", userID, "channel_id", ch.ID, "err", err)
		}
	}
	return ch.ID, nil
}

func (o *DiscordOutbox) remember(userID, channelID string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.dms == nil {
		o.dms, o.dmUsers = map[string]string{}, map[string]string{}
	}
	o.dms[userID] = channelID
	o.dmUsers[channelID] = userID
}

func (o *DiscordOutbox) forgetDM(userID, channelID string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.dms[userID] == channelID {
		delete(o.dms, userID)
	}
	delete(o.dmUsers, channelID)
}

// dmUser is the user whose DM channel channelID is, if the outbox knows.
func (o *DiscordOutbox) dmUser(channelID string) string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.dmUsers[channelID]
}

// wait waits for a slot and returns ctx marked as having had it, so that
// the session's transport (Pacer.Transport) does not pace the request
// again.
func (o *DiscordOutbox) wait(ctx context.Context) (context.Context, error) {
	if o.Pace == nil {
		return ctx, nil
	}
	slot, err := o.Pace.wait(ctx, laneOf(ctx))
	if err != nil {
		return ctx, err
	}
	return context.WithValue(ctx, pacedKey{}, slot), nil
}

// classify maps Discord's error codes to the errors callers act on, keeping
// the original in the chain.
func classify(err error) error {
	var re *discordgo.RESTError
	if !errors.As(err, &re) || re.Message == nil {
		return err
	}
	switch re.Message.Code {
	case discordgo.ErrCodeCannotSendMessagesToThisUser:
		return fmt.Errorf("%w: %w", ErrDMsClosed, err)
	case discordgo.ErrCodeMissingAccess, discordgo.ErrCodeMissingPermissions, discordgo.ErrCodeUnknownChannel:
		return fmt.Errorf("%w: %w", ErrNoAccess, err)
	case discordgo.ErrCodeInvalidWebhookTokenProvided, discordgo.ErrCodeUnknownWebhook:
		return fmt.Errorf("%w: %w", ErrTokenExpired, err)
	}
	return err
}

// hasCode reports whether err is Discord's error code.
func hasCode(err error, code int) bool {
	var re *discordgo.RESTError
	return errors.As(err, &re) && re.Message != nil && re.Message.Code == code
}
