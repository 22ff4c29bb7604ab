package bot

import (
	"context"
	"fmt"

	"github.com/bwmarrin/discordgo"

	"github.com/hangtime/hangtime/coach"
)

func (b *Bot) profileSet(ctx context.Context, req *Request) (Reply, error) {
	o := req.Options
	if o.String("device") == "" && o.String("timezone") == "" && o.String("level") == "" {
		return Reply{}, userErr("⚠️ Give at least one of **device**, **timezone** or **level**. Nothing was saved.")
	}
	p, err := b.profileOf(ctx, req)
	if err != nil {
		return Reply{}, err
	}
	if d, err := coach.ParseDevice("device", o.String("device")); err != nil {
		return Reply{}, err
	} else if d != "" {
		p.Device = d
	}
	oldZone := p.Timezone
	if tz := o.String("timezone"); tz != "" {
		_, name, err := coach.ParseTimezone("timezone", tz)
		if err != nil {
			return Reply{}, err
		}
		p.Timezone = name
	}
	if l, err := coach.ParseLevel("level", o.String("level")); err != nil {
		return Reply{}, err
	} else if l != "" {
		p.Level = l
	}
	now := b.now()
	r := b.profileReply(p)
	r.Content = "Saved."
	var g coach.GymSchedule
	var scheduled bool
	if p.Timezone != oldZone {
		if g, scheduled, err = b.store.GymSchedule(ctx, req.UserID); err != nil {
			return Reply{}, err
		}
	}
	if !scheduled {
		if err := b.store.SaveProfile(ctx, p, now); err != nil {
			return Reply{}, err
		}
		return r, nil
	}
	// The queued post-workout reminder was computed in the old zone: it
	// moves in the same transaction, so a failure saves nothing.
	next := g.Next(now, p.Location())
	moved, err := b.store.SaveProfileMovingReminder(ctx, p, gymJob(g, next), now)
	if err != nil {
		return Reply{}, err
	}
	if moved {
		r.Content += fmt.Sprintf(" Your next post-workout reminder moves to %s.", ts(next, "F"))
	}
	return r, nil
}

func (b *Bot) profileShow(ctx context.Context, req *Request) (Reply, error) {
	p, err := b.profileOf(ctx, req)
	if err != nil {
		return Reply{}, err
	}
	return b.profileReply(p), nil
}

func (b *Bot) profileReply(p coach.Profile) Reply {
	orUnset := func(s string) string {
		if s == "" {
			return "not set"
		}
		return s
	}
	device := "not set (the inversion table is assumed)"
	if p.Device != "" {
		device = p.Device.Label()
	}
	tz := orUnset(p.Timezone)
	if p.Timezone != "" {
		tz += fmt.Sprintf(" (now %s there)", b.now().In(p.Location()).Format("15:04"))
	} else {
		tz = "not set (days are counted in UTC)"
	}
	safety := "not yet acknowledged"
	if !p.SafetyAck.IsZero() {
		safety = "acknowledged " + ts(p.SafetyAck, "D")
	}
	return Reply{Ephemeral: true, Embeds: []*discordgo.MessageEmbed{{
		Title: "Your profile",
		Color: colorBrand,
		Fields: []*discordgo.MessageEmbedField{
			{Name: "Device", Value: device, Inline: true},
			{Name: "Level", Value: orUnset(string(p.Level)), Inline: true},
			{Name: "Time zone", Value: tz},
			{Name: "Safety card", Value: safety},
		},
		Footer: &discordgo.MessageEmbedFooter{Text: "Change with /profile set"},
	}}}
}
