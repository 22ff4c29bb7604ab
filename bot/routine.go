package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/bwmarrin/discordgo"

	"github.com/hangtime/hangtime/coach"
)

func routineChoices() []*discordgo.ApplicationCommandOptionChoice {
	var out []*discordgo.ApplicationCommandOptionChoice
	for _, r := range coach.Routines() {
		out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: r.Name, Value: r.Name})
	}
	return out
}

// routineFor loads the routine and checks it suits the user's device.
func (b *Bot) routineFor(ctx context.Context, req *Request, name string) (coach.Routine, coach.Profile, error) {
	r, err := coach.FindRoutine(name)
	if err != nil {
		return r, coach.Profile{}, err
	}
	p, err := b.profileOf(ctx, req)
	if err != nil {
		return r, p, err
	}
	if err := r.CheckDevice(p.Device); err != nil {
		var in *coach.InputError
		if errors.As(err, &in) {
			return r, p, userErr("⚠️ %s: %s. Set your device with `/profile set device:`.", capitalize(in.Problem), in.Accepted)
		}
		return r, p, err
	}
	return r, p, nil
}

func (b *Bot) routineStart(ctx context.Context, req *Request) (Reply, error) {
	r, _, err := b.routineFor(ctx, req, req.Options.String("name"))
	if err != nil {
		return Reply{}, err
	}
	return routineStep(req.UserID, req.ID, r, 0), nil
}

// routineStep renders step i of r; the custom ids carry the routine, the
// step and the starting interaction, so the walk needs no stored state.
func routineStep(userID, startID string, r coach.Routine, i int) Reply {
	st := r.Steps[i]
	desc := st.Text
	if st.Hold > 0 {
		desc += fmt.Sprintf("\n\n⏱️ About %s.", coach.FormatDuration(st.Hold))
	}
	label := "Next"
	if i == len(r.Steps)-1 {
		label = "Finish"
	}
	return Reply{
		Embeds: []*discordgo.MessageEmbed{{
			Title:       fmt.Sprintf("%s — step %d of %d: %s", r.Title, i+1, len(r.Steps), st.Title),
			Description: desc,
			Color:       colorBrand,
		}},
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: label, Style: discordgo.PrimaryButton, CustomID: customID("routine", userID, r.Name, strconv.Itoa(i+1), startID)},
			discordgo.Button{Label: "Stop", Style: discordgo.SecondaryButton, CustomID: customID("routine", userID, r.Name, "stop", startID)},
		}}},
	}
}

func (b *Bot) routineButton(ctx context.Context, req *Request) (Reply, error) {
	a := args(req)
	if len(a) != 3 {
		return Reply{}, userErr("That button is no longer valid.")
	}
	r, p, err := b.routineFor(ctx, req, a[0])
	if err != nil {
		return Reply{}, err
	}
	if a[1] == "stop" {
		return Reply{Update: true, Content: fmt.Sprintf("Stopped the %s routine — nothing logged. Come up slowly.", r.Name)}, nil
	}
	next, err := strconv.Atoi(a[1])
	if err != nil || next < 1 || next > len(r.Steps) {
		return Reply{}, userErr("That button is no longer valid.")
	}
	if next < len(r.Steps) {
		reply := routineStep(req.UserID, a[2], r, next)
		reply.Update = true
		return reply, nil
	}
	device := p.Device
	if device == "" {
		device = coach.Table
	}
	now := b.now()
	dur := r.TotalHold()
	// The starting interaction's id makes a second Finish click log nothing.
	s, _, err := b.store.LogSession(ctx, coach.Session{UserID: req.UserID, Start: now.Add(-dur), Duration: dur, Device: device, Routine: r.Name}, a[2], now)
	if err != nil {
		return Reply{}, err
	}
	b.afterLog(ctx, req)
	return Reply{Update: true, Content: fmt.Sprintf("🎉 %s complete — logged **%s** on the %s as a %s routine. Come up slowly.", r.Title, coach.FormatDuration(s.Duration), s.Device.Label(), r.Name)}, nil
}
