package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/hangtime/hangtime/coach"
)

// minLogged is the shortest live hang worth logging; a Done pressed sooner
// is treated as a change of mind.
const minLogged = 5 * time.Second

// messageRef names the message a reply to req creates (or, for a click,
// updates), so it can be edited later through the Outbox.
func messageRef(req *Request) string {
	if req.Token == "" {
		return "local"
	}
	return "webhook:" + req.AppID + ":" + req.Token
}

// planFor computes today's suggestion for the user, as /plan shows it.
func (b *Bot) planFor(ctx context.Context, p coach.Profile) (coach.Plan, error) {
	history, _, err := b.store.Sessions(ctx, p.UserID, planHistory, 0)
	if err != nil {
		return coach.Plan{}, err
	}
	return coach.MakePlan(p, history, b.now()), nil
}

func (b *Bot) hangStart(ctx context.Context, req *Request) (Reply, error) {
	p, err := b.profileOf(ctx, req)
	if err != nil {
		return Reply{}, err
	}
	device, err := coach.ParseDevice("device", req.Options.String("device"))
	if err != nil {
		return Reply{}, err
	}
	if device != "" {
		p.Device = device
	}
	plan, err := b.planFor(ctx, p)
	if err != nil {
		return Reply{}, err
	}
	angle := plan.Angle
	if a, given := req.Options.Int("angle"); given {
		if _, checked, err := deviceAndAngle(Options{"device": string(plan.Device), "angle": a}, p); err != nil {
			return Reply{}, err
		} else {
			angle = checked
		}
	}
	target := plan.Duration
	if t := req.Options.String("target"); t != "" {
		if target, err = coach.ParseDuration("target", t); err != nil {
			return Reply{}, err
		}
	}
	now := b.now()
	l := coach.Live{UserID: req.UserID, InteractionID: req.ID, Start: now, Target: now.Add(target),
		Device: plan.Device, Angle: angle, MessageRef: messageRef(req)}
	cur, started, err := b.store.StartLive(ctx, l, now)
	if err != nil {
		return Reply{}, err
	}
	if !started && cur.InteractionID != req.ID {
		return Reply{}, userErr("You already have a hang running (ends %s). Finish it with **Done** or `/hang stop` first.", ts(cur.Target, "R"))
	}
	return liveReply(cur, plan.Caution), nil
}

func liveReply(l coach.Live, caution string) Reply {
	target := l.Target.Sub(l.Start)
	desc := fmt.Sprintf("**%s** on the %s", coach.FormatDuration(target), l.Device.Label())
	if l.Angle > 0 {
		desc += fmt.Sprintf(" at %d°", l.Angle)
	}
	desc += fmt.Sprintf("\nTime's up %s (%s).\n\nBreathe slowly and let your back go loose; rotate your torso gently now and then. Press **Done** when you come up.", ts(l.Target, "R"), ts(l.Target, "T"))
	if target > coach.CautionAbove {
		desc += "\n⚠️ " + coach.CautionText
	}
	if caution != "" {
		desc += "\n⚠️ " + caution
	}
	return Reply{
		Embeds: []*discordgo.MessageEmbed{{Title: "🙃 Hanging", Description: desc, Color: colorBrand}},
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: "Done", Style: discordgo.SuccessButton, CustomID: customID("live", l.UserID, "done", l.InteractionID)},
			discordgo.Button{Label: "Cancel", Style: discordgo.SecondaryButton, CustomID: customID("live", l.UserID, "cancel", l.InteractionID)},
		}}},
	}
}

// endLive ends the user's live hang (the one started by iid, or any when
// iid is empty) at now, logging it unless cancel is set or it was too short.
func (b *Bot) endLive(ctx context.Context, userID, iid string, cancel bool) (coach.Live, coach.Session, bool, error) {
	now := b.now()
	return b.store.EndLive(ctx, userID, iid, now, func(l coach.Live) (coach.Session, bool) {
		elapsed := min(now.Sub(l.Start), l.Target.Sub(l.Start))
		s := coach.Session{UserID: l.UserID, Start: l.Start, Duration: elapsed.Round(time.Second), Device: l.Device, Angle: l.Angle,
			Routine: l.Routine, StoppedEarly: elapsed < l.Target.Sub(l.Start)}
		return s, !cancel && elapsed >= minLogged
	})
}

func endedText(l coach.Live, s coach.Session, cancelled bool) string {
	switch {
	case cancelled:
		return "Cancelled — nothing logged."
	case s.Duration < minLogged:
		return "Stopped within a few seconds — nothing logged."
	case s.StoppedEarly:
		return fmt.Sprintf("✅ Done — logged **%s** (target %s). Come up slowly, pausing near horizontal.", coach.FormatDuration(s.Duration), coach.FormatDuration(l.Target.Sub(l.Start)))
	}
	return fmt.Sprintf("✅ Done — logged **%s**. Come up slowly, pausing near horizontal.", coach.FormatDuration(s.Duration))
}

func (b *Bot) liveButton(ctx context.Context, req *Request) (Reply, error) {
	a := args(req)
	if len(a) != 2 {
		return Reply{}, userErr("That button is no longer valid.")
	}
	cancel := a[0] == "cancel"
	l, s, ok, err := b.endLive(ctx, req.UserID, a[1], cancel)
	if err != nil {
		return Reply{}, err
	}
	if !ok {
		return Reply{Update: true, Content: "This hang has already ended."}, nil
	}
	b.afterLog(ctx, req)
	return Reply{Update: true, Content: endedText(l, s, cancel)}, nil
}

func (b *Bot) hangStop(ctx context.Context, req *Request) (Reply, error) {
	l, s, ok, err := b.endLive(ctx, req.UserID, "", false)
	if err != nil {
		return Reply{}, err
	}
	if !ok {
		return Reply{}, userErr("You have no hang running. Start one with `/hang start`.")
	}
	b.afterLog(ctx, req)
	text := endedText(l, s, false)
	b.editLater(ctx, l.MessageRef, Reply{Content: text})
	return Reply{Content: text}, nil
}

// editLater edits a message through the Outbox; a failure (the interaction
// token lasts 15 minutes) costs only the edit, so it is logged, not returned.
func (b *Bot) editLater(ctx context.Context, ref string, r Reply) {
	if b.outbox == nil || ref == "" {
		return
	}
	if err := b.outbox.Edit(ctx, ref, r); err != nil {
		b.log.Warn("message edit failed", "err", err)
	}
}

// FinishLive is the runner of hang_end jobs: it completes the live hang at
// its target, logs it, and edits its message to say time is up. A hang
// already ended by Done, Cancel or /hang stop makes it a no-op.
func (b *Bot) FinishLive(ctx context.Context, job coach.Job) error {
	var p struct {
		InteractionID string `json:"interaction_id"`
	}
	if err := json.Unmarshal([]byte(job.Payload), &p); err != nil {
		return fmt.Errorf("decode hang_end job: %w", err)
	}
	l, s, ok, err := b.store.EndLive(ctx, job.UserID, p.InteractionID, b.now(), func(l coach.Live) (coach.Session, bool) {
		return coach.Session{UserID: l.UserID, Start: l.Start, Duration: l.Target.Sub(l.Start), Device: l.Device, Angle: l.Angle, Routine: l.Routine}, true
	})
	if err != nil || !ok {
		return err
	}
	b.afterLog(ctx, &Request{UserID: job.UserID})
	text := fmt.Sprintf("⏰ Time's up — come up slowly, pausing near horizontal before you sit up.\nLogged **%s** on the %s", coach.FormatDuration(s.Duration), s.Device.Label())
	if s.Angle > 0 {
		text += fmt.Sprintf(" at %d°", s.Angle)
	}
	if late := b.now().Sub(l.Target); late > time.Minute {
		text += fmt.Sprintf(" (finished %s, while Hangtime was offline)", ts(l.Target, "R"))
	}
	b.editLater(ctx, l.MessageRef, Reply{Content: strings.TrimSpace(text) + "."})
	return nil
}
