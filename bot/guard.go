package bot

import (
	"context"
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/hangtime/hangtime/coach"
)

// planGuard returns the user's plan and whether the beginner guard applies
// to them (coach.IsBeginner).
func (b *planFeature) planGuard(ctx context.Context, p coach.Profile) (coach.Plan, bool, error) {
	history, total, err := b.store.Sessions(ctx, p.UserID, planHistory, 0)
	if err != nil {
		return coach.Plan{}, false, err
	}
	now := b.now()
	return coach.MakePlan(p, history, now), coach.IsBeginner(history, total, now), nil
}

// planText renders the plan's hang: "1m at 20° on the inversion table".
func planText(t *Tr, pl coach.Plan) string {
	return t.S("plan.text", t.Dur(pl.Duration), pl.Angle, t.On(pl.Device))
}

// guardCaution is the caution /hang log adds for a beginner's hang beyond
// the plan: it records what happened and never refuses.
func guardCaution(t *Tr, pl coach.Plan) string {
	return t.S("caution.guard", planText(t, pl))
}

// guardReply asks a beginner before a hang (what is "hang") or a routine
// (what is its name) beyond their plan, with Use my plan and Start anyway.
func (b *Bot) guardReply(t *Tr, userID, what string, pl coach.Plan, device coach.Device, angle int, target time.Duration) Reply {
	thing := t.S("guard.hang", t.Dur(target), angle)
	if what != "hang" {
		thing = t.S("guard.routine", what, t.Dur(target))
	}
	c := b.guardComponent()
	return Reply{Ephemeral: true,
		Embeds: []*discordgo.MessageEmbed{{
			Title:       t.S("guard.title"),
			Description: t.S("guard.body", thing, coach.GuardHangs, planText(t, pl)),
			Color:       colorWarn,
		}},
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: t.S("guard.use_plan"), Style: discordgo.SuccessButton, CustomID: c.ID(userID, "plan", what, string(device))},
			discordgo.Button{Label: t.S("guard.anyway"), Style: discordgo.SecondaryButton, CustomID: c.ID(userID, "go", what, string(device), strconv.Itoa(angle), strconv.FormatInt(int64(target/time.Second), 10))},
		}}},
	}
}

// guardComponent is the beginner guard's Use my plan and Start anyway.
func (b *Bot) guardComponent() Component {
	return Component{Prefix: "guard", Run: b.guardButton}
}

func (b *Bot) guardButton(ctx context.Context, req *Request) (Reply, error) {
	a := args(req)
	if len(a) < 3 {
		return Reply{}, errStaleButton
	}
	device, err := coach.ParseDevice("device", a[2])
	if err != nil {
		return Reply{}, errStaleButton
	}
	start := *req
	start.Kind, start.CustomID, start.guarded = KindCommand, "", true
	start.Command, start.Options = "hang start", Options{"device": string(device)}
	switch {
	case a[0] == "plan" && len(a) == 3:
	case a[0] == "go" && len(a) == 5 && a[1] == "hang":
		angle, err1 := strconv.Atoi(a[3])
		secs, err2 := strconv.ParseInt(a[4], 10, 64)
		if err1 != nil || err2 != nil {
			return Reply{}, errStaleButton
		}
		start.Options["angle"] = int64(angle)
		start.Options["target"] = coach.FormatDuration(time.Duration(secs) * time.Second)
	case a[0] == "go" && len(a) == 5:
		start.Command, start.Options = "routine start", Options{"name": a[1], "device": string(device)}
	default:
		return Reply{}, errStaleButton
	}
	r, err := b.runCommand(ctx, &start)
	if err != nil {
		return Reply{}, err
	}
	r.Update = true
	return r, nil
}
