package bot

import (
	"context"
	"encoding/json"
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

// RunReminder is the runner of reminder jobs. It first queues a scheduled
// reminder's next occurrence, then sends this one (late with a note within
// the grace period, else marks it missed) to the user's DMs, their channel,
// or, when DMs are closed, their group channel. It returns the job's final
// state and a note for /gym show; an error means try again later.
func (b *Bot) RunReminder(ctx context.Context, j coach.Job) (state, note string, err error) {
	var p reminderPayload
	if err := json.Unmarshal([]byte(j.Payload), &p); err != nil {
		return coach.JobFailed, "unreadable reminder", nil
	}
	prof, err := b.store.Profile(ctx, j.UserID)
	if err != nil {
		return "", "", err
	}
	if p.Source == "schedule" {
		if err := b.queueNextGym(ctx, j, prof.Location()); err != nil {
			return "", "", err
		}
	}
	now := b.now()
	late := now.Sub(j.Due)
	if late > b.grace {
		return coach.JobMissed, "missed while Hangtime was offline", nil
	}
	plan, err := b.planFor(ctx, prof)
	if err != nil {
		return "", "", err
	}
	r := b.reminderReply(j, plan, late)
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
			return coach.JobUndeliverable, "Hangtime cannot post in <#" + channel + ">; check its permissions or use where: dm", nil
		}
		return b.reminderFallback(ctx, j, r, nonce, err)
	}
	if late > time.Minute {
		return coach.JobDone, "sent late: Hangtime was offline when it was due", nil
	}
	return coach.JobDone, "", nil
}

// reminderFallback handles a DM that could not be sent: closed DMs go to
// the user's group channel if they have one; other errors are retried.
func (b *Bot) reminderFallback(ctx context.Context, j coach.Job, r Reply, nonce string, sendErr error) (string, string, error) {
	if !errors.Is(sendErr, ErrDMsClosed) && !errors.Is(sendErr, ErrNoAccess) {
		return "", "", sendErr
	}
	channels, err := b.store.GroupChannels(ctx, j.UserID)
	if err != nil {
		return "", "", err
	}
	r.Content = "<@" + j.UserID + "> " + r.Content
	r.Mentions = []string{j.UserID}
	for _, ch := range channels {
		if _, err := b.outbox.Send(ctx, ch, r, nonce+"g"); err == nil {
			return coach.JobDone, "your DMs are closed to Hangtime, so it went to your group channel", nil
		} else if !errors.Is(err, ErrNoAccess) {
			return "", "", err
		}
	}
	return coach.JobUndeliverable, "your DMs are closed to Hangtime and you are in no group channel; open DMs or use /gym schedule where: channel", nil
}

// queueNextGym materialises the schedule's next reminder after j. The job
// key makes this idempotent when j is run again.
func (b *Bot) queueNextGym(ctx context.Context, j coach.Job, loc *time.Location) error {
	g, ok, err := b.store.GymSchedule(ctx, j.UserID)
	if err != nil || !ok {
		return err
	}
	after := j.Due
	if now := b.now(); now.After(after) {
		after = now // after downtime, skip occurrences already past
	}
	next := g.Next(after, loc)
	if next.IsZero() {
		return nil
	}
	_, _, err = b.store.AddJob(ctx, gymJob(g, next), b.now())
	return err
}

func (b *Bot) reminderReply(j coach.Job, plan coach.Plan, late time.Duration) Reply {
	text := fmt.Sprintf("🙃 **Time to decompress.** Your spine just carried the bar: 1–2 minutes inverted now, with a gentle rotation or two, helps your discs recover.\nToday's plan: **%s** at %d° on the %s.",
		coach.FormatDuration(plan.Duration), plan.Angle, plan.Device.Label())
	if late > time.Minute {
		text += fmt.Sprintf("\n_(This was due %s; Hangtime was offline.)_", ts(j.Due, "R"))
	}
	id := strconv.FormatInt(j.ID, 10)
	return Reply{
		Content: text,
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: "Start hang", Style: discordgo.SuccessButton, CustomID: b.reminderComponent().ID(j.UserID, "start", id)},
			discordgo.Button{Label: "Snooze 10m", Style: discordgo.SecondaryButton, CustomID: b.reminderComponent().ID(j.UserID, "snooze", id)},
			discordgo.Button{Label: "Skip", Style: discordgo.SecondaryButton, CustomID: b.reminderComponent().ID(j.UserID, "skip", id)},
		}}},
	}
}

// reminderComponent is a reminder's Start hang, Snooze and Skip; the id
// carries the reminder job.
func (b *Bot) reminderComponent() Component {
	return Component{Prefix: "rem", Run: b.reminderButton}
}

func (b *Bot) reminderButton(ctx context.Context, req *Request) (Reply, error) {
	a := args(req)
	if len(a) != 2 {
		return Reply{}, errStaleButton
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
		if _, _, err := b.store.AddJob(ctx, coach.Job{Kind: jobReminder, UserID: req.UserID, Key: "snooze:" + req.ID, Due: due, Payload: p.encode()}, now); err != nil {
			return Reply{}, err
		}
		return Reply{Update: true, Content: fmt.Sprintf("😴 Snoozed. I'll remind you again %s.", ts(due, "R"))}, nil
	case "skip":
		return Reply{Update: true, Content: "Skipped this one. See you after your next workout."}, nil
	}
	return Reply{}, errStaleButton
}
