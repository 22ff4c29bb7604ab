package discordtest

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/bwmarrin/discordgo"
)

// botPermissions are the app_permissions sent with interactions.
const botPermissions = discordgo.PermissionViewChannel | discordgo.PermissionSendMessages |
	discordgo.PermissionEmbedLinks | discordgo.PermissionAttachFiles |
	discordgo.PermissionReadMessageHistory | discordgo.PermissionAddReactions |
	discordgo.PermissionUseExternalEmojis

// interactionState tracks an interaction the server dispatched.
type interactionState struct {
	id, token   string
	typ         discordgo.InteractionType
	channelID   string
	guildID     string
	userID      string
	name        string    // command name
	sourceMsgID string    // message a component was used on
	created     time.Time // on the server's clock; the token expires TokenLifetime after

	sent        time.Time // when the server created it, for CallbackWindow
	callback    *Callback
	callbackRec *record
	originalID  string
}

// Opt is shorthand for an interaction option, as built by Sub, Str, Int etc.
type Opt = discordgo.ApplicationCommandInteractionDataOption

// Sub returns a subcommand option wrapping opts.
func Sub(name string, opts ...*Opt) *Opt {
	return &Opt{Name: name, Type: discordgo.ApplicationCommandOptionSubCommand, Options: opts}
}

// SubGroup returns a subcommand group option wrapping subcommands.
func SubGroup(name string, subs ...*Opt) *Opt {
	return &Opt{Name: name, Type: discordgo.ApplicationCommandOptionSubCommandGroup, Options: subs}
}

// Str returns a string option.
func Str(name, v string) *Opt {
	return &Opt{Name: name, Type: discordgo.ApplicationCommandOptionString, Value: v}
}

// Int returns an integer option.
func Int(name string, v int64) *Opt {
	return &Opt{Name: name, Type: discordgo.ApplicationCommandOptionInteger, Value: v}
}

// Num returns a number (float) option.
func Num(name string, v float64) *Opt {
	return &Opt{Name: name, Type: discordgo.ApplicationCommandOptionNumber, Value: v}
}

// Bool returns a boolean option.
func Bool(name string, v bool) *Opt {
	return &Opt{Name: name, Type: discordgo.ApplicationCommandOptionBoolean, Value: v}
}

// UserID returns a user option; the user is also put in data.resolved.
func UserID(name, id string) *Opt {
	return &Opt{Name: name, Type: discordgo.ApplicationCommandOptionUser, Value: id}
}

// ChannelID returns a channel option.
func ChannelID(name, id string) *Opt {
	return &Opt{Name: name, Type: discordgo.ApplicationCommandOptionChannel, Value: id}
}

// RoleID returns a role option.
func RoleID(name, id string) *Opt {
	return &Opt{Name: name, Type: discordgo.ApplicationCommandOptionRole, Value: id}
}

// Focused returns the string option being typed in an autocomplete
// interaction, with its partial value.
func Focused(name, partial string) *Opt {
	return &Opt{Name: name, Type: discordgo.ApplicationCommandOptionString, Value: partial, Focused: true}
}

// SendCommand dispatches a slash command invocation (INTERACTION_CREATE,
// type 2) as user. With guildID "" it is a DM: channelID may then be empty
// (the DM channel with user is used) and the interaction carries user
// instead of member. It waits for a ready gateway connection and returns
// the interaction exactly as the client decodes it.
func (s *Server) SendCommand(ctx context.Context, user User, guildID, channelID, name string, options ...*Opt) (*discordgo.Interaction, error) {
	return s.sendCommand(ctx, discordgo.InteractionApplicationCommand, user, guildID, channelID, name, options)
}

// SendAutocomplete dispatches an autocomplete interaction (type 4) for
// command name; mark the option being typed with Focused.
func (s *Server) SendAutocomplete(ctx context.Context, user User, guildID, channelID, name string, options ...*Opt) (*discordgo.Interaction, error) {
	return s.sendCommand(ctx, discordgo.InteractionApplicationCommandAutocomplete, user, guildID, channelID, name, options)
}

func (s *Server) sendCommand(ctx context.Context, typ discordgo.InteractionType, user User, guildID, channelID, name string, options []*Opt) (*discordgo.Interaction, error) {
	s.mu.Lock()
	i, err := s.newInteractionLocked(user, guildID, channelID, typ)
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	s.interactions[i.ID].name = name
	i.Data = discordgo.ApplicationCommandInteractionData{
		ID:          s.commandIDLocked(guildID, name),
		Name:        name,
		CommandType: discordgo.ChatApplicationCommand,
		Options:     options,
		Resolved:    s.resolveAttachmentsLocked(s.resolvedLocked(guildID, options), options),
	}
	raw, err := s.marshalInteractionLocked(i)
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	return s.deliver(ctx, raw)
}

// SendComponent dispatches a button click (type 3, component_type 2) on
// message messageID. With channelID "" the message's channel is used. An
// unknown messageID gets a stub message authored by the bot.
func (s *Server) SendComponent(ctx context.Context, user User, guildID, channelID, messageID, customID string) (*discordgo.Interaction, error) {
	s.mu.Lock()
	if m, ok := s.messages[messageID]; ok && channelID == "" {
		channelID = m.channelID
	}
	i, err := s.newInteractionLocked(user, guildID, channelID, discordgo.InteractionMessageComponent)
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	switch m, ok := s.messages[messageID]; {
	case !ok:
		s.newMessageLocked(i.ChannelID, messageID, map[string]any{}, nil)
	case m.deleted || m.channelID != i.ChannelID:
		s.mu.Unlock()
		return nil, fmt.Errorf("discordtest: message %s is deleted or not in channel %s", messageID, i.ChannelID)
	}
	s.interactions[i.ID].sourceMsgID = messageID
	i.Data = discordgo.MessageComponentInteractionData{CustomID: customID, ComponentType: discordgo.ButtonComponent}
	i.Message = &discordgo.Message{ID: messageID, ChannelID: i.ChannelID}
	raw, err := s.marshalInteractionLocked(i)
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	return s.deliver(ctx, raw)
}

// SendInteraction dispatches i as is. Sending an interaction returned by
// SendCommand etc. again simulates duplicate delivery: its callback state
// is kept, so a second callback fails with 40060. Empty ID, Token and AppID
// are filled in (modifying i); an unknown ID registers a new interaction.
func (s *Server) SendInteraction(ctx context.Context, i *discordgo.Interaction) error {
	raw, err := s.prepareInteraction(i)
	if err != nil {
		return err
	}
	_, err = s.deliver(ctx, raw)
	return err
}

// prepareInteraction fills in and registers i as SendInteraction does and
// encodes it.
func (s *Server) prepareInteraction(i *discordgo.Interaction) ([]byte, error) {
	s.mu.Lock()
	if i.ID == "" {
		i.ID = s.newIDLocked()
	}
	if i.Token == "" {
		i.Token = newToken()
	}
	if i.AppID == "" {
		i.AppID = s.opts.AppID
	}
	if _, ok := s.interactions[i.ID]; !ok {
		st := s.registerLocked(i)
		if i.Member != nil && i.Member.User != nil {
			st.userID = i.Member.User.ID
		}
		if i.Message != nil {
			st.sourceMsgID = i.Message.ID
		}
		if d, ok := i.Data.(discordgo.ApplicationCommandInteractionData); ok {
			st.name = d.Name
		}
	}
	raw, err := s.marshalInteractionLocked(i)
	s.mu.Unlock()
	return raw, err
}

func newToken() string { return "aW50ZXJhY3Rpb24" + rand.Text() + rand.Text() }

func (s *Server) newInteractionLocked(user User, guildID, channelID string, typ discordgo.InteractionType) (*discordgo.Interaction, error) {
	if user.ID == "" {
		return nil, errors.New("discordtest: user id is required")
	}
	if user.Username == "" {
		user.Username = "user-" + user.ID
	}
	s.users[user.ID] = user
	u := &discordgo.User{ID: user.ID, Username: user.Username, GlobalName: user.Username, Discriminator: "0"}
	i := &discordgo.Interaction{
		ID: s.newIDLocked(), AppID: s.opts.AppID, Type: typ, GuildID: guildID, ChannelID: channelID,
		AppPermissions: botPermissions, Locale: cmp.Or(user.Locale, discordgo.EnglishUS), Token: newToken(), Version: 1,
		Entitlements: []*discordgo.Entitlement{},
	}
	if guildID != "" {
		g, ok := s.guilds[guildID]
		if !ok {
			return nil, fmt.Errorf("discordtest: unknown guild %s", guildID)
		}
		if ch := s.channels[channelID]; ch == nil || ch.guildID != guildID {
			return nil, fmt.Errorf("discordtest: channel %q is not in guild %s", channelID, guildID)
		}
		loc := cmp.Or(g.Locale, discordgo.EnglishUS)
		i.GuildLocale = &loc
		i.Member = &discordgo.Member{User: u, Permissions: user.Permissions, Roles: []string{}, JoinedAt: time.Unix(1700000000, 0).UTC()}
		i.Context = discordgo.InteractionContextGuild
		i.AuthorizingIntegrationOwners = map[discordgo.ApplicationIntegrationType]string{discordgo.ApplicationIntegrationGuildInstall: guildID}
	} else {
		switch ch := s.channels[channelID]; {
		case channelID == "":
			i.ChannelID = s.dmChannelLocked(user.ID).id
		case ch == nil:
			s.channels[channelID] = &channelState{id: channelID, typ: discordgo.ChannelTypeDM, recipient: user.ID}
			if _, ok := s.dmByUser[user.ID]; !ok {
				s.dmByUser[user.ID] = channelID
			}
		case ch.guildID != "":
			return nil, fmt.Errorf("discordtest: channel %s is in guild %s; pass its guild id", channelID, ch.guildID)
		}
		i.User = u
		i.Context = discordgo.InteractionContextBotDM
	}
	st := s.registerLocked(i)
	st.userID = user.ID
	return i, nil
}

func (s *Server) registerLocked(i *discordgo.Interaction) *interactionState {
	st := &interactionState{id: i.ID, token: i.Token, typ: i.Type, channelID: i.ChannelID, guildID: i.GuildID, sent: time.Now(), created: s.opts.Now()}
	if i.User != nil {
		st.userID = i.User.ID
	}
	s.interactions[i.ID] = st
	s.byToken[i.Token] = st
	return st
}

// resolvedLocked fills data.resolved for user options.
func (s *Server) resolvedLocked(guildID string, options []*Opt) *discordgo.ApplicationCommandInteractionDataResolved {
	var res *discordgo.ApplicationCommandInteractionDataResolved
	var walk func([]*Opt)
	walk = func(opts []*Opt) {
		for _, o := range opts {
			walk(o.Options)
			id, ok := o.Value.(string)
			if o.Type != discordgo.ApplicationCommandOptionUser || !ok {
				continue
			}
			if res == nil {
				res = &discordgo.ApplicationCommandInteractionDataResolved{Users: map[string]*discordgo.User{}}
			}
			name := "user-" + id
			if u, ok := s.users[id]; ok {
				name = u.Username
			}
			res.Users[id] = &discordgo.User{ID: id, Username: name, GlobalName: name, Discriminator: "0"}
			if guildID != "" {
				if res.Members == nil {
					res.Members = map[string]*discordgo.Member{}
				}
				res.Members[id] = &discordgo.Member{Roles: []string{}, JoinedAt: time.Unix(1700000000, 0).UTC()}
			}
		}
	}
	walk(options)
	return res
}

// marshalInteractionLocked encodes i, rendering its message with components
// (which discordgo.Message does not marshal) from the stored message.
func (s *Server) marshalInteractionLocked(i *discordgo.Interaction) ([]byte, error) {
	b, err := json.Marshal(i)
	if err != nil {
		return nil, fmt.Errorf("discordtest: marshal interaction: %w", err)
	}
	if i.Message == nil {
		return b, nil
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(b, &obj); err != nil {
		return nil, fmt.Errorf("discordtest: marshal interaction: %w", err)
	}
	if m, ok := s.messages[i.Message.ID]; ok {
		obj["message"] = mustMarshal(m.obj)
	} else {
		var mobj map[string]json.RawMessage
		_ = json.Unmarshal(mustMarshal(i.Message), &mobj)
		mobj["components"] = mustMarshal(i.Message.Components)
		obj["message"] = mustMarshal(mobj)
	}
	return mustMarshal(obj), nil
}

// deliver dispatches an encoded interaction and decodes it back.
// With an interactions endpoint set it is posted there instead; with a
// sharded bot it goes on its guild's shard (DMs on shard 0).
func (s *Server) deliver(ctx context.Context, raw []byte) (*discordgo.Interaction, error) {
	var i discordgo.Interaction
	if err := json.Unmarshal(raw, &i); err != nil {
		return nil, fmt.Errorf("discordtest: decode interaction: %w", err)
	}
	s.mu.Lock()
	url, shard := s.endpoint, shardFor(i.GuildID, s.shardCount)
	s.mu.Unlock()
	if url != "" {
		s.postInteraction(url, raw)
		return &i, nil
	}
	if err := s.dispatchTo(ctx, shard, "INTERACTION_CREATE", json.RawMessage(raw)); err != nil {
		return nil, fmt.Errorf("discordtest: dispatch interaction: %w", err)
	}
	return &i, nil
}
