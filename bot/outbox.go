package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/bwmarrin/discordgo"
	"golang.org/x/time/rate"
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
)

// DiscordOutbox delivers through a discordgo session.
type DiscordOutbox struct {
	Session *discordgo.Session
	// Pace, when set, spaces out every request the outbox makes, keeping a
	// burst of reminders under Discord's global limit (50 requests/s) instead
	// of running into 429s; discordgo still honours per-route buckets and
	// retries a 429 after its retry_after.
	Pace *rate.Limiter

	mu  sync.Mutex
	dms map[string]string // user id → DM channel id; stable, so cached
}

// Edit replaces an interaction's original response (editable for 15
// minutes after the interaction) with r.
func (o *DiscordOutbox) Edit(ctx context.Context, ref string, r Reply) error {
	parts := strings.SplitN(ref, ":", 3)
	if len(parts) != 3 || parts[0] != "webhook" {
		return fmt.Errorf("edit message: unsupported reference %q", ref)
	}
	if err := o.wait(ctx); err != nil {
		return err
	}
	_, err := o.Session.InteractionResponseEdit(&discordgo.Interaction{AppID: parts[1], Token: parts[2]}, webhookEdit(r), discordgo.WithContext(ctx))
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

// Send posts r to the channel with Discord's nonce deduplication.
func (o *DiscordOutbox) Send(ctx context.Context, channelID string, r Reply, nonce string) (string, error) {
	if len(nonce) > 25 {
		return "", fmt.Errorf("send message: nonce %q is longer than 25 characters", nonce)
	}
	if err := o.wait(ctx); err != nil {
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

// DMChannel opens (once per user and process) the user's DM channel.
func (o *DiscordOutbox) DMChannel(ctx context.Context, userID string) (string, error) {
	o.mu.Lock()
	id, ok := o.dms[userID]
	o.mu.Unlock()
	if ok {
		return id, nil
	}
	if err := o.wait(ctx); err != nil {
		return "", err
	}
	ch, err := o.Session.UserChannelCreate(userID, discordgo.WithContext(ctx))
	if err != nil {
		return "", fmt.Errorf("open DM channel: %w", classify(err))
	}
	o.mu.Lock()
	if o.dms == nil {
		o.dms = map[string]string{}
	}
	o.dms[userID] = ch.ID
	o.mu.Unlock()
	return ch.ID, nil
}

func (o *DiscordOutbox) wait(ctx context.Context) error {
	if o.Pace == nil {
		return nil
	}
	if err := o.Pace.Wait(ctx); err != nil {
		return fmt.Errorf("pace outgoing requests: %w", err)
	}
	return nil
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
	}
	return err
}
