package bot

import (
	"context"
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
		return Reply{}, userKey("profile.give_one")
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
	t := req.T()
	r := b.profileReply(t, p)
	r.Content = t.S("profile.saved")
	if hasWeekly {
		if len(gs) > 0 {
			r.Content += " " + t.S("profile.weekly_gym", t.Days(gymDays(gs)))
		} else {
			r.Content += " " + t.S("profile.weekly", t.S("unit.days", p.Weekly))
		}
	}
	if !first.IsZero() {
		r.Content += " " + t.S("profile.moved", ts(first, "F"))
	}
	return r, nil
}

func (b *profileFeature) profileShow(ctx context.Context, req *Request) (Reply, error) {
	p, err := b.profileOf(ctx, req)
	if err != nil {
		return Reply{}, err
	}
	t := req.T()
	r := b.profileReply(t, p)
	if p.Timezone == "" {
		// Without a zone of their own, say which one is used.
		z, err := userZone(ctx, b.store, req.UserID, p, req.GuildID)
		if err != nil {
			return Reply{}, err
		}
		if z.fromGroup {
			for _, e := range r.Embeds {
				for _, f := range e.Fields {
					if f.Name == t.S("safety.timezone") {
						f.Value = t.S("profile.tz_group", z.name)
					}
				}
			}
		}
	}
	return r, nil
}

func (b *profileFeature) profileReply(t *Tr, p coach.Profile) Reply {
	device := t.S("profile.device_unset")
	if p.Device != "" {
		device = t.Device(p.Device)
	}
	level := t.S("profile.unset")
	if p.Level != "" {
		level = t.Level(p.Level)
	}
	tz := t.S("profile.tz_unset")
	if p.Timezone != "" {
		tz = t.S("profile.tz_now", p.Timezone, b.now().In(p.Location()).Format("15:04"))
	}
	weekly := t.S("profile.weekly_unset")
	if p.Weekly > 0 {
		weekly = t.S("profile.weekly_value", t.S("unit.days", p.Weekly))
	}
	notify := t.S("profile.notify_dm")
	if p.Notify == coach.NotifyChannel {
		notify = t.S("profile.notify_channel")
	}
	safety := t.S("profile.safety_no")
	if !p.SafetyAck.IsZero() {
		safety = t.S("profile.safety_yes", ts(p.SafetyAck, "D"))
	}
	return Reply{Ephemeral: true, Embeds: []*discordgo.MessageEmbed{{
		Title: t.S("profile.title"),
		Color: colorBrand,
		Fields: []*discordgo.MessageEmbedField{
			{Name: t.S("safety.device"), Value: device, Inline: true},
			{Name: t.S("safety.level"), Value: level, Inline: true},
			{Name: t.S("safety.timezone"), Value: tz},
			{Name: t.S("profile.weekly_name"), Value: weekly, Inline: true},
			{Name: t.S("profile.notify_name"), Value: notify, Inline: true},
			{Name: t.S("profile.safety_name"), Value: safety},
		},
		Footer: &discordgo.MessageEmbedFooter{Text: t.S("profile.footer")},
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
