package bot

import (
	"context"
	"fmt"
	"time"

	"github.com/bwmarrin/discordgo"
)

// DefaultDeferAfter is how long an interaction waits for its handler before
// the dispatcher defers it: Discord drops an interaction not acknowledged
// within 3 seconds, and the deferral itself needs a round trip.
const DefaultDeferAfter = 2 * time.Second

// answer runs the handler and delivers its reply: the first response
// through respond, a later one through s. When the handler has not
// answered deferAfter after the interaction arrived, the interaction is
// deferred and the reply delivered later (deliverLate), so a slow disk or
// a long /stats never makes Discord say "The application did not respond".
// The timer starts only after the claim said the interaction is ours:
// deferring one another process owns would break that process's answer.
// Autocomplete is never deferred; Discord accepts no deferral for it.
// answer returns the outcome to observe.
func (b *Bot) answer(ctx context.Context, respond responder, s *discordgo.Session, i *discordgo.Interaction, req *Request, start time.Time) string {
	var timer *time.Timer
	deferred := make(chan error, 1)
	if req.Kind != KindAutocomplete {
		ack := b.deferral(req)
		timer = time.AfterFunc(b.deferAfter-time.Since(start), func() {
			deferred <- respond(ctx, ack)
		})
	}
	reply, outcome := b.handle(ctx, req)
	var err error
	if outcome == outcomeDuplicate {
		// Another delivery answers (a command that claims itself found
		// out at its write). Such a command writes within milliseconds,
		// long before the deferral is due; were one deferred first, the
		// deferral would be the answer's first part, which the other
		// delivery's own response then fails to replace.
		if timer != nil {
			timer.Stop()
		}
		return outcome
	}
	if timer == nil || timer.Stop() {
		err = respond(ctx, responseFor(req, reply))
	} else if err = <-deferred; err != nil {
		err = fmt.Errorf("defer: %w", err)
	} else {
		// The handler may have used up ctx; the delivery gets its own time.
		lctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), handlerTimeout)
		defer cancel()
		err = b.deliverLate(lctx, s, i, req, reply)
		b.log.Info("slow interaction deferred", "command", req.Command, "custom_id", req.CustomID, "user_id", req.UserID, "took", time.Since(start))
	}
	if err != nil {
		b.log.Error("interaction response failed", "interaction_id", i.ID, "command", req.Command, "custom_id", req.CustomID, "user_id", req.UserID, "err", err)
		outcome = "error"
	}
	return outcome
}

// deferral acknowledges an interaction whose reply is not ready yet.
//
// A click defers as an update of the clicked message (type 6): its reply
// is nearly always an update, delivered by editing that message.
//
// A command defers as a message to come (type 5), and Discord fixes that
// message's visibility now, before the reply is known; a later edit cannot
// change it. Never leaking a personal reply decides it: the placeholder is
// ephemeral unless the command declares its replies public
// (Command.Public). A public reply to an undeclared command then stays
// visible only to its user, which loses nothing private; a private reply
// (a refusal, the safety card) to a public command is moved out of the
// public placeholder by deliverLate.
func (b *Bot) deferral(req *Request) *discordgo.InteractionResponse {
	if req.Kind == KindComponent {
		return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredMessageUpdate}
	}
	data := &discordgo.InteractionResponseData{Flags: discordgo.MessageFlagsEphemeral}
	if b.answersPublicly(req) {
		data.Flags = 0
	}
	return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource, Data: data}
}

func (b *Bot) answersPublicly(req *Request) bool {
	c, ok := b.leaves[req.Command]
	return ok && req.Kind == KindCommand && c.Public
}

// deliverLate delivers the reply to an interaction deferred by deferral,
// through the interaction's webhook (valid for 15 minutes).
func (b *Bot) deliverLate(ctx context.Context, s *discordgo.Session, i *discordgo.Interaction, req *Request, r Reply) error {
	switch {
	case req.Kind == KindComponent && !r.Update:
		// A new message, not an edit of the clicked one. After a type 6
		// deferral a followup is a message of its own, flags included.
		if err := followupCreate(ctx, s, i, followup(r)); err != nil {
			return fmt.Errorf("send followup: %w", err)
		}
	case r.Ephemeral && b.answersPublicly(req):
		// The placeholder is public. Ending it first makes the followup a
		// message of its own (the first followup after a type 5 deferral
		// would otherwise fill the public placeholder); then it goes.
		if err := responseEdit(ctx, s, i, webhookEdit(Reply{Content: req.T().S("msg.answered_privately")})); err != nil {
			return fmt.Errorf("end public placeholder: %w", err)
		}
		if err := followupCreate(ctx, s, i, followup(r)); err != nil {
			return fmt.Errorf("send private followup: %w", err)
		}
		if err := responseDelete(ctx, s, i); err != nil {
			return fmt.Errorf("delete public placeholder: %w", err)
		}
	default:
		if err := responseEdit(ctx, s, i, webhookEdit(r)); err != nil {
			return fmt.Errorf("edit original response: %w", err)
		}
	}
	return nil
}

// webhookEdit renders r as the whole new state of a message: what r leaves
// out (embeds, components) is cleared.
func webhookEdit(r Reply) *discordgo.WebhookEdit {
	embeds, comps := r.Embeds, r.Components
	if embeds == nil {
		embeds = []*discordgo.MessageEmbed{}
	}
	if comps == nil {
		comps = []discordgo.MessageComponent{}
	}
	return &discordgo.WebhookEdit{Content: &r.Content, Embeds: &embeds, Components: &comps, Files: r.Files, AllowedMentions: r.allowedMentions()}
}

func followup(r Reply) *discordgo.WebhookParams {
	p := &discordgo.WebhookParams{Content: r.Content, Embeds: r.Embeds, Components: r.Components, Files: r.Files, AllowedMentions: r.allowedMentions()}
	if r.Ephemeral {
		p.Flags = discordgo.MessageFlagsEphemeral
	}
	return p
}
