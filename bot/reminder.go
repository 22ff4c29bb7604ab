package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/hangtime/hangtime/coach"
)

// DefaultReminderGrace is how late a reminder missed while the bot was down
// may still be sent; after that it is marked missed.
const DefaultReminderGrace = 2 * time.Hour

// jobReminder is the job kind of a post-workout reminder. Its key is
// gym:<user>:<unix due> for one materialised from the user's schedule
// (gymKeys), gymdone:<interaction> for /gym done and snooze:<interaction>
// for a snooze. Reminders go out after the ends of hangs and before group
// posts (laneReminder).
const (
	jobReminder  = "reminder"
	laneReminder = coach.LaneTimely
)

// reminderPayload is a reminder job's payload.
type reminderPayload struct {
	Source    string `json:"source"` // schedule, done or snooze
	Dest      string `json:"dest"`   // dm or channel
	ChannelID string `json:"channel_id,omitempty"`
}

// gymKeys starts the key of every reminder materialised from the user's
// schedule.
func gymKeys(userID string) string { return "gym:" + userID + ":" }

// gymDoneKey and snoozeKey are the keys of a reminder asked for by /gym
// done or by a snooze click: one per interaction, so that a re-delivered
// interaction queues it once.
func gymDoneKey(interactionID string) string { return "gymdone:" + interactionID }
func snoozeKey(interactionID string) string  { return "snooze:" + interactionID }

// gymJob is the reminder of schedule g due at due.
func gymJob(g coach.GymSchedule, due time.Time) coach.Job {
	return newJob(jobReminder, laneReminder, g.UserID, gymKeys(g.UserID)+strconv.FormatInt(due.Unix(), 10), due,
		reminderPayload{Source: "schedule", Dest: g.Destination, ChannelID: g.ChannelID})
}

// runReminder is the runner of reminder jobs. It first queues a scheduled
// reminder's next occurrence, then sends this one (late with a note within
// the grace period, else marks it missed) to the user's DMs, their channel,
// or, when DMs are closed, their group channel. The outcome's note is for
// /gym show; an error means try again later.
func (b *Bot) runReminder(ctx context.Context, j coach.Job, p reminderPayload, now time.Time) (coach.JobOutcome, error) {
	prof, err := b.store.Profile(ctx, j.UserID)
	if err != nil {
		return coach.JobOutcome{}, err
	}
	if p.Source == "schedule" {
		if err := b.queueNextGym(ctx, j, prof.Location(), now); err != nil {
			return coach.JobOutcome{}, err
		}
	}
	late := now.Sub(j.Due)
	if late > b.grace {
		return coach.JobOutcome{State: coach.JobMissed, Note: "missed while Hangtime was offline"}, nil
	}
	if b.outbox == nil {
		return coach.JobOutcome{State: coach.JobUndeliverable, Note: noOutboxNote}, nil
	}
	plan, err := b.planFor(ctx, prof)
	if err != nil {
		return coach.JobOutcome{}, err
	}
	r := reminderReply(j, plan, late)
	nonce := "r" + strconv.FormatInt(j.ID, 36)

	channel := p.ChannelID
	if p.Dest != "channel" || channel == "" {
		if channel, err = b.outbox.DMChannel(ctx, j.UserID); err != nil {
			return b.reminderFallback(ctx, j, r, nonce, err)
		}
	}
	if p.Dest == "channel" {
		// In a shared channel, name the user and ping exactly them.
		r.Content = "<@" + j.UserID + "> " + r.Content
		r.Mentions = []string{j.UserID}
	}
	if _, err := b.outbox.Send(ctx, channel, r, nonce); err != nil {
		if p.Dest == "channel" && errors.Is(err, ErrNoAccess) {
			return coach.JobOutcome{State: coach.JobUndeliverable, Note: "Hangtime cannot post in <#" + channel + ">; check its permissions or use where: dm"}, nil
		}
		return b.reminderFallback(ctx, j, r, nonce, err)
	}
	if late > time.Minute {
		return coach.JobOutcome{State: coach.JobDone, Note: "sent late: Hangtime was offline when it was due"}, nil
	}
	return coach.JobOutcome{State: coach.JobDone}, nil
}

// reminderFallback handles a DM that could not be sent: closed DMs go to
// the user's group channel if they have one; other errors are retried.
func (b *Bot) reminderFallback(ctx context.Context, j coach.Job, r Reply, nonce string, sendErr error) (coach.JobOutcome, error) {
	if !errors.Is(sendErr, ErrDMsClosed) && !errors.Is(sendErr, ErrNoAccess) {
		return coach.JobOutcome{}, sendErr
	}
	channels, err := b.store.GroupChannels(ctx, j.UserID)
	if err != nil {
		return coach.JobOutcome{}, err
	}
	r.Content = "<@" + j.UserID + "> " + r.Content
	r.Mentions = []string{j.UserID}
	for _, ch := range channels {
		if _, err := b.outbox.Send(ctx, ch, r, nonce+"g"); err == nil {
			return coach.JobOutcome{State: coach.JobDone, Note: "your DMs are closed to Hangtime, so it went to your group channel"}, nil
		} else if !errors.Is(err, ErrNoAccess) {
			return coach.JobOutcome{}, err
		}
	}
	return coach.JobOutcome{State: coach.JobUndeliverable, Note: "your DMs are closed to Hangtime and you are in no group channel; open DMs or use /gym schedule where: channel"}, nil
}

// queueNextGym materialises the schedule's next reminder after j. The job
// key makes this idempotent when j is run again.
func (b *Bot) queueNextGym(ctx context.Context, j coach.Job, loc *time.Location, now time.Time) error {
	g, ok, err := b.store.GymSchedule(ctx, j.UserID)
	if err != nil || !ok {
		return err
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

func reminderReply(j coach.Job, plan coach.Plan, late time.Duration) Reply {
	text := fmt.Sprintf("🙃 **Time to decompress.** Your spine just carried the bar: 1–2 minutes inverted now, with a gentle rotation or two, helps your discs recover.\nToday's plan: **%s** at %d° on the %s.",
		coach.FormatDuration(plan.Duration), plan.Angle, plan.Device.Label())
	if late > time.Minute {
		text += fmt.Sprintf("\n_(This was due %s; Hangtime was offline.)_", ts(j.Due, "R"))
	}
	id := strconv.FormatInt(j.ID, 10)
	return Reply{
		Content: text,
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: "Start hang", Style: discordgo.SuccessButton, CustomID: customID("rem", j.UserID, "start", id)},
			discordgo.Button{Label: "Snooze 10m", Style: discordgo.SecondaryButton, CustomID: customID("rem", j.UserID, "snooze", id)},
			discordgo.Button{Label: "Skip", Style: discordgo.SecondaryButton, CustomID: customID("rem", j.UserID, "skip", id)},
		}}},
	}
}

func (b *Bot) reminderButton(ctx context.Context, req *Request) (Reply, error) {
	a := args(req)
	if len(a) != 2 {
		return Reply{}, userErr("That button is no longer valid.")
	}
	switch a[0] {
	case "start":
		start := *req
		start.Kind, start.Command, start.Options, start.CustomID = KindCommand, "hang start", Options{}, ""
		r, err := b.runCommand(ctx, &start)
		if err != nil {
			return Reply{}, err
		}
		r.Update = true
		return r, nil
	case "snooze":
		now := b.now()
		due := now.Add(snoozeFor)
		p := reminderPayload{Source: "snooze", Dest: "channel", ChannelID: req.ChannelID}
		if req.GuildID == "" {
			p.Dest, p.ChannelID = "dm", ""
		}
		// Keyed by the click, so a re-delivered click snoozes once.
		if _, _, err := b.store.AddJob(ctx, newJob(jobReminder, laneReminder, req.UserID, snoozeKey(req.ID), due, p), now); err != nil {
			return Reply{}, err
		}
		return Reply{Update: true, Content: fmt.Sprintf("😴 Snoozed. I'll remind you again %s.", ts(due, "R"))}, nil
	case "skip":
		return Reply{Update: true, Content: "Skipped this one. See you after your next workout."}, nil
	}
	return Reply{}, userErr("That button is no longer valid.")
}
