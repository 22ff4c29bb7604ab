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
	Session(ctx context.Context, userID string, id int64) (coach.Session, bool, error)
	// CorrectSession sets the duration, angle and note of the user's hang
	// s.ID; false when the user has no such hang.
	CorrectSession(ctx context.Context, userID string, s coach.Session) (bool, error)
}

// historyFeature is /history and its paging buttons.
type historyFeature struct {
	*Bot
	store historyStore
	undo  Component // /hang undo's confirmation, which deletes a listed hang too
}

func (b *historyFeature) history(ctx context.Context, req *Request) (Reply, error) {
	limit := int64(historyDefault)
	if v, ok := req.Options.Int("limit"); ok {
		if v < 1 || v > historyMax {
			return Reply{}, inputErr("limit", "in.limit_range", []any{int(v)}, "in.limit_use", historyMax)
		}
		limit = v
	}
	if id, ok := req.Options.Int("hang"); ok {
		return b.historyHang(ctx, req, id)
	}
	for _, name := range []string{"delete", "duration", "angle", "note"} {
		if _, given := req.Options[name]; given {
			return Reply{}, userKey("history.which")
		}
	}
	return b.historyReply(ctx, req.T(), req.UserID, 0, int(limit))
}

// historyHang shows, deletes (after a confirmation) or corrects the user's
// hang #id. Every correction is checked before anything is written; the id
// is looked up among the user's own hangs only.
func (b *historyFeature) historyHang(ctx context.Context, req *Request, id int64) (Reply, error) {
	o := req.Options
	t := req.T()
	sid := strconv.FormatInt(id, 10)
	s, ok, err := b.store.Session(ctx, req.UserID, id)
	if err != nil {
		return Reply{}, err
	}
	if !ok {
		return Reply{}, userKey("history.no_such", sid)
	}
	del, _ := o["delete"].(bool)
	_, hasDur := o["duration"]
	_, hasAngle := o["angle"]
	_, hasNote := o["note"]
	corrects := hasDur || hasAngle || hasNote
	if del && corrects {
		return Reply{}, userKey("history.both", sid)
	}
	if del {
		return Reply{Ephemeral: true, Content: t.S("history.delete_confirm") + "\n" + historyLine(t, s), Components: b.deleteButtons(t, req.UserID, s.ID)}, nil
	}
	if !corrects {
		return Reply{Ephemeral: true,
			Content:    historyLine(t, s) + "\n\n" + t.S("history.how", sid),
			Components: b.deleteButtons(t, req.UserID, s.ID)}, nil
	}
	fixed := s
	if hasDur {
		if fixed.Duration, err = coach.ParseDuration("duration", o.String("duration")); err != nil {
			return Reply{}, err
		}
	}
	if hasAngle {
		a, _ := o.Int("angle")
		device := s.Device
		if device == "" {
			device = coach.Table
		}
		if _, angle, err := deviceAndAngle(Options{"device": string(device), "angle": a}, coach.Profile{}); err != nil {
			return Reply{}, err
		} else {
			fixed.Angle = angle
		}
	}
	if hasNote {
		note := o.String("note")
		if strings.TrimSpace(note) == "-" {
			note = ""
		}
		if fixed.Note, err = coach.CheckNote("note", note); err != nil {
			return Reply{}, err
		}
	}
	if ok, err := b.store.CorrectSession(ctx, req.UserID, fixed); err != nil {
		return Reply{}, err
	} else if !ok {
		return Reply{}, userKey("history.gone", sid)
	}
	text := t.S("history.corrected", historyLine(t, fixed))
	if c := caution(t, fixed.Device, fixed.Duration); c != "" {
		text += "\n⚠️ " + c
	}
	return Reply{Ephemeral: true, Content: text}, nil
}

// deleteButtons confirm deleting the user's hang id; they are /hang undo's,
// which delete any of the user's own hangs by id.
func (b *historyFeature) deleteButtons(t *Tr, userID string, id int64) []discordgo.MessageComponent {
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		discordgo.Button{Label: t.S("history.delete"), Style: discordgo.DangerButton, CustomID: b.undo.ID(userID, "yes", strconv.FormatInt(id, 10))},
		discordgo.Button{Label: t.S("undo.keep"), Style: discordgo.SecondaryButton, CustomID: b.undo.ID(userID, "no")},
	}}}
}

// historyLine is a hang as /history lists it, with the # that names it.
func historyLine(t *Tr, s coach.Session) string {
	return sessionLine(t, s) + " · `#" + strconv.FormatInt(s.ID, 10) + "`"
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
	r, err := b.historyReply(ctx, req.T(), req.UserID, offset, limit)
	r.Update = true
	return r, err
}

func (b *historyFeature) historyReply(ctx context.Context, t *Tr, userID string, offset, limit int) (Reply, error) {
	list, total, err := b.store.Sessions(ctx, userID, limit, offset)
	if err != nil {
		return Reply{}, err
	}
	if total == 0 {
		return Reply{Ephemeral: true, Content: t.S("history.empty")}, nil
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
		lines[i] = strconv.Itoa(offset+i+1) + ". " + historyLine(t, s)
	}
	pages := (total + limit - 1) / limit
	embed := &discordgo.MessageEmbed{
		Title:       t.S("history.title"),
		Description: strings.Join(lines, "\n"),
		Color:       colorBrand,
		Footer:      &discordgo.MessageEmbedFooter{Text: t.S("history.footer", offset/limit+1, pages, t.S("unit.hangs", total))},
	}
	r := Reply{Ephemeral: true, Embeds: []*discordgo.MessageEmbed{embed}}
	if pages > 1 {
		r.Components = []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: t.S("history.newer"), Style: discordgo.SecondaryButton, Disabled: offset == 0,
				CustomID: b.historyComponent().ID(userID, strconv.Itoa(max(offset-limit, 0)), strconv.Itoa(limit))},
			discordgo.Button{Label: t.S("history.older"), Style: discordgo.SecondaryButton, Disabled: offset+limit >= total,
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
