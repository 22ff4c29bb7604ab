package bot

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/hangtime/hangtime/coach"
)

// GymStore keeps post-workout schedules and queues reminders.
type GymStore interface {
	// SaveGymSchedule saves the schedule, withdraws the pending jobs whose
	// key starts with replace and queues first.
	SaveGymSchedule(ctx context.Context, g coach.GymSchedule, first coach.Job, replace string, now time.Time) error
	GymSchedule(ctx context.Context, userID string) (coach.GymSchedule, bool, error)
	// ClearGym removes the schedule and withdraws the user's pending jobs
	// of kind.
	ClearGym(ctx context.Context, userID, kind string, now time.Time) (bool, int64, error)
	AddJob(ctx context.Context, j coach.Job, now time.Time) (int64, bool, error)
	PendingJobs(ctx context.Context, userID, kind string, limit int) ([]coach.Job, error)
	LastJob(ctx context.Context, userID, kind string) (coach.Job, string, string, bool, error)
	GroupChannels(ctx context.Context, userID string) ([]string, error)
}

const (
	defaultDelay  = 5 * time.Minute
	snoozeFor     = 10 * time.Minute
	remindersShow = 5
)

func gymCommand(b *Bot) Command {
	delay := func(desc string) *discordgo.ApplicationCommandOption {
		return &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionString, Name: "delay", Description: desc, MaxLength: 16}
	}
	return Command{Name: "gym", Description: "Reminders to decompress after lifting", Jobs: []JobKind{jobKind(jobReminder, laneReminder, b.runReminder)}, Subs: []Command{
		{Name: "schedule", Description: "A reminder after every workout on these days", Run: b.gymSchedule, Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionString, Name: "days", Description: "mon,wed,fri, weekdays or daily", Required: true, MaxLength: 80},
			{Type: discordgo.ApplicationCommandOptionString, Name: "end", Description: "When your workout ends, local HH:MM such as 18:30", Required: true, MaxLength: 8},
			delay("How long after the end: 5m (default), 0, 15m, 1h"),
			{Type: discordgo.ApplicationCommandOptionString, Name: "where", Description: "dm (default) or channel (this channel)", Choices: []*discordgo.ApplicationCommandOptionChoice{
				{Name: "dm", Value: "dm"}, {Name: "channel", Value: "channel"},
			}},
		}},
		{Name: "done", Description: "I just finished lifting: remind me to decompress", Run: b.gymDone, Options: []*discordgo.ApplicationCommandOption{
			delay("How long from now: 0 (default), 5m, 15m"),
		}},
		{Name: "show", Description: "Your schedule and pending reminders", Run: b.gymShow},
		{Name: "clear", Description: "Remove your schedule and pending reminders", Run: b.gymClear},
	}}
}

// zoneFor returns the user's zone, or a refusal asking them to set one.
func (b *Bot) zoneFor(ctx context.Context, userID string) (*time.Location, error) {
	p, err := b.store.Profile(ctx, userID)
	if err != nil {
		return nil, err
	}
	if p.Timezone == "" {
		return nil, userErr("⚠️ Set your time zone first, so reminders come at your local time: `/profile set timezone:` (such as Europe/Berlin). Nothing was saved.")
	}
	return p.Location(), nil
}

func (b *Bot) gymSchedule(ctx context.Context, req *Request) (Reply, error) {
	days, err := coach.ParseDays("days", req.Options.String("days"))
	if err != nil {
		return Reply{}, err
	}
	end, err := coach.ParseClock("end", req.Options.String("end"))
	if err != nil {
		return Reply{}, err
	}
	delay := defaultDelay
	if s := req.Options.String("delay"); s != "" {
		if delay, err = coach.ParseDelay("delay", s, coach.MaxGymDelay); err != nil {
			return Reply{}, err
		}
	}
	g := coach.GymSchedule{UserID: req.UserID, Days: days, End: end, Delay: delay, Destination: "dm"}
	switch where := req.Options.String("where"); where {
	case "", "dm":
	case "channel":
		if req.GuildID == "" {
			return Reply{}, &coach.InputError{Field: "where", Problem: "channel only works in a server channel", Accepted: "use where: dm here, or run the command in the channel you want"}
		}
		g.Destination, g.GuildID, g.ChannelID = "channel", req.GuildID, req.ChannelID
	default:
		return Reply{}, &coach.InputError{Field: "where", Problem: fmt.Sprintf("%q is not a destination", where), Accepted: "choose dm or channel"}
	}
	loc, err := b.zoneFor(ctx, req.UserID)
	if err != nil {
		return Reply{}, err
	}
	now := b.now()
	first := g.Next(now, loc)
	if err := b.store.SaveGymSchedule(ctx, g, gymJob(g, first), gymKeys(g.UserID), now); err != nil {
		return Reply{}, err
	}
	return Reply{Ephemeral: true, Content: fmt.Sprintf("🏋️ Saved: a reminder %s after a workout ending at %s (%s), %s, %s.\nNext: %s (%s).",
		coach.FormatDuration(delay), coach.FormatClock(end), loc, days.Label(), destinationText(g), ts(first, "F"), ts(first, "R"))}, nil
}

func destinationText(g coach.GymSchedule) string {
	if g.Destination == "channel" {
		return "in <#" + g.ChannelID + ">"
	}
	return "by DM"
}

func (b *Bot) gymDone(ctx context.Context, req *Request) (Reply, error) {
	var delay time.Duration
	if s := req.Options.String("delay"); s != "" {
		var err error
		if delay, err = coach.ParseDelay("delay", s, coach.MaxGymDelay); err != nil {
			return Reply{}, err
		}
	}
	p := reminderPayload{Source: "done", Dest: "dm"}
	if g, ok, err := b.store.GymSchedule(ctx, req.UserID); err != nil {
		return Reply{}, err
	} else if ok && g.Destination == "channel" {
		p.Dest, p.ChannelID = "channel", g.ChannelID
	}
	now := b.now()
	due := now.Add(delay)
	if _, _, err := b.store.AddJob(ctx, newJob(jobReminder, laneReminder, req.UserID, gymDoneKey(req.ID), due, p), now); err != nil {
		return Reply{}, err
	}
	if delay == 0 {
		return Reply{Ephemeral: true, Content: "💪 Nice work. Your decompression reminder is on its way."}, nil
	}
	return Reply{Ephemeral: true, Content: fmt.Sprintf("💪 Nice work. I'll remind you to decompress %s.", ts(due, "R"))}, nil
}

func (b *Bot) gymShow(ctx context.Context, req *Request) (Reply, error) {
	g, ok, err := b.store.GymSchedule(ctx, req.UserID)
	if err != nil {
		return Reply{}, err
	}
	pending, err := b.store.PendingJobs(ctx, req.UserID, jobReminder, remindersShow)
	if err != nil {
		return Reply{}, err
	}
	last, state, note, hasLast, err := b.store.LastJob(ctx, req.UserID, jobReminder)
	if err != nil {
		return Reply{}, err
	}
	e := &discordgo.MessageEmbed{Title: "Your post-workout reminders", Color: colorBrand}
	if ok {
		p, err := b.profileOf(ctx, req)
		if err != nil {
			return Reply{}, err
		}
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "Schedule", Value: fmt.Sprintf("%s, workout ends %s (%s), reminder %s later, %s",
			capitalize(g.Days.Label()), coach.FormatClock(g.End), p.Location(), coach.FormatDuration(g.Delay), destinationText(g))})
	} else {
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "Schedule", Value: "none — set one with `/gym schedule days: end:`"})
	}
	var lines []string
	for _, j := range pending {
		lines = append(lines, fmt.Sprintf("%s (%s)", ts(j.Due, "F"), ts(j.Due, "R")))
	}
	if len(lines) == 0 {
		lines = []string{"none"}
	}
	e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "Pending", Value: strings.Join(lines, "\n")})
	if hasLast && (state != coach.JobDone || note != "") {
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "Last reminder", Value: fmt.Sprintf("%s: %s%s", ts(last.Due, "f"), stateText(state), noteText(note))})
	}
	return Reply{Ephemeral: true, Embeds: []*discordgo.MessageEmbed{e}}, nil
}

func stateText(state string) string {
	switch state {
	case coach.JobDone:
		return "sent"
	case coach.JobUndeliverable:
		return "⚠️ could not be delivered"
	case coach.JobMissed:
		return "missed"
	case coach.JobFailed:
		return "⚠️ failed"
	}
	return state
}

func noteText(note string) string {
	if note == "" {
		return ""
	}
	return " — " + note
}

func (b *Bot) gymClear(ctx context.Context, req *Request) (Reply, error) {
	had, n, err := b.store.ClearGym(ctx, req.UserID, jobReminder, b.now())
	if err != nil {
		return Reply{}, err
	}
	if !had && n == 0 {
		return Reply{}, userErr("You have no schedule or pending reminders to clear.")
	}
	return Reply{Ephemeral: true, Content: fmt.Sprintf("🧹 Cleared your schedule and %s.", plural(int(n), "pending reminder"))}, nil
}
