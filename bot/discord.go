package bot

import (
	"context"
	"fmt"
	"runtime/debug"
	"time"

	"github.com/bwmarrin/discordgo"
)

// handlerTimeout bounds one interaction's work; Discord's token lasts 15
// minutes but a reply after a few seconds is already useless.
const handlerTimeout = 10 * time.Second

// Attach connects the bot to a discordgo session: it registers the command
// table on the first READY (to guildID when set, else globally; once per
// bot, so every shard's session may be attached) and answers
// interactions, deferring those whose handler is slower than
// Config.DeferAfter (see answer). Interactions arriving after ctx ends are
// left unanswered; those already started finish (Wait blocks for them).
func (b *Bot) Attach(ctx context.Context, s *discordgo.Session, guildID string) {
	s.AddHandler(func(s *discordgo.Session, r *discordgo.Ready) {
		defer b.recoverEvent("READY")
		b.registerOnce.Do(func() {
			appID := s.State.User.ID
			if r.Application != nil && r.Application.ID != "" {
				appID = r.Application.ID
			}
			go b.register(ctx, s, appID, guildID)
		})
	})
	s.AddHandler(func(s *discordgo.Session, ic *discordgo.InteractionCreate) {
		defer b.recoverEvent("INTERACTION_CREATE")
		if ctx.Err() != nil || ic.Interaction == nil {
			return
		}
		b.serve(ctx, s, ic.Interaction, nil)
	})
}

// recoverEvent keeps a panic in a gateway event handler from ending the
// process: discordgo runs handlers on their own goroutines, outside any
// recovery of its own. Handlers already recover around commands; this
// covers everything before and after them.
func (b *Bot) recoverEvent(event string) {
	if p := recover(); p != nil {
		b.log.Error("gateway event handler panicked", "event", event, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
	}
}

// register replaces the application's commands with the table; a refusal is
// logged with Discord's reason and the bot keeps serving.
func (b *Bot) register(ctx context.Context, s *discordgo.Session, appID, guildID string) {
	cmds := b.ApplicationCommands()
	got, err := s.ApplicationCommandBulkOverwrite(appID, guildID, cmds, discordgo.WithContext(ctx))
	if err != nil {
		b.log.Error("command registration refused", "application_id", appID, "guild_id", guildID, "err", err)
		return
	}
	b.log.Info("commands registered", "application_id", appID, "guild_id", guildID, "count", len(got))
}

// responder sends an interaction's first response (the reply, or the
// deferral that says one is coming).
type responder func(ctx context.Context, r *discordgo.InteractionResponse) error

// serve answers one interaction, whichever transport brought it: the
// claim, the deferral and the delivery are the same for both. respond
// sends the first response: nil means Discord's callback endpoint, for
// interactions from the gateway; the interactions endpoint passes one that
// writes the HTTP response (see Interactions). Whatever comes after it
// goes through s (or Config.Replies) by REST. serve returns the outcome it
// observed.
func (b *Bot) serve(ctx context.Context, s *discordgo.Session, i *discordgo.Interaction, respond responder) string {
	growStack()
	start := time.Now()
	req := requestFrom(i)
	if req == nil {
		b.log.Warn("interaction dropped: malformed or of an unknown kind", "interaction_id", i.ID, "type", int(i.Type))
		return "dropped"
	}
	// In flight until the reply is delivered, so shutdown waits for that;
	// once shutdown waits, the interaction is left unanswered.
	if !b.enter() {
		return "shutting_down"
	}
	defer b.inflight.Done()
	hctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), handlerTimeout)
	defer cancel()
	if c := b.leaves[req.Command]; req.Kind == KindCommand && c != nil && c.ClaimsItself {
		req.claimPending = true
	} else if req.Kind != KindAutocomplete {
		fresh, err := b.store.ClaimInteraction(hctx, i.ID, b.now())
		if err != nil {
			// Storage refuses writes (a full disk, a read-only file): answer
			// all the same. Commands that only read still work; those that
			// write fail at their write and say nothing was saved. A
			// redelivery may then be answered twice, but the writes carry
			// the interaction id and are never made twice.
			b.log.Error("claim interaction failed; answering unclaimed", "interaction_id", i.ID, "err", err)
			fresh = true
		}
		if !fresh {
			b.ignoreDuplicate(req, start)
			return outcomeDuplicate
		}
	}
	if b.replies != nil {
		s = b.replies
	}
	if respond == nil {
		respond = func(ctx context.Context, r *discordgo.InteractionResponse) error {
			return callback(ctx, s, i, r)
		}
	}
	outcome := b.answer(hctx, respond, s, i, req, start)
	if outcome == outcomeDuplicate {
		b.ignoreDuplicate(req, start)
		return outcome
	}
	b.observed(req, outcome, time.Since(start))
	return outcome
}

// ignoreDuplicate leaves a second delivery of an interaction unanswered:
// the first delivery is answered.
func (b *Bot) ignoreDuplicate(req *Request, start time.Time) {
	b.log.Info("duplicate interaction ignored", "interaction_id", req.ID, "command", req.Command, "user_id", req.UserID)
	b.observed(req, outcomeDuplicate, time.Since(start))
}

// requestFrom reads a Discord interaction; nil for kinds the bot ignores.
func requestFrom(i *discordgo.Interaction) *Request {
	req := &Request{ID: i.ID, GuildID: i.GuildID, ChannelID: i.ChannelID, AppID: i.AppID, Token: i.Token, Locale: string(i.Locale)}
	if i.GuildLocale != nil {
		req.GuildLocale = string(*i.GuildLocale)
	}
	switch {
	case i.Member != nil && i.Member.User != nil:
		req.UserID, req.UserName, req.Permissions = i.Member.User.ID, i.Member.User.Username, i.Member.Permissions
	case i.User != nil:
		req.UserID, req.UserName = i.User.ID, i.User.Username
	default:
		return nil
	}
	switch i.Type {
	case discordgo.InteractionApplicationCommand, discordgo.InteractionApplicationCommandAutocomplete:
		// discordgo delivers an event whose data it could not decode with
		// Data nil; its accessors would panic on that.
		data, ok := i.Data.(discordgo.ApplicationCommandInteractionData)
		if !ok {
			return nil
		}
		req.Kind = KindCommand
		if i.Type == discordgo.InteractionApplicationCommandAutocomplete {
			req.Kind = KindAutocomplete
		}
		req.Command = data.Name
		if data.Resolved != nil {
			req.Attachments = data.Resolved.Attachments
		}
		opts := data.Options
		for len(opts) == 1 && (opts[0].Type == discordgo.ApplicationCommandOptionSubCommand || opts[0].Type == discordgo.ApplicationCommandOptionSubCommandGroup) {
			req.Command += " " + opts[0].Name
			opts = opts[0].Options
		}
		req.Options = Options{}
		for _, o := range opts {
			req.Options[o.Name] = o.Value
			if o.Focused {
				req.Focused = o.Name
			}
		}
	case discordgo.InteractionMessageComponent:
		data, ok := i.Data.(discordgo.MessageComponentInteractionData)
		if !ok {
			return nil
		}
		req.Kind = KindComponent
		req.CustomID = data.CustomID
		if i.Message != nil {
			req.MessageID = i.Message.ID
		}
	default:
		return nil
	}
	return req
}

func responseFor(req *Request, r Reply) *discordgo.InteractionResponse {
	if req.Kind == KindAutocomplete {
		return &discordgo.InteractionResponse{
			Type: discordgo.InteractionApplicationCommandAutocompleteResult,
			Data: &discordgo.InteractionResponseData{Choices: r.Choices},
		}
	}
	typ := discordgo.InteractionResponseChannelMessageWithSource
	if r.Update && req.Kind == KindComponent {
		typ = discordgo.InteractionResponseUpdateMessage
	}
	data := &discordgo.InteractionResponseData{
		Content:         r.Content,
		Embeds:          r.Embeds,
		Components:      r.Components,
		Files:           r.Files,
		AllowedMentions: r.allowedMentions(),
	}
	if typ == discordgo.InteractionResponseUpdateMessage {
		// An update replaces the message: clear what the reply leaves out.
		if data.Embeds == nil {
			data.Embeds = []*discordgo.MessageEmbed{}
		}
		if data.Components == nil {
			data.Components = []discordgo.MessageComponent{}
		}
	} else if r.Ephemeral {
		data.Flags = discordgo.MessageFlagsEphemeral
	}
	return &discordgo.InteractionResponse{Type: typ, Data: data}
}
