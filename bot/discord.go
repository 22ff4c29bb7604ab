package bot

import (
	"context"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
)

// handlerTimeout bounds one interaction's work; Discord's token lasts 15
// minutes but a reply after a few seconds is already useless.
const handlerTimeout = 10 * time.Second

// Attach connects the bot to a discordgo session: it registers the command
// table on the first READY (to guildID when set, else globally) and answers
// interactions. Interactions arriving after ctx ends are left unanswered;
// those already started finish (Wait blocks for them).
func (b *Bot) Attach(ctx context.Context, s *discordgo.Session, guildID string) {
	var once sync.Once
	s.AddHandler(func(s *discordgo.Session, r *discordgo.Ready) {
		once.Do(func() {
			appID := s.State.User.ID
			if r.Application != nil && r.Application.ID != "" {
				appID = r.Application.ID
			}
			go b.register(ctx, s, appID, guildID)
		})
	})
	s.AddHandler(func(s *discordgo.Session, ic *discordgo.InteractionCreate) {
		if ctx.Err() != nil {
			return
		}
		b.serve(ctx, s, ic.Interaction)
	})
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

func (b *Bot) serve(ctx context.Context, s *discordgo.Session, i *discordgo.Interaction) {
	start := time.Now()
	req := requestFrom(i)
	if req == nil {
		return
	}
	// In flight until the reply is delivered, so shutdown waits for that.
	b.inflight.Add(1)
	defer b.inflight.Done()
	hctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), handlerTimeout)
	defer cancel()
	if c := b.leaves[req.Command]; req.Kind == KindCommand && c != nil && c.ClaimsItself {
		req.claimPending = true
	} else if req.Kind != KindAutocomplete {
		fresh, err := b.store.ClaimInteraction(hctx, i.ID, b.now())
		if err != nil {
			b.log.Error("claim interaction failed", "interaction_id", i.ID, "err", err)
			b.observed(req, "error", time.Since(start))
			return
		}
		if !fresh {
			b.ignoreDuplicate(req, start)
			return
		}
	}
	reply, outcome := b.handle(hctx, req)
	if outcome == outcomeDuplicate {
		b.ignoreDuplicate(req, start)
		return
	}
	if err := s.InteractionRespond(i, responseFor(req, reply), discordgo.WithContext(hctx)); err != nil {
		b.log.Error("interaction response failed", "interaction_id", i.ID, "command", req.Command, "custom_id", req.CustomID, "user_id", req.UserID, "err", err)
		outcome = "error"
	}
	b.observed(req, outcome, time.Since(start))
}

// ignoreDuplicate leaves a second delivery of an interaction unanswered:
// the first delivery is answered.
func (b *Bot) ignoreDuplicate(req *Request, start time.Time) {
	b.log.Info("duplicate interaction ignored", "interaction_id", req.ID, "command", req.Command, "user_id", req.UserID)
	b.observed(req, outcomeDuplicate, time.Since(start))
}

// requestFrom reads a Discord interaction; nil for kinds the bot ignores.
func requestFrom(i *discordgo.Interaction) *Request {
	req := &Request{ID: i.ID, GuildID: i.GuildID, ChannelID: i.ChannelID, AppID: i.AppID, Token: i.Token}
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
		data := i.ApplicationCommandData()
		req.Kind = KindCommand
		if i.Type == discordgo.InteractionApplicationCommandAutocomplete {
			req.Kind = KindAutocomplete
		}
		req.Command = data.Name
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
		req.Kind = KindComponent
		req.CustomID = i.MessageComponentData().CustomID
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
