package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"
)

func (b *Bot) help(ctx context.Context, req *Request) (Reply, error) {
	var lines []string
	for _, c := range b.commands {
		if len(c.Subs) == 0 {
			lines = append(lines, fmt.Sprintf("`/%s` — %s", c.Name, c.Description))
		}
		for _, s := range c.Subs {
			lines = append(lines, fmt.Sprintf("`/%s %s` — %s", c.Name, s.Name, s.Description))
		}
	}
	return Reply{Ephemeral: true, Embeds: []*discordgo.MessageEmbed{
		{
			Title: "Hangtime — your inversion habit, kept consistently",
			Color: colorBrand,
			Description: "Hangtime coaches you through inversion (table, chair, gravity boots or a bent-knee device) " +
				"and keeps the habit going: log hangs, see your history, and build a streak that follows your plan. " +
				"Many lifters hang for a minute or two right after squats or deadlifts, with a gentle rotation now and then. " +
				"Inversion is one tool beside core strength, posture and mobility work, not a replacement for them.\n\n" +
				"**Start:** `/profile set timezone:` your zone, then `/hang log duration:2m`.",
		},
		{Title: "Commands", Color: colorBrand, Description: strings.Join(lines, "\n")},
		streaksHelpEmbed(),
		{
			Title:       "Safety",
			Color:       colorWarn,
			Description: "Inversion is not for everyone (high blood pressure, heart or eye conditions, pregnancy, recent surgery…). Ask a health-care provider first. Hangtime is a habit coach, not a medical device.",
		},
	}}, nil
}
