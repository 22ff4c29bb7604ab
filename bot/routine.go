package bot

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/hangtime/hangtime/coach"
)

// routineStore is what guided routines need from storage: the device in
// the profile, and the finished routine logged as a hang.
type routineStore interface {
	Profile(ctx context.Context, userID string) (coach.Profile, error)
	LogSession(ctx context.Context, s coach.Session, interactionID string, now time.Time) (coach.Session, bool, error)
}

// routineFeature is /routine start and its step-by-step buttons.
type routineFeature struct {
	*Bot
	store routineStore
	planner
	afterLogger
}

func routineChoices() []*discordgo.ApplicationCommandOptionChoice {
	var out []*discordgo.ApplicationCommandOptionChoice
	for _, r := range coach.Routines() {
		out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: r.Name, Value: r.Name})
	}
	return out
}

// routineFor loads the routine as it is done on the device (the profile's
// when empty; a table when neither says) at the planned angle, and checks
// that it fits.
func (b *routineFeature) routineFor(ctx context.Context, userID, name string, device coach.Device) (coach.Routine, coach.Device, error) {
	if _, err := coach.FindRoutine(name); err != nil {
		return coach.Routine{}, "", err
	}
	p, err := b.store.Profile(ctx, userID)
	if err != nil {
		return coach.Routine{}, "", err
	}
	if device != "" {
		p.Device = device
	}
	pl, err := b.planFor(ctx, p)
	if err != nil {
		return coach.Routine{}, "", err
	}
	r, err := coach.RoutineFor(name, pl.Device, pl.Angle)
	if err != nil {
		var in *coach.InputError
		if errors.As(err, &in) {
			return r, "", userKey("routine.wrong_device", capital{in.ProblemText}, in.AcceptedText)
		}
		return r, "", err
	}
	return r, pl.Device, nil
}

func (b *routineFeature) routineStart(ctx context.Context, req *Request) (Reply, error) {
	device, err := coach.ParseDevice("device", req.Options.String("device"))
	if err != nil {
		return Reply{}, err
	}
	r, device, err := b.routineFor(ctx, req.UserID, req.Options.String("name"), device)
	if err != nil {
		return Reply{}, err
	}
	if !req.guarded {
		p, err := b.profileOf(ctx, req)
		if err != nil {
			return Reply{}, err
		}
		p.Device = device
		pl, beginner, err := b.planGuard(ctx, p)
		if err != nil {
			return Reply{}, err
		}
		if beginner && coach.BeyondPlan(pl, r.TotalHold(), pl.Angle) {
			return b.guardReply(req.T(), req.UserID, r.Name, pl, device, pl.Angle, r.TotalHold()), nil
		}
	}
	return b.routineStep(req.T(), req.UserID, req.ID, r, device, b.now(), 0), nil
}

// routineStep renders step i of r on device; the custom ids carry the
// routine, the step, the starting interaction, the device and when the
// routine started, so the walk needs no stored state.
func (b *routineFeature) routineStep(t *Tr, userID, startID string, r coach.Routine, device coach.Device, started time.Time, i int) Reply {
	shown := t.routine(r)
	st := shown.Steps[i]
	desc := st.Text
	if st.Hold > 0 {
		desc += "\n\n" + t.S("routine.hold", t.Dur(st.Hold), ts(b.now().Add(st.Hold), "R"))
	}
	label := t.S("routine.next")
	if i == len(r.Steps)-1 {
		label = t.S("routine.finish")
	}
	at := strconv.FormatInt(started.Unix(), 10)
	return Reply{
		Embeds: []*discordgo.MessageEmbed{{
			Title:       t.S("routine.step", shown.Title, i+1, len(r.Steps), st.Title),
			Description: desc,
			Color:       colorBrand,
			Footer:      &discordgo.MessageEmbedFooter{Text: capitalizeWord(t.On(device))},
		}},
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: label, Style: discordgo.PrimaryButton, CustomID: b.routineComponent().ID(userID, r.Name, strconv.Itoa(i+1), startID, string(device), at)},
			discordgo.Button{Label: t.S("routine.stop"), Style: discordgo.SecondaryButton, CustomID: b.routineComponent().ID(userID, r.Name, "stop", startID, string(device), at)},
		}}},
	}
}

// routineComponent is a routine step's Next (or Finish) and Stop.
func (b *routineFeature) routineComponent() Component {
	return Component{Prefix: "routine", Run: b.routineButton}
}

func (b *routineFeature) routineButton(ctx context.Context, req *Request) (Reply, error) {
	a := args(req)
	if len(a) != 5 {
		return Reply{}, errStaleButton
	}
	device, err := coach.ParseDevice("device", a[3])
	if err != nil {
		return Reply{}, errStaleButton
	}
	unix, err := strconv.ParseInt(a[4], 10, 64)
	if err != nil {
		return Reply{}, errStaleButton
	}
	started := time.Unix(unix, 0)
	r, device, err := b.routineFor(ctx, req.UserID, a[0], device)
	if err != nil {
		return Reply{}, err
	}
	if a[1] == "stop" {
		return Reply{Update: true, Content: req.T().S("routine.stopped", req.T().reg("choice:", r.Name), req.T().ComeUp(device))}, nil
	}
	next, err := strconv.Atoi(a[1])
	if err != nil || next < 1 || next > len(r.Steps) {
		return Reply{}, errStaleButton
	}
	if next < len(r.Steps) {
		reply := b.routineStep(req.T(), req.UserID, a[2], r, device, started, next)
		reply.Update = true
		return reply, nil
	}
	now := b.now()
	// The real time spent, never more than the routine's inverted time:
	// clicking straight through logs seconds, not the nominal minutes.
	dur := min(max(now.Sub(started).Truncate(time.Second), time.Second), r.TotalHold())
	// The starting interaction's id makes a second Finish click log nothing.
	s, _, err := b.store.LogSession(ctx, coach.Session{UserID: req.UserID, Start: now.Add(-dur), Duration: dur, Device: device, Routine: r.Name}, a[2], now)
	if err != nil {
		return Reply{}, err
	}
	reached := b.afterLog(ctx, req.T(), req.UserID, req.profile, s)
	t := req.T()
	return Reply{Update: true, Content: t.S("routine.complete", t.routine(r).Title, t.Dur(s.Duration), t.On(s.Device), t.reg("choice:", r.Name), t.ComeUp(device)) + reached}, nil
}
