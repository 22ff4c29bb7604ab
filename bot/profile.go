package bot

import (
	"context"
	"fmt"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/hangtime/hangtime/coach"
)

// profileStore is what /profile needs from storage: the profile itself,
// and the gym schedule whose next reminder moves with the time zone.
type profileStore interface {
	zoneStore
	GymSchedules(ctx context.Context, userID string) ([]coach.GymSchedule, error)
	// SaveProfileRequeuing saves p and replaces the pending jobs under each
	// key prefix of requeue with its job, all in one transaction.
	SaveProfileRequeuing(ctx context.Context, p coach.Profile, requeue map[string]coach.Job, now time.Time) error
}

// profileFeature is /profile set and /profile show.
type profileFeature struct {
	*Bot
	store profileStore
}

func (b *profileFeature) profileSet(ctx context.Context, req *Request) (Reply, error) {
	o := req.Options
	weekly, hasWeekly := o.Int("weekly")
	if o.String("device") == "" && o.String("timezone") == "" && o.String("level") == "" && !hasWeekly && o.String("notify") == "" {
		return Reply{}, userErr("⚠️ Give at least one of **device**, **timezone**, **level**, **weekly** or **notify**. Nothing was saved.")
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
	if hasWeekly {
		n, err := coach.ParseWeekly("weekly", weekly)
		if err != nil {
			return Reply{}, err
		}
		p.Weekly = n
	}
	if n, err := coach.ParseNotify("notify", o.String("notify")); err != nil {
		return Reply{}, err
	} else if n != "" {
		p.Notify = n
	}
	now := b.now()
	gs, err := b.store.GymSchedules(ctx, req.UserID)
	if err != nil {
		return Reply{}, err
	}
	// The queued post-workout reminders were computed in the old zone: they
	// move with the profile, in one transaction, so "Saved" or "nothing was
	// saved" is true of all of it.
	requeue := map[string]coach.Job{}
	var first time.Time
	if p.Timezone != oldZone {
		for _, g := range gs {
			next := g.Next(now, p.Location())
			requeue[gymKeys(g.UserID, g.ID)] = gymJob(g, next)
			if first.IsZero() || next.Before(first) {
				first = next
			}
		}
	}
	if err := b.store.SaveProfileRequeuing(ctx, p, requeue, now); err != nil {
		return Reply{}, err
	}
	r := b.profileReply(p)
	r.Content = "Saved."
	if hasWeekly {
		if len(gs) > 0 {
			r.Content += fmt.Sprintf(" Your streak follows your gym days (%s) while you have a `/gym schedule`; the weekly target counts once you clear it.", gymDays(gs).Label())
		} else {
			r.Content += fmt.Sprintf(" Your streak now counts the weeks in a row with at least %s of hanging.", plural(p.Weekly, "day"))
		}
	}
	if !first.IsZero() {
		r.Content += fmt.Sprintf(" Your next post-workout reminder moves to %s.", ts(first, "F"))
	}
	return r, nil
}

func (b *profileFeature) profileShow(ctx context.Context, req *Request) (Reply, error) {
	p, err := b.profileOf(ctx, req)
	if err != nil {
		return Reply{}, err
	}
	r := b.profileReply(p)
	if p.Timezone == "" {
		// Without a zone of their own, say which one is used.
		z, err := userZone(ctx, b.store, req.UserID, p, req.GuildID)
		if err != nil {
			return Reply{}, err
		}
		if z.fromGroup {
			for _, e := range r.Embeds {
				for _, f := range e.Fields {
					if f.Name == "Time zone" {
						f.Value = fmt.Sprintf("not set (days are counted in %s, your server group's zone)", z.name)
					}
				}
			}
		}
	}
	return r, nil
}

func (b *profileFeature) profileReply(p coach.Profile) Reply {
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
	weekly := "not set (your streak follows your gym days, else every day)"
	if p.Weekly > 0 {
		weekly = plural(p.Weekly, "day") + " a week"
	}
	notify := "a DM"
	if p.Notify == coach.NotifyChannel {
		notify = "a message in the channel where you started, mentioning only you"
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
			{Name: "Weekly target", Value: weekly, Inline: true},
			{Name: "Time's up reaches you by", Value: notify, Inline: true},
			{Name: "Safety card", Value: safety},
		},
		Footer: &discordgo.MessageEmbedFooter{Text: "Change with /profile set"},
	}}}
}

// weeklyOption is /profile set's weekly target; Discord enforces the range
// in its form, and the handler checks it again.
func weeklyOption() *discordgo.ApplicationCommandOption {
	lo := 1.0
	return &discordgo.ApplicationCommandOption{
		Type: discordgo.ApplicationCommandOptionInteger, Name: "weekly",
		Description: "Target days a week (1–7): your streak then counts weeks that met it",
		MinValue:    &lo, MaxValue: coach.MaxWeekly,
	}
}
