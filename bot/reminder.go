package bot

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/hangtime/hangtime/coach"
)

// DefaultReminderGrace is how late a reminder missed while the bot was down
// may still be sent; after that it is marked missed.
const DefaultReminderGrace = 2 * time.Hour

// jobReminder is the job kind of a reminder. Its key is
// gym:<user>:<schedule>:<unix due> for one materialised from a schedule
// (gymKeys), gymdone:<user>:<interaction> for /gym done (gymDoneKey) and
// snooze:<interaction> for a snooze.
// Reminders go out after the ends of hangs and before group posts
// (laneReminder).
const (
	jobReminder  = "reminder"
	laneReminder = coach.LaneTimely
)

// reminderPayload is a reminder job's payload.
type reminderPayload struct {
	Source    string `json:"source"` // schedule, done, snooze or plain
	Dest      string `json:"dest"`   // dm or channel
	ChannelID string `json:"channel_id,omitempty"`
	// Schedule is the gym schedule (or, for plain, the /remind reminder)
	// the job was materialised from.
	Schedule int64 `json:"schedule,omitempty"`
	// Ended is when the workout ended, in Unix milliseconds: a hang since
	// then makes the reminder unnecessary.
	Ended int64 `json:"ended,omitempty"`
}

// payloadOf decodes a reminder job's payload; a malformed one reads as
// empty.
func payloadOf(j coach.Job) reminderPayload {
	var p reminderPayload
	_ = json.Unmarshal([]byte(j.Payload), &p)
	return p
}

// gymKeys starts the key of every reminder materialised from schedule id.
func gymKeys(userID string, id int64) string {
	return "gym:" + userID + ":" + strconv.FormatInt(id, 10) + ":"
}

// gymDoneKey and snoozeKey are the keys of a reminder asked for by /gym
// done (or a workout hook) or by a snooze click: one per interaction, so
// that a re-delivered interaction queues it once. gymDoneKeys starts the
// keys of the user's /gym done reminders, of which one is pending at most.
func gymDoneKey(userID, interactionID string) string { return gymDoneKeys(userID) + interactionID }
func gymDoneKeys(userID string) string               { return "gymdone:" + userID + ":" }
func snoozeKey(interactionID string) string          { return "snooze:" + interactionID }

// gymJob is the reminder of schedule g due at due.
func gymJob(g coach.GymSchedule, due time.Time) coach.Job {
	return newJob(jobReminder, laneReminder, g.UserID, gymKeys(g.UserID, g.ID)+strconv.FormatInt(due.Unix(), 10), due,
		reminderPayload{Source: "schedule", Dest: g.Destination, ChannelID: g.ChannelID, Schedule: g.ID, Ended: due.Add(-g.Delay).UnixMilli()})
}

// runReminder is the runner of reminder jobs. It first queues a scheduled
// reminder's next occurrence, then sends this one (late with a note within
// the grace period, else marks it missed) to the user's DMs, their channel,
// or, when DMs are closed, their group channel. The outcome's note is for
// /gym show; an error means try again later.
func (b *gymFeature) runReminder(ctx context.Context, j coach.Job, p reminderPayload, now time.Time) (coach.JobOutcome, error) {
	prof, err := b.store.Profile(ctx, j.UserID)
	if err != nil {
		return coach.JobOutcome{}, err
	}
	z, err := userZone(ctx, b.store, j.UserID, prof, "")
	if err != nil {
		return coach.JobOutcome{}, err
	}
	switch p.Source {
	case "schedule":
		if err := b.queueNextGym(ctx, j, p.Schedule, z.loc, now); err != nil {
			return coach.JobOutcome{}, err
		}
	case "plain":
		if err := b.queueNextPlain(ctx, j, p.Schedule, z.loc, now); err != nil {
			return coach.JobOutcome{}, err
		}
	}
	if note, err := b.alreadyHung(ctx, j, p, z.loc, now); err != nil || note != "" {
		return coach.JobOutcome{State: coach.JobDone, Note: note}, err
	}
	late := now.Sub(j.Due)
	if late > b.grace {
		return coach.JobOutcome{State: coach.JobMissed, Note: english.S("note.missed")}, nil
	}
	if b.outbox == nil {
		return coach.JobOutcome{State: coach.JobUndeliverable, Note: noOutboxNote}, nil
	}
	plan, err := b.planFor(ctx, prof)
	if err != nil {
		return coach.JobOutcome{}, err
	}
	r := b.reminderReply(b.userTr(ctx, j.UserID), j, plan, late)
	nonce := "r" + strconv.FormatInt(j.ID, 36)

	channel := p.ChannelID
	if p.Dest != "channel" || channel == "" {
		if channel, err = b.outbox.DMChannel(ctx, j.UserID); err != nil {
			return b.dmFallback(ctx, b.store, j, r, nonce, err)
		}
	}
	if p.Dest == "channel" {
		// In a shared channel, name the user and ping exactly them.
		r.Content = "<@" + j.UserID + "> " + r.Content
		r.Mentions = []string{j.UserID}
	}
	if _, err := b.outbox.Send(ctx, channel, r, nonce); err != nil {
		if p.Dest == "channel" && errors.Is(err, ErrNoAccess) {
			return coach.JobOutcome{State: coach.JobUndeliverable, Note: english.S("note.cannot_post_reminder", channel)}, nil
		}
		return b.dmFallback(ctx, b.store, j, r, nonce, err)
	}
	if late > time.Minute {
		return coach.JobOutcome{State: coach.JobDone, Note: english.S("note.sent_late")}, nil
	}
	return coach.JobOutcome{State: coach.JobDone}, nil
}

// groupChannels lists the group channels a message to the user falls back
// to when their DMs are closed.
type groupChannels interface {
	GroupChannels(ctx context.Context, userID string) ([]string, error)
}

// dmFallback handles a DM that could not be sent: closed DMs go to the
// user's group channel if they have one; other errors are retried.
func (b *Bot) dmFallback(ctx context.Context, store groupChannels, j coach.Job, r Reply, nonce string, sendErr error) (coach.JobOutcome, error) {
	if !errors.Is(sendErr, ErrDMsClosed) && !errors.Is(sendErr, ErrNoAccess) {
		return coach.JobOutcome{}, sendErr
	}
	channels, err := store.GroupChannels(ctx, j.UserID)
	if err != nil {
		return coach.JobOutcome{}, err
	}
	r.Content = "<@" + j.UserID + "> " + r.Content
	r.Mentions = []string{j.UserID}
	for _, ch := range channels {
		if _, err := b.outbox.Send(ctx, ch, r, nonce+"g"); err == nil {
			return coach.JobOutcome{State: coach.JobDone, Note: english.S("note.dm_closed_group")}, nil
		} else if !errors.Is(err, ErrNoAccess) {
			return coach.JobOutcome{}, err
		}
	}
	return coach.JobOutcome{State: coach.JobUndeliverable, Note: english.S("note.dm_closed_nowhere")}, nil
}

// queueNextGym materialises the next reminder of schedule id after j. The
// job key makes this idempotent when j is run again. A removed schedule
// has no next reminder.
func (b *gymFeature) queueNextGym(ctx context.Context, j coach.Job, id int64, loc *time.Location, now time.Time) error {
	gs, err := b.store.GymSchedules(ctx, j.UserID)
	if err != nil {
		return err
	}
	var g coach.GymSchedule
	for _, s := range gs {
		// A job queued before schedules had ids belongs to the first.
		if s.ID == id || id == 0 && g.ID == 0 {
			g = s
		}
	}
	if g.ID == 0 {
		return nil
	}
	after := j.Due
	if now.After(after) {
		after = now // after downtime, skip occurrences already past
	}
	next := g.Next(after, loc)
	if next.IsZero() {
		return nil
	}
	_, _, err = b.store.AddJob(ctx, gymJob(g, next), now)
	return err
}

// alreadyHung returns why a reminder is not needed: a hang logged or
// started since the workout ended (post-workout reminders and snoozes), or
// one that local day (plain reminders). Empty means send it.
func (b *gymFeature) alreadyHung(ctx context.Context, j coach.Job, p reminderPayload, loc *time.Location, now time.Time) (string, error) {
	var since time.Time
	note := english.S("note.hung_since_workout")
	switch {
	case p.Source == "plain":
		since, note = coach.DayOf(j.Due, loc).Start(loc), english.S("note.hung_that_day")
	case p.Ended > 0:
		since = time.UnixMilli(p.Ended)
	default:
		return "", nil
	}
	// A hang that ended after since counts, even if it started before.
	sessions, err := b.store.SessionsSince(ctx, j.UserID, since.Add(-coach.MaxHang))
	if err != nil {
		return "", err
	}
	for _, s := range sessions {
		if !s.End().Before(since) {
			return note, nil
		}
	}
	l, ok, err := b.store.LiveSession(ctx, j.UserID)
	if err != nil {
		return "", err
	}
	if ok && !l.Start.Before(since) {
		return note, nil
	}
	return "", nil
}

// queueNextPlain materialises the next occurrence of plain reminder id
// after j; a removed reminder has none.
func (b *gymFeature) queueNextPlain(ctx context.Context, j coach.Job, id int64, loc *time.Location, now time.Time) error {
	rs, err := b.store.Reminders(ctx, j.UserID)
	if err != nil {
		return err
	}
	for _, r := range rs {
		if r.ID != id {
			continue
		}
		after := j.Due
		if now.After(after) {
			after = now
		}
		if next := r.Next(after, loc); !next.IsZero() {
			_, _, err = b.store.AddJob(ctx, plainJob(r, next), now)
		}
		return err
	}
	return nil
}

func (b *gymFeature) reminderReply(t *Tr, j coach.Job, plan coach.Plan, late time.Duration) Reply {
	text := t.S("rem.postlift", t.Dur(min(plan.Duration, coach.PostLiftMax)), plan.Angle, t.On(plan.Device))
	if payloadOf(j).Source == "plain" {
		text = t.S("rem.plain", t.Dur(plan.Duration), plan.Angle, t.On(plan.Device))
	}
	if late > time.Minute {
		text += "\n" + t.S("rem.late", ts(j.Due, "R"))
	}
	id := strconv.FormatInt(j.ID, 10)
	return Reply{
		Content: text,
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: t.S("rem.start"), Style: discordgo.SuccessButton, CustomID: b.reminderComponent().ID(j.UserID, "start", id)},
			discordgo.Button{Label: t.S("rem.snooze10"), Style: discordgo.SecondaryButton, CustomID: b.reminderComponent().ID(j.UserID, "snooze", id)},
			discordgo.Button{Label: t.S("rem.skip"), Style: discordgo.SecondaryButton, CustomID: b.reminderComponent().ID(j.UserID, "skip", id)},
		}},
			discordgo.ActionsRow{Components: []discordgo.MessageComponent{
				discordgo.Button{Label: t.S("rem.snooze30"), Style: discordgo.SecondaryButton, CustomID: b.reminderComponent().ID(j.UserID, "snooze", id, "30")},
				discordgo.Button{Label: t.S("rem.snooze1h"), Style: discordgo.SecondaryButton, CustomID: b.reminderComponent().ID(j.UserID, "snooze", id, "60")},
				discordgo.Button{Label: t.S("rem.tomorrow"), Style: discordgo.SecondaryButton, CustomID: b.reminderComponent().ID(j.UserID, "snooze", id, "tomorrow")},
			}}},
	}
}

// reminderComponent is a reminder's Start hang, Snooze and Skip; the id
// carries the reminder job.
func (b *gymFeature) reminderComponent() Component {
	return Component{Prefix: "rem", Run: b.reminderButton}
}

func (b *gymFeature) reminderButton(ctx context.Context, req *Request) (Reply, error) {
	a := args(req)
	if len(a) != 2 && !(len(a) == 3 && a[0] == "snooze") {
		return Reply{}, errStaleButton
	}
	switch a[0] {
	case "start":
		start := *req
		start.Kind, start.Command, start.Options, start.CustomID = KindCommand, "hang start", Options{}, ""
		// After lifting the dose stays 1–2 minutes, whatever the plan's top.
		p, err := b.profileOf(ctx, req)
		if err != nil {
			return Reply{}, err
		}
		pl, err := b.planFor(ctx, p)
		if err != nil {
			return Reply{}, err
		}
		if pl.Duration > coach.PostLiftMax {
			start.Options["target"] = coach.FormatDuration(coach.PostLiftMax)
		}
		r, err := b.runCommand(ctx, &start)
		if err != nil {
			return Reply{}, err
		}
		r.Update = true
		return r, nil
	case "snooze":
		now := b.now()
		// Buttons posted before the choices carry no length: 10 minutes.
		due := now.Add(10 * time.Minute)
		if len(a) == 3 {
			switch a[2] {
			case "10", "30", "60":
				m, _ := strconv.Atoi(a[2])
				due = now.Add(time.Duration(m) * time.Minute)
			case "tomorrow":
				p, err := b.profileOf(ctx, req)
				if err != nil {
					return Reply{}, err
				}
				z, err := userZone(ctx, b.store, req.UserID, p, req.GuildID)
				if err != nil {
					return Reply{}, err
				}
				due = coach.Tomorrow(now, z.loc)
			default:
				return Reply{}, errStaleButton
			}
		}
		p := reminderPayload{Source: "snooze", Dest: "channel", ChannelID: req.ChannelID, Ended: now.UnixMilli()}
		if req.GuildID == "" {
			p.Dest, p.ChannelID = "dm", ""
		}
		// Keyed by the click, so a re-delivered click snoozes once.
		if _, _, err := b.store.AddJob(ctx, newJob(jobReminder, laneReminder, req.UserID, snoozeKey(req.ID), due, p), now); err != nil {
			return Reply{}, err
		}
		return Reply{Update: true, Content: req.T().S("rem.snoozed", ts(due, "R"), ts(due, "t"))}, nil
	case "skip":
		return Reply{Update: true, Content: req.T().S("rem.skipped")}, nil
	}
	return Reply{}, errStaleButton
}
