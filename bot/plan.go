package bot

import (
	"context"

	"github.com/bwmarrin/discordgo"

	"github.com/hangtime/hangtime/coach"
)

// planHistory is how many recent hangs the plan reads; coach.MakePlan looks
// at no more than that.
const planHistory = coach.PlanWindow

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
	st, err := b.loadStreak(ctx, req.UserID, req.profile, b.now())
	if err != nil {
		return Reply{}, err
	}
	t := req.T()
	embeds := planEmbeds(t, pl, p)
	embeds[0].Fields = append(embeds[0].Fields, &discordgo.MessageEmbedField{
		Name: t.S("plan.streak"), Value: streakLine(t, st.in) + "\n" + t.S("plan.follows", planRule(t, st.in.Plan)),
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

func planEmbeds(t *Tr, pl coach.Plan, p coach.Profile) []*discordgo.MessageEmbed {
	angle := t.S("plan.degrees", pl.Angle)
	if lo, hi := pl.Device.AngleRange(); lo == hi {
		angle = t.S("plan.degrees_full", pl.Angle)
	}
	comeUp := t.ComeUp(pl.Device)
	if t.English() {
		comeUp = lowerFirst(comeUp) // "To end: come up slowly"
	}
	embed := &discordgo.MessageEmbed{
		Title:       t.S("plan.title"),
		Description: t.S("plan.how", t.easeDown(pl.Device), comeUp),
		Color:       colorBrand,
		Fields: []*discordgo.MessageEmbedField{
			{Name: t.S("safety.device"), Value: t.Device(pl.Device), Inline: true},
			{Name: t.S("plan.angle"), Value: angle, Inline: true},
			{Name: t.S("plan.duration"), Value: t.Dur(pl.Duration), Inline: true},
			{Name: t.S("plan.why"), Value: t.Text(pl.ReasonText)},
			{Name: t.S("plan.next"), Value: capitalizeWord(t.Text(pl.NextText))},
		},
		Footer: &discordgo.MessageEmbedFooter{Text: planFooter(t, p)},
	}
	out := []*discordgo.MessageEmbed{embed}
	if !pl.CautionText.IsZero() {
		out = append(out, &discordgo.MessageEmbed{Title: t.S("plan.caution"), Description: t.Text(pl.CautionText), Color: colorWarn})
	}
	return out
}

// planFooter says what the plan assumed for what the profile leaves out.
func planFooter(t *Tr, p coach.Profile) string {
	switch {
	case p.Device == "" && p.Level == "":
		return t.S("plan.assumed", t.S("plan.and", t.S("plan.assume_table"), t.S("plan.assume_beginner")))
	case p.Device == "":
		return t.S("plan.assumed", t.S("plan.assume_table"))
	case p.Level == "":
		return t.S("plan.assumed", t.S("plan.assume_beginner"))
	}
	return t.S("plan.footer")
}

// easeDown says how to get into a hang on d, in t's language.
func (t *Tr) easeDown(d coach.Device) string {
	key := "easedown." + string(d)
	if !t.has(key) {
		return d.EaseDown()
	}
	return t.S(key)
}
