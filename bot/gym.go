package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/hangtime/hangtime/coach"
)

// gymStore is what /gym, /remind, /gym link and the reminders they queue
// need from storage.
type gymStore interface {
	zoneStore
	remindStore
	linkStore
	Profile(ctx context.Context, userID string) (coach.Profile, error)
	SessionsSince(ctx context.Context, userID string, since time.Time) ([]coach.Session, error)
	LiveSession(ctx context.Context, userID string) (coach.Live, bool, error)
	// AddGymSchedule adds g unless the user has limit already, and queues
	// first(id); it returns the id (0 when not added) and the user's count.
	AddGymSchedule(ctx context.Context, g coach.GymSchedule, limit int, first func(id int64) coach.Job, now time.Time) (int64, int, error)
	GymSchedules(ctx context.Context, userID string) ([]coach.GymSchedule, error)
	RemoveGymSchedule(ctx context.Context, userID string, id int64, replace string, now time.Time) (bool, error)
	// ClearGym removes every schedule and withdraws the user's pending
	// jobs of kind but those whose key starts with keep.
	ClearGym(ctx context.Context, userID, kind, keep string, now time.Time) (int64, int64, error)
	// ReplaceJob withdraws the pending jobs whose key starts with replace
	// and queues j.
	ReplaceJob(ctx context.Context, j coach.Job, replace string, now time.Time) (int64, int64, error)
	CancelJob(ctx context.Context, userID string, id int64, now time.Time) (bool, error)
	AddJob(ctx context.Context, j coach.Job, now time.Time) (int64, bool, error)
	PendingJobs(ctx context.Context, userID, kind string, limit int) ([]coach.Job, error)
	LastJob(ctx context.Context, userID, kind string) (coach.Job, string, string, bool, error)
	GroupChannels(ctx context.Context, userID string) ([]string, error)
}

// gymFeature is /gym, /remind and /gym link, the reminder jobs they
// queue, and their buttons.
type gymFeature struct {
	*Bot
	store gymStore
	planner
}

const (
	defaultDelay  = 5 * time.Minute
	remindersShow = 5
)

func gymCommand(b *gymFeature) Command {
	delay := func(desc string) *discordgo.ApplicationCommandOption {
		return &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionString, Name: "delay", Description: desc, MaxLength: 16}
	}
	return Command{Name: "gym", Description: "Reminders to decompress after lifting", Components: []Component{b.reminderComponent()}, Jobs: []JobKind{jobKind(jobReminder, laneReminder, b.runReminder)}, Subs: []Command{
		{Name: "schedule", Description: "Add a reminder after every workout on these days (up to 5)", Run: b.gymSchedule, Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionString, Name: "days", Description: "mon,wed,fri, Mon Wed Fri, mon-fri, weekdays, weekends or daily", Required: true, MaxLength: 80},
			{Type: discordgo.ApplicationCommandOptionString, Name: "end", Description: "When your workout ends, local time such as 18:30 or 6:30pm", Required: true, MaxLength: 8},
			delay("How long after the end: 5m (default), 0, 15 min, 1h"),
			{Type: discordgo.ApplicationCommandOptionString, Name: "where", Description: "dm (default) or channel (this channel)", Choices: []*discordgo.ApplicationCommandOptionChoice{
				{Name: "dm", Value: "dm"}, {Name: "channel", Value: "channel"},
			}},
		}},
		{Name: "done", Description: "I just finished lifting: remind me to decompress", Run: b.gymDone, Components: []Component{b.gymDoneComponent()}, Options: []*discordgo.ApplicationCommandOption{
			delay("How long from now: 0 (default), 5m, 15 min"),
		}},
		{Name: "show", Description: "Your schedules and pending reminders", Run: b.gymShow},
		{Name: "clear", Description: "Remove one schedule, or all schedules and pending reminders", Run: b.gymClear, Autocomplete: b.gymComplete, Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionString, Name: "schedule", Description: "The schedule to remove (all when left out)", Autocomplete: true, MaxLength: 20},
		}},
		gymLinkCommand(b),
	}}
}

// zoneFor returns the user's zone (their server group's when they have
// none), or a refusal asking them to set one.
func (b *gymFeature) zoneFor(ctx context.Context, userID, guildID string) (zone, error) {
	p, err := b.store.Profile(ctx, userID)
	if err != nil {
		return zone{}, err
	}
	z, err := userZone(ctx, b.store, userID, p, guildID)
	if err != nil {
		return zone{}, err
	}
	if z.name == "" {
		return zone{}, userKey("gym.tz_first")
	}
	return z, nil
}

func (b *gymFeature) gymSchedule(ctx context.Context, req *Request) (Reply, error) {
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
			return Reply{}, inputErr("where", "in.channel_in_dm", nil, "in.channel_use")
		}
		g.Destination, g.GuildID, g.ChannelID = "channel", req.GuildID, req.ChannelID
	default:
		return Reply{}, inputErr("where", "in.not_destination", []any{where}, "in.destinations")
	}
	z, err := b.zoneFor(ctx, req.UserID, req.GuildID)
	if err != nil {
		return Reply{}, err
	}
	have, err := b.store.GymSchedules(ctx, req.UserID)
	if err != nil {
		return Reply{}, err
	}
	for _, h := range have {
		if h.Days == g.Days && h.End == g.End && h.Delay == g.Delay && h.Destination == g.Destination && h.ChannelID == g.ChannelID {
			return Reply{}, userKey("gym.exists", scheduleLabel(req.T(), h))
		}
	}
	now := b.now()
	first := g.Next(now, z.loc)
	id, n, err := b.store.AddGymSchedule(ctx, g, coach.MaxGymSchedules, func(id int64) coach.Job {
		g.ID = id
		return gymJob(g, first)
	}, now)
	if err != nil {
		return Reply{}, err
	}
	if id == 0 {
		return Reply{}, userKey("gym.full", n)
	}
	t := req.T()
	return Reply{Ephemeral: true, Content: t.S("gym.added", t.Dur(delay), coach.FormatClock(end), z.labelIn(t), t.Days(days), destinationText(t, g), ts(first, "F"), ts(first, "R"),
		t.S("unit.schedules", n), coach.MaxGymSchedules)}, nil
}

// scheduleLabel names a schedule for lists and autocomplete.
func scheduleLabel(t *Tr, g coach.GymSchedule) string {
	where := t.S("gym.by_dm_short")
	if g.Destination == "channel" {
		where = t.S("gym.by_channel_short")
	}
	return t.S("gym.label", capitalizeWord(t.Days(g.Days)), coach.FormatClock(g.End), t.Dur(g.Delay), where)
}

func destinationText(t *Tr, g coach.GymSchedule) string {
	if g.Destination == "channel" {
		return t.S("gym.in_channel", "<#"+g.ChannelID+">")
	}
	return t.S("gym.by_dm")
}

func (b *gymFeature) gymDone(ctx context.Context, req *Request) (Reply, error) {
	var delay time.Duration
	if s := req.Options.String("delay"); s != "" {
		var err error
		if delay, err = coach.ParseDelay("delay", s, coach.MaxGymDelay); err != nil {
			return Reply{}, err
		}
	}
	now := b.now()
	r, err := b.workoutDone(ctx, req.T(), req.UserID, gymDoneKey(req.UserID, req.ID), delay, now)
	if err != nil {
		return Reply{}, err
	}
	r.Ephemeral = true
	return r, nil
}

// workoutDone queues the reminder of a workout that ended at now, after
// delay, in place of one still pending from an earlier /gym done: /gym done
// and a /gym link call both land here. The reply offers Cancel.
func (b *gymFeature) workoutDone(ctx context.Context, t *Tr, userID, key string, delay time.Duration, now time.Time) (Reply, error) {
	p := reminderPayload{Source: "done", Dest: "dm", Ended: now.UnixMilli()}
	gs, err := b.store.GymSchedules(ctx, userID)
	if err != nil {
		return Reply{}, err
	}
	if len(gs) > 0 && gs[0].Destination == "channel" {
		p.Dest, p.ChannelID = "channel", gs[0].ChannelID
	}
	due := now.Add(delay)
	id, replaced, err := b.store.ReplaceJob(ctx, newJob(jobReminder, laneReminder, userID, key, due, p), gymDoneKeys(userID), now)
	if err != nil {
		return Reply{}, err
	}
	text := t.S("gym.done_now")
	if delay > 0 {
		text = t.S("gym.done_later", ts(due, "R"))
	}
	if replaced > 0 {
		text += " " + t.S("gym.replaces")
	}
	return Reply{Content: text, Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		discordgo.Button{Label: t.S("live.cancel"), Style: discordgo.SecondaryButton, CustomID: b.gymDoneComponent().ID(userID, "cancel", strconv.FormatInt(id, 10))},
	}}}}, nil
}

// gymDoneComponent is /gym done's Cancel; the id carries the reminder job.
func (b *gymFeature) gymDoneComponent() Component {
	return Component{Prefix: "gymdone", Run: b.gymDoneButton}
}

func (b *gymFeature) gymDoneButton(ctx context.Context, req *Request) (Reply, error) {
	a := args(req)
	if len(a) != 2 || a[0] != "cancel" {
		return Reply{}, errStaleButton
	}
	id, err := strconv.ParseInt(a[1], 10, 64)
	if err != nil {
		return Reply{}, errStaleButton
	}
	ok, err := b.store.CancelJob(ctx, req.UserID, id, b.now())
	if err != nil {
		return Reply{}, err
	}
	if !ok {
		return Reply{Update: true, Content: req.T().S("gym.not_pending")}, nil
	}
	return Reply{Update: true, Content: req.T().S("gym.cancelled")}, nil
}

func (b *gymFeature) gymShow(ctx context.Context, req *Request) (Reply, error) {
	gs, err := b.store.GymSchedules(ctx, req.UserID)
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
	t := req.T()
	e := &discordgo.MessageEmbed{Title: t.S("gym.show_title"), Color: colorBrand}
	if len(gs) > 0 {
		p, err := b.profileOf(ctx, req)
		if err != nil {
			return Reply{}, err
		}
		z, err := userZone(ctx, b.store, req.UserID, p, req.GuildID)
		if err != nil {
			return Reply{}, err
		}
		now := b.now()
		var lines []string
		for i, g := range gs {
			next := g.Next(now, z.loc)
			lines = append(lines, strconv.Itoa(i+1)+". "+t.S("gym.show_line", scheduleLabel(t, g), destinationText(t, g), ts(next, "F"), ts(next, "R")))
		}
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: t.S("gym.show_schedules", len(gs), coach.MaxGymSchedules, z.labelIn(t)), Value: strings.Join(lines, "\n")})
	} else {
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: t.S("gym.show_schedule"), Value: t.S("gym.show_none")})
	}
	var lines []string
	for _, j := range pending {
		lines = append(lines, fmt.Sprintf("%s (%s) — %s", ts(j.Due, "F"), ts(j.Due, "R"), sourceText(t, j)))
	}
	if len(lines) == 0 {
		lines = []string{t.S("gym.none")}
	}
	e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: t.S("gym.pending"), Value: strings.Join(lines, "\n")})
	if hasLast && (state != coach.JobDone || note != "") {
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: t.S("gym.last"), Value: fmt.Sprintf("%s: %s%s", ts(last.Due, "f"), stateText(t, state), noteText(t, note))})
	}
	return Reply{Ephemeral: true, Embeds: []*discordgo.MessageEmbed{e}}, nil
}

// sourceText says where a pending reminder came from.
func sourceText(t *Tr, j coach.Job) string {
	switch payloadOf(j).Source {
	case "schedule":
		return t.S("gym.src_schedule")
	case "done":
		return t.S("gym.src_done")
	case "snooze":
		return t.S("gym.src_snooze")
	case "plain":
		return t.S("gym.src_plain")
	}
	return t.S("gym.src_other")
}

func stateText(t *Tr, state string) string {
	switch state {
	case coach.JobDone:
		return t.S("gym.state_sent")
	case coach.JobUndeliverable:
		return t.S("gym.state_undeliverable")
	case coach.JobMissed:
		return t.S("gym.state_missed")
	case coach.JobFailed:
		return t.S("gym.state_failed")
	}
	return state
}

func noteText(t *Tr, note string) string {
	if note == "" {
		return ""
	}
	return " — " + t.note(note)
}

func (b *gymFeature) gymClear(ctx context.Context, req *Request) (Reply, error) {
	now := b.now()
	if s := req.Options.String("schedule"); s != "" {
		gs, err := b.store.GymSchedules(ctx, req.UserID)
		if err != nil {
			return Reply{}, err
		}
		g, ok := pickSchedule(gs, s)
		if !ok {
			return Reply{}, inputErr("schedule", "in.not_schedule", []any{s}, "in.schedule_pick")
		}
		removed, err := b.store.RemoveGymSchedule(ctx, req.UserID, g.ID, gymKeys(req.UserID, g.ID), now)
		if err != nil {
			return Reply{}, err
		}
		if !removed {
			return Reply{}, userKey("gym.gone")
		}
		t := req.T()
		return Reply{Ephemeral: true, Content: t.S("gym.removed", scheduleLabel(t, g), t.S("unit.schedules", len(gs)-1))}, nil
	}
	n, cancelled, err := b.store.ClearGym(ctx, req.UserID, jobReminder, remindPrefix(req.UserID), now)
	if err != nil {
		return Reply{}, err
	}
	if n == 0 && cancelled == 0 {
		return Reply{}, userKey("gym.nothing")
	}
	t := req.T()
	return Reply{Ephemeral: true, Content: t.S("gym.cleared", t.S("unit.schedules", int(n)), t.S("unit.pending", int(cancelled)))}, nil
}

// pickSchedule finds the schedule an option names: its id (what
// autocomplete sends) or its number in /gym show.
func pickSchedule(gs []coach.GymSchedule, s string) (coach.GymSchedule, bool) {
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "#"))
	if id, err := strconv.ParseInt(strings.TrimPrefix(s, "id"), 10, 64); err == nil {
		if strings.HasPrefix(s, "id") {
			for _, g := range gs {
				if g.ID == id {
					return g, true
				}
			}
			return coach.GymSchedule{}, false
		}
		if id >= 1 && int(id) <= len(gs) {
			return gs[id-1], true
		}
	}
	return coach.GymSchedule{}, false
}

// gymComplete offers the user's schedules for /gym clear schedule:.
func (b *gymFeature) gymComplete(ctx context.Context, req *Request) (Reply, error) {
	choices := []*discordgo.ApplicationCommandOptionChoice{}
	if req.Focused == "schedule" {
		gs, err := b.store.GymSchedules(ctx, req.UserID)
		if err != nil {
			return Reply{}, err
		}
		q := strings.ToLower(req.Options.String("schedule"))
		for i, g := range gs {
			label := strconv.Itoa(i+1) + ". " + scheduleLabel(req.T(), g)
			if q == "" || strings.Contains(strings.ToLower(label), q) {
				choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: truncateRunes(label, 100), Value: "id" + strconv.FormatInt(g.ID, 10)})
			}
		}
	}
	return Reply{Choices: choices}, nil
}

func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// gymDays are the weekdays of all the user's schedules: the days their
// plan expects a hang.
func gymDays(gs []coach.GymSchedule) coach.Weekdays {
	var w coach.Weekdays
	for _, g := range gs {
		w |= g.Days
	}
	return w
}
