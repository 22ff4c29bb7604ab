package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/hangtime/hangtime/coach"
)

const (
	historyDefault = 10
	historyMax     = 25
)

// historyStore is what /history needs from storage.
type historyStore interface {
	Sessions(ctx context.Context, userID string, limit, offset int) ([]coach.Session, int, error)
}

// historyFeature is /history and its paging buttons.
type historyFeature struct {
	*Bot
	store historyStore
}

func (b *historyFeature) history(ctx context.Context, req *Request) (Reply, error) {
	limit := int64(historyDefault)
	if v, ok := req.Options.Int("limit"); ok {
		if v < 1 || v > historyMax {
			return Reply{}, &coach.InputError{Field: "limit", Problem: fmt.Sprintf("%d is out of range", v), Accepted: fmt.Sprintf("1 to %d hangs per page", historyMax)}
		}
		limit = v
	}
	return b.historyReply(ctx, req.UserID, 0, int(limit))
}

// historyComponent pages /history; the id carries offset and page size.
func (b *historyFeature) historyComponent() Component {
	return Component{Prefix: "hist", Run: b.historyPage}
}

func (b *historyFeature) historyPage(ctx context.Context, req *Request) (Reply, error) {
	a := args(req)
	if len(a) != 2 {
		return Reply{}, errStaleButton
	}
	offset, err1 := strconv.Atoi(a[0])
	limit, err2 := strconv.Atoi(a[1])
	if err1 != nil || err2 != nil || offset < 0 || limit < 1 || limit > historyMax {
		return Reply{}, errStaleButton
	}
	r, err := b.historyReply(ctx, req.UserID, offset, limit)
	r.Update = true
	return r, err
}

func (b *historyFeature) historyReply(ctx context.Context, userID string, offset, limit int) (Reply, error) {
	list, total, err := b.store.Sessions(ctx, userID, limit, offset)
	if err != nil {
		return Reply{}, err
	}
	if total == 0 {
		return Reply{Ephemeral: true, Content: "No hangs yet. Log one with `/hang log duration:2m`."}, nil
	}
	if len(list) == 0 && offset > 0 {
		// The history shrank (undo) since the page was drawn; show the last page.
		offset = (total - 1) / limit * limit
		if list, total, err = b.store.Sessions(ctx, userID, limit, offset); err != nil {
			return Reply{}, err
		}
	}
	lines := make([]string, len(list))
	for i, s := range list {
		lines[i] = fmt.Sprintf("%d. %s", offset+i+1, sessionLine(s))
	}
	pages := (total + limit - 1) / limit
	embed := &discordgo.MessageEmbed{
		Title:       "Your hangs",
		Description: strings.Join(lines, "\n"),
		Color:       colorBrand,
		Footer:      &discordgo.MessageEmbedFooter{Text: fmt.Sprintf("Page %d of %d · %s in all", offset/limit+1, pages, plural(total, "hang"))},
	}
	r := Reply{Ephemeral: true, Embeds: []*discordgo.MessageEmbed{embed}}
	if pages > 1 {
		r.Components = []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: "◀ Newer", Style: discordgo.SecondaryButton, Disabled: offset == 0,
				CustomID: b.historyComponent().ID(userID, strconv.Itoa(max(offset-limit, 0)), strconv.Itoa(limit))},
			discordgo.Button{Label: "Older ▶", Style: discordgo.SecondaryButton, Disabled: offset+limit >= total,
				CustomID: b.historyComponent().ID(userID, strconv.Itoa(offset+limit), strconv.Itoa(limit))},
		}}}
	}
	return r, nil
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
