package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/hangtime/hangtime/coach"
)

// deviceAndAngle reads the device and angle options, falling back to the
// profile's device (then the table), and checks the angle against it.
func deviceAndAngle(opts Options, p coach.Profile) (coach.Device, int, error) {
	d, err := coach.ParseDevice("device", opts.String("device"))
	if err != nil {
		return "", 0, err
	}
	if d == "" {
		d = p.Device
	}
	if d == "" {
		d = coach.Table
	}
	a, given := opts.Int("angle")
	if !given {
		return d, 0, nil
	}
	if a < 0 || a > 180 {
		return "", 0, &coach.InputError{Field: "angle", Problem: fmt.Sprintf("%d° is not an angle I can use", a), Accepted: "degrees from horizontal, 20 to 90"}
	}
	if err := d.CheckAngle("angle", int(a)); err != nil {
		return "", 0, err
	}
	return d, int(a), nil
}

func (b *Bot) hangLog(ctx context.Context, req *Request) (Reply, error) {
	dur, err := coach.ParseDuration("duration", req.Options.String("duration"))
	if err != nil {
		return Reply{}, err
	}
	ago, err := coach.ParseAgo("ago", req.Options.String("ago"))
	if err != nil {
		return Reply{}, err
	}
	note, err := coach.CheckNote("note", req.Options.String("note"))
	if err != nil {
		return Reply{}, err
	}
	p, err := b.profileOf(ctx, req)
	if err != nil {
		return Reply{}, err
	}
	device, angle, err := deviceAndAngle(req.Options, p)
	if err != nil {
		return Reply{}, err
	}
	now := b.now()
	s := coach.Session{UserID: req.UserID, Start: now.Add(-ago - dur), Duration: dur, Device: device, Angle: angle, Note: note}
	if req.claimPending {
		// One write: the duplicate-delivery claim and the hang together.
		var created bool
		s, created, err = b.store.LogSessionClaiming(ctx, s, req.ID, now)
		if err != nil {
			return Reply{}, err
		}
		req.claimPending = false
		if !created {
			return Reply{}, errDuplicate
		}
	} else if s, _, err = b.store.LogSession(ctx, s, req.ID, now); err != nil {
		return Reply{}, err
	}
	b.afterLog(ctx, req)
	return Reply{Content: loggedText(s)}, nil
}

func loggedText(s coach.Session) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "✅ Logged a **%s** hang on the %s", coach.FormatDuration(s.Duration), s.Device.Label())
	if s.Angle > 0 {
		fmt.Fprintf(&sb, " at %d°", s.Angle)
	}
	fmt.Fprintf(&sb, ", ended %s.", ts(s.End(), "R"))
	if s.Note != "" {
		fmt.Fprintf(&sb, "\n📝 %s", s.Note)
	}
	if s.Duration > coach.CautionAbove {
		fmt.Fprintf(&sb, "\n⚠️ %s", coach.CautionText)
	}
	return sb.String()
}

// ts renders a Discord timestamp, shown in each reader's own time zone.
func ts(t time.Time, style string) string {
	return fmt.Sprintf("<t:%d:%s>", t.Unix(), style)
}

func sessionLine(s coach.Session) string {
	line := fmt.Sprintf("%s · **%s** · %s", ts(s.Start, "f"), coach.FormatDuration(s.Duration), s.Device.Label())
	if s.Angle > 0 {
		line += fmt.Sprintf(" %d°", s.Angle)
	}
	if s.Routine != "" {
		line += " · " + s.Routine + " routine"
	}
	if s.StoppedEarly {
		line += " · stopped early"
	}
	if s.Note != "" {
		line += " · " + s.Note
	}
	return line
}

func (b *Bot) hangUndo(ctx context.Context, req *Request) (Reply, error) {
	s, ok, err := b.store.LastLogged(ctx, req.UserID)
	if err != nil {
		return Reply{}, err
	}
	if !ok {
		return Reply{}, userErr("You have no logged hangs to undo.")
	}
	return Reply{
		Ephemeral: true,
		Content:   "Remove this hang?\n" + sessionLine(s),
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: "Remove it", Style: discordgo.DangerButton, CustomID: customID("undo", req.UserID, "yes", strconv.FormatInt(s.ID, 10))},
			discordgo.Button{Label: "Keep it", Style: discordgo.SecondaryButton, CustomID: customID("undo", req.UserID, "no")},
		}}},
	}, nil
}

func (b *Bot) undoButton(ctx context.Context, req *Request) (Reply, error) {
	a := args(req)
	if len(a) == 2 && a[0] == "yes" {
		id, err := strconv.ParseInt(a[1], 10, 64)
		if err != nil {
			return Reply{}, userErr("That button is no longer valid.")
		}
		s, ok, err := b.store.Session(ctx, req.UserID, id)
		if err != nil {
			return Reply{}, err
		}
		if !ok {
			return Reply{Update: true, Content: "That hang is already gone."}, nil
		}
		if _, err := b.store.DeleteSession(ctx, req.UserID, id); err != nil {
			return Reply{}, err
		}
		return Reply{Update: true, Content: "🗑️ Removed: " + sessionLine(s)}, nil
	}
	return Reply{Update: true, Content: "Kept it; nothing changed."}, nil
}
