package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/hangtime/hangtime/coach"
)

// planHistory is how many recent hangs the plan reads; coach.MakePlan looks
// at no more than that.
const planHistory = 200

// planStore is what /plan needs from storage: the recent hangs a plan
// builds on.
type planStore interface {
	Sessions(ctx context.Context, userID string, limit, offset int) ([]coach.Session, int, error)
}

// planFeature is /plan, and the planner of the features that start from
// today's suggestion.
type planFeature struct {
	*Bot
	store planStore
	streakLoader
}

func (b *planFeature) plan(ctx context.Context, req *Request) (Reply, error) {
	p, err := b.profileOf(ctx, req)
	if err != nil {
		return Reply{}, err
	}
	pl, err := b.planFor(ctx, p)
	if err != nil {
		return Reply{}, err
	}
	st, err := b.loadStreak(ctx, req.UserID, b.now())
	if err != nil {
		return Reply{}, err
	}
	embeds := planEmbeds(pl, p)
	embeds[0].Fields = append(embeds[0].Fields, &discordgo.MessageEmbedField{
		Name: "Streak", Value: streakLine(english, st.in) + "\nIt follows " + planRule(english, st.in.Plan) + ".",
	})
	return Reply{Ephemeral: true, Embeds: embeds}, nil
}

// planFor computes today's suggestion for the user, as /plan shows it.
func (b *planFeature) planFor(ctx context.Context, p coach.Profile) (coach.Plan, error) {
	history, _, err := b.store.Sessions(ctx, p.UserID, planHistory, 0)
	if err != nil {
		return coach.Plan{}, err
	}
	return coach.MakePlan(p, history, b.now()), nil
}

func planEmbeds(pl coach.Plan, p coach.Profile) []*discordgo.MessageEmbed {
	angle := fmt.Sprintf("%d°", pl.Angle)
	if lo, hi := pl.Device.AngleRange(); lo == hi {
		angle = fmt.Sprintf("%d° (full inversion)", pl.Angle)
	}
	embed := &discordgo.MessageEmbed{
		Title:       "Today's hang",
		Description: pl.Device.EaseDown() + " Add a gentle torso rotation now and then. To end: " + lowerFirst(pl.Device.ComeUp()),
		Color:       colorBrand,
		Fields: []*discordgo.MessageEmbedField{
			{Name: "Device", Value: pl.Device.Label(), Inline: true},
			{Name: "Angle", Value: angle, Inline: true},
			{Name: "Duration", Value: coach.FormatDuration(pl.Duration), Inline: true},
			{Name: "Why", Value: pl.Reason},
			{Name: "Next step", Value: capitalize(strings.TrimPrefix(pl.Next, "next: "))},
		},
		Footer: &discordgo.MessageEmbedFooter{Text: planFooter(p)},
	}
	out := []*discordgo.MessageEmbed{embed}
	if pl.Caution != "" {
		out = append(out, &discordgo.MessageEmbed{Title: "⚠️ Caution", Description: pl.Caution, Color: colorWarn})
	}
	return out
}

// planFooter says what the plan assumed for what the profile leaves out.
func planFooter(p coach.Profile) string {
	var assumed []string
	if p.Device == "" {
		assumed = append(assumed, "an inversion table")
	}
	if p.Level == "" {
		assumed = append(assumed, "the beginner level")
	}
	if len(assumed) == 0 {
		return "Log it with /hang log when you are done. Hangtime is a habit coach, not a medical device."
	}
	return "Planned for " + strings.Join(assumed, " and ") + " since your profile does not say: /profile set changes that."
}
