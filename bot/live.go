package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/hangtime/hangtime/coach"
)

// jobHangEnd is the job kind that completes a live hang at its target, so
// a hang nobody ends is logged anyway. Its key is hang_end:<interaction>.
// It goes out first (laneHangEnd): the user is upside down, waiting for it.
const (
	jobHangEnd  = "hang_end"
	laneHangEnd = coach.LaneLive
)

// hangEndPayload is a hang_end job's payload: which live hang to complete,
// and the channel it was started in, for a time's-up notice there.
type hangEndPayload struct {
	InteractionID string `json:"interaction_id"`
	ChannelID     string `json:"channel_id,omitempty"`
}

// hangEndJob is the job that completes l at its target; channelID is where
// it was started (empty when unknown).
func hangEndJob(l coach.Live, channelID string) coach.Job {
	return newJob(jobHangEnd, laneHangEnd, l.UserID, jobHangEnd+":"+l.InteractionID, l.Target, hangEndPayload{InteractionID: l.InteractionID, ChannelID: channelID})
}

// liveStore is what live hangs need from storage.
type liveStore interface {
	StartLive(ctx context.Context, l coach.Live, end coach.Job, now time.Time) (coach.Live, bool, error)
	EndLive(ctx context.Context, userID, interactionID, endKind string, how coach.EndKind, now time.Time) (coach.Live, coach.Session, bool, error)
	Profile(ctx context.Context, userID string) (coach.Profile, error) // how time's up reaches the user
	groupChannels
}

// planner computes today's suggestion for a user (the plan feature's
// planFor), for the features that start from it.
type planner interface {
	planFor(ctx context.Context, p coach.Profile) (coach.Plan, error)
	planGuard(ctx context.Context, p coach.Profile) (coach.Plan, bool, error)
}

// liveFeature is /hang start and /hang stop, their Done and Cancel
// buttons, and the hang_end job that completes a hang nobody ended.
type liveFeature struct {
	*Bot
	store liveStore
	planner
	afterLogger
}

// messageRef names the message a reply to req creates (or, for a click,
// updates), so it can be edited later through the Outbox: through the
// interaction's token, and, for a click on a message the bot posted (a
// reminder's Start hang), as the bot once the token has expired.
func messageRef(req *Request) string {
	if req.Token == "" {
		return "local"
	}
	return msgRef{kind: "webhook", app: req.AppID, token: req.Token, channel: req.ChannelID, message: req.MessageID}.String()
}

func (b *liveFeature) hangStart(ctx context.Context, req *Request) (Reply, error) {
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
	plan, beginner, err := b.planGuard(ctx, p)
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
	if beginner && !req.guarded && coach.BeyondPlan(plan, target, angle) {
		return b.guardReply(req.T(), req.UserID, "hang", plan, plan.Device, angle, target), nil
	}
	now := b.now()
	l := coach.Live{UserID: req.UserID, InteractionID: req.ID, Start: now, Target: now.Add(target),
		Device: plan.Device, Angle: angle, MessageRef: messageRef(req)}
	cur, started, err := b.store.StartLive(ctx, l, hangEndJob(l, req.ChannelID), now)
	if err != nil {
		return Reply{}, err
	}
	if !started && cur.InteractionID != req.ID {
		return Reply{}, userKey("live.running", ts(cur.Target, "R"))
	}
	r := b.liveReply(req.T(), cur, req.T().Text(plan.CautionText))
	r.Embeds[0].Footer = &discordgo.MessageEmbedFooter{Text: toldHow(req.T(), p, req)}
	return r, nil
}

// toldHow says how the user will be told that time is up.
func toldHow(t *Tr, p coach.Profile, req *Request) string {
	if p.Notify == coach.NotifyChannel && req.ChannelID != "" && req.GuildID != "" {
		return t.S("live.told_channel")
	}
	return t.S("live.told_dm")
}

func (b *liveFeature) liveReply(t *Tr, l coach.Live, planCaution string) Reply {
	target := l.Target.Sub(l.Start)
	desc := fmt.Sprintf("**%s** %s", t.Dur(target), t.On(l.Device))
	if l.Angle > 0 {
		desc += t.S("live.angle", l.Angle)
	}
	desc += "\n" + t.S("live.body", ts(l.Target, "R"), ts(l.Target, "T"), lowerFirst(t.ComeUp(l.Device)))
	if c := caution(t, l.Device, target); c != "" {
		desc += "\n⚠️ " + c
	}
	if planCaution != "" {
		desc += "\n⚠️ " + planCaution
	}
	return Reply{
		Embeds: []*discordgo.MessageEmbed{{Title: t.S("live.title"), Description: desc, Color: colorBrand}},
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: t.S("live.done"), Style: discordgo.SuccessButton, CustomID: b.liveComponent().ID(l.UserID, "done", l.InteractionID)},
			discordgo.Button{Label: t.S("live.cancel"), Style: discordgo.SecondaryButton, CustomID: b.liveComponent().ID(l.UserID, "cancel", l.InteractionID)},
		}}},
	}
}

// endLive ends the user's live hang (the one started by iid, or any when
// iid is empty) now, the way how says.
func (b *liveFeature) endLive(ctx context.Context, userID, iid string, how coach.EndKind) (coach.Live, coach.Session, bool, error) {
	return b.store.EndLive(ctx, userID, iid, jobHangEnd, how, b.now())
}

func endedText(t *Tr, l coach.Live, s coach.Session, cancelled bool) string {
	switch {
	case cancelled:
		return t.S("live.cancelled")
	case s.Duration < coach.MinLiveLogged:
		return t.S("live.too_short")
	case s.StoppedEarly:
		return t.S("live.done_early", t.Dur(s.Duration), t.Dur(l.Target.Sub(l.Start)), t.ComeUp(l.Device))
	}
	return t.S("live.done_text", t.Dur(s.Duration), t.ComeUp(l.Device))
}

// liveComponent is a live hang's Done and Cancel; the id carries the
// interaction that started the hang.
func (b *liveFeature) liveComponent() Component {
	return Component{Prefix: "live", Run: b.liveButton}
}

func (b *liveFeature) liveButton(ctx context.Context, req *Request) (Reply, error) {
	a := args(req)
	if len(a) != 2 {
		return Reply{}, errStaleButton
	}
	cancel := a[0] == "cancel"
	how := coach.EndDone
	if cancel {
		how = coach.EndCancel
	}
	l, s, ok, err := b.endLive(ctx, req.UserID, a[1], how)
	if err != nil {
		return Reply{}, err
	}
	if !ok {
		return Reply{Update: true, Content: req.T().S("live.ended")}, nil
	}
	if cancel {
		s = coach.Session{} // nothing was logged
	}
	return Reply{Update: true, Content: endedText(req.T(), l, s, cancel) + b.afterLog(ctx, req.T(), req.UserID, req.profile, s)}, nil
}

func (b *liveFeature) hangStop(ctx context.Context, req *Request) (Reply, error) {
	l, s, ok, err := b.endLive(ctx, req.UserID, "", coach.EndDone)
	if err != nil {
		return Reply{}, err
	}
	if !ok {
		return Reply{}, userKey("live.none")
	}
	text := endedText(req.T(), l, s, false) + b.afterLog(ctx, req.T(), req.UserID, req.profile, s)
	b.editLive(ctx, l, Reply{Content: text})
	return Reply{Content: text}, nil
}

// editLive replaces the live hang's message with r. Its interaction's token
// lasts 15 minutes; after that (a hang that ended while Hangtime was
// offline, or a long one) the message is edited as the bot when the bot
// posted it (a hang started from a reminder). Otherwise the message stays
// as it was: the time's-up notice (notifyTimesUp), or the reply to /hang
// stop, is the new message that says the same, and the old message's
// buttons say the hang has ended when pressed. A failure costs only the
// edit, so it is logged, not returned.
func (b *Bot) editLive(ctx context.Context, l coach.Live, r Reply) {
	if b.outbox == nil || l.MessageRef == "" {
		return
	}
	err := b.outbox.Edit(ctx, l.MessageRef, r)
	if errors.Is(err, ErrTokenExpired) {
		ref, _ := parseRef(l.MessageRef)
		if ref.channel == "" || ref.message == "" {
			return
		}
		err = b.outbox.Edit(ctx, msgRef{kind: "channel", channel: ref.channel, message: ref.message}.String(), r)
		if errors.Is(err, ErrNoAccess) || isNotOurs(err) {
			return // not the bot's message: the notice says it instead
		}
	}
	if err != nil {
		b.log.Warn("message edit failed", "user_id", l.UserID, "err", err)
	}
}

// finishLive is the runner of hang_end jobs: it completes the live hang at
// its target, logs it, and edits its message to say time is up. A hang
// already ended by Done, Cancel or /hang stop makes it a no-op.
func (b *liveFeature) finishLive(ctx context.Context, job coach.Job, p hangEndPayload, now time.Time) (coach.JobOutcome, error) {
	done := coach.JobOutcome{State: coach.JobDone}
	l, s, ok, err := b.store.EndLive(ctx, job.UserID, p.InteractionID, jobHangEnd, coach.EndTarget, now)
	if err != nil {
		return coach.JobOutcome{}, err
	}
	if !ok {
		return done, nil
	}
	t := b.userTr(ctx, job.UserID)
	reached := b.afterLog(ctx, t, job.UserID, nil, s)
	text := t.S("live.timesup", lowerFirst(t.ComeUp(s.Device)), t.Dur(s.Duration), t.On(s.Device))
	if s.Angle > 0 {
		text += t.S("live.angle", s.Angle)
	}
	if late := now.Sub(l.Target); late > time.Minute {
		text += t.S("live.offline", ts(l.Target, "R"))
	}
	text = strings.TrimSpace(text) + "." + reached
	b.editLive(ctx, l, Reply{Content: text})
	// An edit makes no sound: a new message notifies the user.
	out, err := b.notifyTimesUp(ctx, job, p, text)
	if err != nil {
		b.log.Warn("time's up notice failed", "user_id", job.UserID, "err", err)
		return coach.JobOutcome{State: coach.JobDone, Note: english.S("note.timesup_unsent")}, nil
	}
	return out, nil
}

// notifyTimesUp sends the time's-up notice: a DM, or with notify:channel a
// message in the channel the hang was started in that mentions only the
// user. Closed DMs fall back to the user's group channel, as reminders do.
func (b *liveFeature) notifyTimesUp(ctx context.Context, job coach.Job, p hangEndPayload, text string) (coach.JobOutcome, error) {
	done := coach.JobOutcome{State: coach.JobDone}
	if b.outbox == nil {
		return done, nil
	}
	prof, err := b.store.Profile(ctx, job.UserID)
	if err != nil {
		return coach.JobOutcome{}, err
	}
	r := Reply{Content: text}
	nonce := "t" + strconv.FormatInt(job.ID, 36)
	if prof.Notify == coach.NotifyChannel && p.ChannelID != "" {
		r.Content = "<@" + job.UserID + "> " + text
		r.Mentions = []string{job.UserID}
		if _, err := b.outbox.Send(ctx, p.ChannelID, r, nonce); err == nil {
			return done, nil
		} else if !errors.Is(err, ErrNoAccess) {
			return coach.JobOutcome{}, err
		}
		r = Reply{Content: text} // the channel is closed to the bot: DM instead
	}
	channel, err := b.outbox.DMChannel(ctx, job.UserID)
	if err == nil {
		_, err = b.outbox.Send(ctx, channel, r, nonce)
	}
	if errors.Is(err, ErrDMsClosed) && p.ChannelID != "" && prof.Notify != coach.NotifyChannel {
		// DMs closed: the channel the hang was started in, naming only the
		// user, before any group channel.
		mr := Reply{Content: "<@" + job.UserID + "> " + text, Mentions: []string{job.UserID}}
		if _, cerr := b.outbox.Send(ctx, p.ChannelID, mr, nonce+"c"); cerr == nil {
			return done, nil
		}
	}
	if err != nil {
		return b.dmFallback(ctx, b.store, job, r, nonce, err)
	}
	return done, nil
}

// isNotOurs reports Discord refusing an edit because the message is not
// the bot's to edit (or no longer exists).
func isNotOurs(err error) bool {
	return hasCode(err, discordgo.ErrCodeCannotEditFromAnotherUser) || hasCode(err, discordgo.ErrCodeUnknownMessage)
}
