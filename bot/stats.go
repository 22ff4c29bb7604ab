package bot

import (
	"bytes"
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/hangtime/hangtime/coach"
)

const (
	// chartMaxDays caps the chart of /stats period:all; older days would be
	// slivers too thin to read.
	chartMaxDays = 90
	// statsChartName is the attachment's file name; the embed shows it.
	statsChartName = "hangtime-stats.png"
)

// periodChoices are the periods /stats offers: the last 7 days, the last
// 30 days, or all time.
func periodChoices() []*discordgo.ApplicationCommandOptionChoice {
	return []*discordgo.ApplicationCommandOptionChoice{
		{Name: coach.PeriodWeek, Value: coach.PeriodWeek},
		{Name: coach.PeriodMonth, Value: coach.PeriodMonth},
		{Name: coach.PeriodAll, Value: coach.PeriodAll},
	}
}

// streakLoader loads what streaks are computed from (the streak feature's
// loadStreak), for the features that show or celebrate them.
type streakLoader interface {
	loadStreak(ctx context.Context, userID string, known *coach.Profile, now time.Time) (streakState, error)
}

// statsStore is what /stats reads beside the streak: the hangs themselves.
type statsStore interface {
	SessionsSince(ctx context.Context, userID string, since time.Time) ([]coach.Session, error)
}

// statsFeature is /stats: the hangs, and the streak through the streak
// feature.
type statsFeature struct {
	*Bot
	streakLoader
	store statsStore
}

func (b *statsFeature) stats(ctx context.Context, req *Request) (Reply, error) {
	period := strings.ToLower(strings.TrimSpace(req.Options.String("period")))
	if period == "" {
		period = coach.PeriodWeek
	}
	// Checked before anything is read; the day does not matter here.
	if _, err := coach.PeriodStart(period, coach.Day{}); err != nil {
		return Reply{}, err
	}
	now := b.now()
	st, err := b.loadStreak(ctx, req.UserID, req.profile, now)
	if err != nil {
		return Reply{}, err
	}
	sessions, err := b.store.SessionsSince(ctx, req.UserID, time.Time{})
	if err != nil {
		return Reply{}, err
	}
	t := req.T()
	if len(sessions) == 0 {
		return Reply{Ephemeral: true, Content: t.S("stats.empty")}, nil
	}
	from, err := coach.PeriodStart(period, st.today)
	if err != nil {
		return Reply{}, err
	}
	// Sessions are newest first: the last one is the first ever.
	first := coach.DayOf(sessions[len(sessions)-1].Start, st.loc)
	var inPeriod []coach.Session
	for _, s := range sessions {
		d := coach.DayOf(s.Start, st.loc)
		if d.After(st.today) || (!from.IsZero() && d.Before(from)) {
			continue
		}
		inPeriod = append(inPeriod, s)
	}
	tot := coach.Summarize(inPeriod)
	cur, best := coach.Streaks(st.in)
	score := coach.Consistency(st.in, coach.Day{})

	var label, chartTitle string
	chartFrom := from
	switch period {
	case coach.PeriodWeek:
		label, chartTitle = t.S("stats.last7"), t.S("stats.chart7")
	case coach.PeriodMonth:
		label, chartTitle = t.S("stats.last30"), t.S("stats.chart30")
	default:
		since := t.Date(first.Start(nil))
		label = t.S("stats.all_since", since)
		chartFrom = first
		chartTitle = t.S("stats.chart_since", since)
		if oldest := st.today.AddDays(1 - chartMaxDays); first.Before(oldest) {
			chartFrom = oldest
			chartTitle = t.S("stats.chart_last", chartMaxDays)
		}
	}

	unit := streakUnitKey(st.in.Plan)
	embed := &discordgo.MessageEmbed{
		Title: t.S("stats.title", label),
		Color: colorBrand,
		Fields: []*discordgo.MessageEmbedField{
			{Name: t.S("stats.time"), Value: formatTotal(t, tot.Total), Inline: true},
			{Name: t.S("stats.hangs"), Value: t.Num(tot.Sessions), Inline: true},
			{Name: t.S("stats.average"), Value: orDash(t, tot.Sessions, tot.Average), Inline: true},
			{Name: t.S("stats.longest"), Value: orDash(t, tot.Sessions, tot.Longest), Inline: true},
			{Name: t.S("stats.current"), Value: t.S(unit, cur), Inline: true},
			{Name: t.S("stats.best"), Value: t.S(unit, best), Inline: true},
			{Name: t.S("stats.consistency"), Value: t.S("stats.percent", percent(score)), Inline: true},
		},
		Footer: &discordgo.MessageEmbedFooter{Text: t.S("stats.footer", stripMarkdown(planRule(t, st.in.Plan)), st.zoneNote(t))},
	}
	r := Reply{Ephemeral: true, Embeds: []*discordgo.MessageEmbed{embed}}
	if tot.Sessions == 0 {
		embed.Description = t.S("stats.none_in_period", ts(sessions[0].Start, "R"))
		return r, nil
	}
	if period == coach.PeriodAll && chartFrom != first {
		embed.Description = t.S("stats.chart_note", chartMaxDays)
	}
	png, err := minutesChart(coach.MinutesPerDay(inPeriod, st.loc, chartFrom, st.today), chartTitle, t.S("chart.minutes"))
	if err != nil {
		return Reply{}, err
	}
	embed.Image = &discordgo.MessageEmbedImage{URL: "attachment://" + statsChartName}
	r.Files = []*discordgo.File{{Name: statsChartName, ContentType: "image/png", Reader: bytes.NewReader(png)}}
	return r, nil
}

// formatTotal renders a total time, to the minute once it passes an hour.
func formatTotal(t *Tr, d time.Duration) string {
	if d >= time.Hour {
		d = d.Round(time.Minute)
	}
	return t.Dur(d)
}

func orDash(t *Tr, n int, d time.Duration) string {
	if n == 0 {
		return "—"
	}
	return t.Dur(d)
}

// streaksHelpEmbed explains streaks, rest days, pauses and the consistency
// score, for /help.
func streaksHelpEmbed(t *Tr) *discordgo.MessageEmbed {
	return &discordgo.MessageEmbed{
		Title:       t.S("help.streaks.title"),
		Color:       colorBrand,
		Description: t.S("help.streaks", coach.RestDaysPerWeek, coach.MaxPauseDays),
		Fields:      []*discordgo.MessageEmbedField{{Name: t.S("help.consistency.title"), Value: t.S("help.consistency")}},
	}
}

// stripMarkdown drops the backticks of inline code, for plain-text footers.
func stripMarkdown(s string) string { return strings.ReplaceAll(s, "`", "") }

// percent renders a 0–1 score as a whole percentage, rounded as %.0f does.
func percent(score float64) int {
	n, _ := strconv.Atoi(strconv.FormatFloat(score*100, 'f', 0, 64))
	return n
}
