package bot

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/hangtime/hangtime/coach"
)

// remindStore keeps plain reminders (/remind).
type remindStore interface {
	// AddReminder adds r unless the user has limit already, and queues
	// first(id); it returns the id (0 when not added) and the user's count.
	AddReminder(ctx context.Context, r coach.Reminder, limit int, first func(id int64) coach.Job, now time.Time) (int64, int, error)
	Reminders(ctx context.Context, userID string) ([]coach.Reminder, error)
	RemoveReminder(ctx context.Context, userID string, id int64, replace string, now time.Time) (bool, error)
}

// remindKeys starts the key of every occurrence of plain reminder id.
func remindKeys(userID string, id int64) string {
	return remindPrefix(userID) + strconv.FormatInt(id, 10) + ":"
}

// remindPrefix starts the key of every occurrence of the user's plain
// reminders.
func remindPrefix(userID string) string { return "remind:" + userID + ":" }

// plainJob is the occurrence of plain reminder r due at due.
func plainJob(r coach.Reminder, due time.Time) coach.Job {
	return newJob(jobReminder, laneReminder, r.UserID, remindKeys(r.UserID, r.ID)+strconv.FormatInt(due.Unix(), 10), due,
		reminderPayload{Source: "plain", Dest: "dm", Schedule: r.ID})
}

func remindCommand(b *gymFeature) Command {
	return Command{Name: "remind", Description: "Plain hang reminders, not tied to the gym", Subs: []Command{
		{Name: "add", Description: "Remind me to hang at this time (up to 10 reminders)", Run: b.remindAdd, Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionString, Name: "time", Description: "Local time such as 19:00, 7pm or 7:30 pm", Required: true, MaxLength: 8},
			{Type: discordgo.ApplicationCommandOptionString, Name: "days", Description: "daily (default), weekdays, weekends, mon,wed,fri or mon-fri", MaxLength: 80},
		}},
		{Name: "list", Description: "Your reminders, each with its next time", Run: b.remindList},
		{Name: "remove", Description: "Remove one reminder", Run: b.remindRemove, Autocomplete: b.remindComplete, Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionString, Name: "reminder", Description: "The reminder to remove", Required: true, Autocomplete: true, MaxLength: 20},
		}},
	}}
}

func reminderLabel(t *Tr, r coach.Reminder) string {
	return coach.FormatClock(r.Minute) + ", " + t.Days(r.Days)
}

func (b *gymFeature) remindAdd(ctx context.Context, req *Request) (Reply, error) {
	minute, err := coach.ParseClock("time", req.Options.String("time"))
	if err != nil {
		return Reply{}, err
	}
	days := coach.Weekdays(0x7f)
	if s := req.Options.String("days"); s != "" {
		if days, err = coach.ParseDays("days", s); err != nil {
			return Reply{}, err
		}
	}
	z, err := b.zoneFor(ctx, req.UserID, req.GuildID)
	if err != nil {
		return Reply{}, err
	}
	rs, err := b.store.Reminders(ctx, req.UserID)
	if err != nil {
		return Reply{}, err
	}
	r := coach.Reminder{UserID: req.UserID, Days: days, Minute: minute}
	for _, h := range rs {
		if h.Days == r.Days && h.Minute == r.Minute {
			return Reply{}, userKey("remind.exists", reminderLabel(req.T(), h))
		}
	}
	now := b.now()
	first := r.Next(now, z.loc)
	id, n, err := b.store.AddReminder(ctx, r, coach.MaxReminders, func(id int64) coach.Job {
		r.ID = id
		return plainJob(r, first)
	}, now)
	if err != nil {
		return Reply{}, err
	}
	if id == 0 {
		return Reply{}, userKey("remind.full", n)
	}
	t := req.T()
	return Reply{Ephemeral: true, Content: t.S("remind.added", coach.FormatClock(minute), z.labelIn(t), t.Days(days), ts(first, "F"), ts(first, "R"), t.S("unit.reminders", n), coach.MaxReminders)}, nil
}

func (b *gymFeature) remindList(ctx context.Context, req *Request) (Reply, error) {
	rs, err := b.store.Reminders(ctx, req.UserID)
	if err != nil {
		return Reply{}, err
	}
	if len(rs) == 0 {
		return Reply{Ephemeral: true, Content: req.T().S("remind.none")}, nil
	}
	p, err := b.profileOf(ctx, req)
	if err != nil {
		return Reply{}, err
	}
	z, err := userZone(ctx, b.store, req.UserID, p, req.GuildID)
	if err != nil {
		return Reply{}, err
	}
	now := b.now()
	t := req.T()
	var lines []string
	for i, r := range rs {
		next := r.Next(now, z.loc)
		lines = append(lines, strconv.Itoa(i+1)+". "+t.S("remind.line", reminderLabel(t, r), ts(next, "F"), ts(next, "R")))
	}
	e := &discordgo.MessageEmbed{Title: t.S("remind.title"), Color: colorBrand, Description: strings.Join(lines, "\n"),
		Footer: &discordgo.MessageEmbedFooter{Text: t.S("remind.footer", len(rs), coach.MaxReminders, z.labelIn(t))}}
	return Reply{Ephemeral: true, Embeds: []*discordgo.MessageEmbed{e}}, nil
}

func (b *gymFeature) remindRemove(ctx context.Context, req *Request) (Reply, error) {
	rs, err := b.store.Reminders(ctx, req.UserID)
	if err != nil {
		return Reply{}, err
	}
	s := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(req.Options.String("reminder")), "#"))
	var r coach.Reminder
	if id, err := strconv.ParseInt(strings.TrimPrefix(s, "id"), 10, 64); err == nil {
		for i, h := range rs {
			if strings.HasPrefix(s, "id") && h.ID == id || !strings.HasPrefix(s, "id") && int64(i+1) == id {
				r = h
			}
		}
	}
	if r.ID == 0 {
		return Reply{}, inputErr("reminder", "in.not_reminder", []any{truncateRunes(s, 20)}, "in.reminder_pick")
	}
	removed, err := b.store.RemoveReminder(ctx, req.UserID, r.ID, remindKeys(req.UserID, r.ID), b.now())
	if err != nil {
		return Reply{}, err
	}
	if !removed {
		return Reply{}, userKey("remind.gone")
	}
	t := req.T()
	return Reply{Ephemeral: true, Content: t.S("remind.removed", reminderLabel(t, r), t.S("unit.reminders", len(rs)-1))}, nil
}

// remindComplete offers the user's reminders for /remind remove.
func (b *gymFeature) remindComplete(ctx context.Context, req *Request) (Reply, error) {
	choices := []*discordgo.ApplicationCommandOptionChoice{}
	if req.Focused == "reminder" {
		rs, err := b.store.Reminders(ctx, req.UserID)
		if err != nil {
			return Reply{}, err
		}
		q := strings.ToLower(req.Options.String("reminder"))
		for i, r := range rs {
			label := strconv.Itoa(i+1) + ". " + reminderLabel(req.T(), r)
			if q == "" || strings.Contains(strings.ToLower(label), q) {
				choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: truncateRunes(label, 100), Value: "id" + strconv.FormatInt(r.ID, 10)})
			}
		}
	}
	return Reply{Choices: choices}, nil
}
