package bot

import (
	"bytes"
	"context"
	"fmt"
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

func (b *Bot) stats(ctx context.Context, req *Request) (Reply, error) {
	period := strings.ToLower(strings.TrimSpace(req.Options.String("period")))
	if period == "" {
		period = coach.PeriodWeek
	}
	// Checked before anything is read; the day does not matter here.
	if _, err := coach.PeriodStart(period, coach.Day{}); err != nil {
		return Reply{}, err
	}
	now := b.now()
	st, err := b.loadStreak(ctx, req, now)
	if err != nil {
		return Reply{}, err
	}
	if len(st.sessions) == 0 {
		return Reply{Ephemeral: true, Content: "No hangs yet, so no stats either. Log your first with `/hang log duration:2m` " +
			"(or see `/plan` for where to start) and your totals, streak and chart will show up here."}, nil
	}
	from, err := coach.PeriodStart(period, st.today)
	if err != nil {
		return Reply{}, err
	}
	// Sessions are newest first: the last one is the first ever.
	first := coach.DayOf(st.sessions[len(st.sessions)-1].Start, st.loc)
	var inPeriod []coach.Session
	for _, s := range st.sessions {
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
		label, chartTitle = "Last 7 days", "Minutes per day, last 7 days"
	case coach.PeriodMonth:
		label, chartTitle = "Last 30 days", "Minutes per day, last 30 days"
	default:
		since := first.Start(nil).Format("Jan 2, 2006")
		label = "All time, since " + since
		chartFrom = first
		chartTitle = "Minutes per day since " + since
		if oldest := st.today.AddDays(1 - chartMaxDays); first.Before(oldest) {
			chartFrom = oldest
			chartTitle = fmt.Sprintf("Minutes per day, last %d days", chartMaxDays)
		}
	}

	embed := &discordgo.MessageEmbed{
		Title: "Your stats · " + label,
		Color: colorBrand,
		Fields: []*discordgo.MessageEmbedField{
			{Name: "Time inverted", Value: formatTotal(tot.Total), Inline: true},
			{Name: "Hangs", Value: fmt.Sprint(tot.Sessions), Inline: true},
			{Name: "Average", Value: orDash(tot.Sessions, tot.Average), Inline: true},
			{Name: "Longest", Value: orDash(tot.Sessions, tot.Longest), Inline: true},
			{Name: "Current streak", Value: plural(cur, "day"), Inline: true},
			{Name: "Best streak", Value: plural(best, "day"), Inline: true},
			{Name: "Consistency", Value: fmt.Sprintf("%.0f%%", score*100), Inline: true},
		},
		Footer: &discordgo.MessageEmbedFooter{Text: st.zoneNote() + " How consistency works: /help."},
	}
	r := Reply{Ephemeral: true, Embeds: []*discordgo.MessageEmbed{embed}}
	if tot.Sessions == 0 {
		embed.Description = fmt.Sprintf("No hangs in this period; your last was %s. `/plan` suggests a gentle restart.",
			ts(st.sessions[0].Start, "R"))
		return r, nil
	}
	if period == coach.PeriodAll && chartFrom != first {
		embed.Description = fmt.Sprintf("The chart shows the last %d days; the numbers cover all time.", chartMaxDays)
	}
	png, err := minutesChart(coach.MinutesPerDay(inPeriod, st.loc, chartFrom, st.today), chartTitle)
	if err != nil {
		return Reply{}, err
	}
	embed.Image = &discordgo.MessageEmbedImage{URL: "attachment://" + statsChartName}
	r.Files = []*discordgo.File{{Name: statsChartName, ContentType: "image/png", Reader: bytes.NewReader(png)}}
	return r, nil
}

// formatTotal renders a total time, to the minute once it passes an hour.
func formatTotal(d time.Duration) string {
	if d >= time.Hour {
		d = d.Round(time.Minute)
	}
	return coach.FormatDuration(d)
}

func orDash(n int, d time.Duration) string {
	if n == 0 {
		return "—"
	}
	return coach.FormatDuration(d)
}

// streaksHelpEmbed explains streaks, rest days, pauses and the consistency
// score, for /help.
func streaksHelpEmbed() *discordgo.MessageEmbed {
	return &discordgo.MessageEmbed{
		Title: "Streaks and consistency",
		Color: colorBrand,
		Description: fmt.Sprintf("Your **streak** counts the calendar days in a row, in your time zone, with at least one hang; today keeps it alive until the day is over. "+
			"`/streak rest` marks today a rest day (%d per week, Monday to Sunday) and `/streak pause days:` pauses it for up to %d days while you are injured or ill: "+
			"both keep the streak without adding to it.", coach.RestDaysPerWeek, coach.MaxPauseDays),
		Fields: []*discordgo.MessageEmbedField{{Name: "Consistency score", Value: coach.ConsistencyExplained}},
	}
}
