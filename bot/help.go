package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"
)

func (b *Bot) help(ctx context.Context, req *Request) (Reply, error) {
	t := req.T()
	var lines []string
	for _, c := range b.commands {
		name := t.reg("name:", c.Name)
		if len(c.Subs) == 0 {
			lines = append(lines, fmt.Sprintf("`/%s` — %s", name, t.reg("desc:", c.Description)))
		}
		for _, s := range c.Subs {
			lines = append(lines, fmt.Sprintf("`/%s %s` — %s", name, t.reg("name:", s.Name), t.reg("desc:", s.Description)))
		}
	}
	return Reply{Ephemeral: true, Embeds: []*discordgo.MessageEmbed{
		{
			Title:       t.S("help.title"),
			Color:       colorBrand,
			Description: t.S("help.intro"),
		},
		{Title: t.S("help.commands"), Color: colorBrand, Description: strings.Join(lines, "\n")},
		streaksHelpEmbed(t),
		{
			Title:       t.S("help.safety.title"),
			Color:       colorWarn,
			Description: t.S("help.safety"),
		},
	}}, nil
}
