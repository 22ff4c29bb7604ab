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

// hangStore is what /hang log and /hang undo need from storage.
type hangStore interface {
	LogSession(ctx context.Context, s coach.Session, interactionID string, now time.Time) (coach.Session, bool, error)
	LastLogged(ctx context.Context, userID string) (coach.Session, bool, error)
	Session(ctx context.Context, userID string, id int64) (coach.Session, bool, error)
	DeleteSession(ctx context.Context, userID string, id int64) (bool, error)
}

// afterLogger is told that a user has just logged a hang, so their
// milestones can be celebrated (the group feature's afterLog).
type afterLogger interface {
	afterLog(ctx context.Context, t *Tr, userID string, s coach.Session) string
}

// hangFeature is /hang log and /hang undo: hangs logged after the fact.
type hangFeature struct {
	*Bot
	store hangStore
	planner
	afterLogger
}

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
		return "", 0, inputErr("angle", "in.angle_unusable", []any{a}, "in.angle_degrees")
	}
	if err := d.CheckAngle("angle", int(a)); err != nil {
		return "", 0, err
	}
	return d, int(a), nil
}

func (b *hangFeature) hangLog(ctx context.Context, req *Request) (Reply, error) {
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
	// The guard never refuses a log: it records what happened and cautions.
	pp := p
	pp.Device = device
	pl, beginner, err := b.planGuard(ctx, pp)
	if err != nil {
		return Reply{}, err
	}
	caution := ""
	if beginner && coach.BeyondPlan(pl, dur, angle) {
		caution = "\n⚠️ " + guardCaution(req.T(), pl)
	}
	now := b.now()
	s := coach.Session{UserID: req.UserID, Start: now.Add(-ago - dur), Duration: dur, Device: device, Angle: angle, Note: note}
	s, _, err = b.store.LogSession(ctx, s, req.ID, now)
	if err != nil {
		return Reply{}, err
	}
	return Reply{Content: loggedText(req.T(), s) + caution + b.afterLog(ctx, req.T(), req.UserID, s)}, nil
}

func loggedText(t *Tr, s coach.Session) string {
	var sb strings.Builder
	if s.Angle > 0 {
		sb.WriteString(t.S("hang.logged_angle", t.Dur(s.Duration), t.On(s.Device), s.Angle, ts(s.End(), "R")))
	} else {
		sb.WriteString(t.S("hang.logged", t.Dur(s.Duration), t.On(s.Device), ts(s.End(), "R")))
	}
	if s.Note != "" {
		fmt.Fprintf(&sb, "\n📝 %s", s.Note)
	}
	if c := caution(t, s.Device, s.Duration); c != "" {
		fmt.Fprintf(&sb, "\n⚠️ %s", c)
	}
	return sb.String()
}

// caution is coach.Caution in t's language: a warning for a hang past
// the device's cap, or "".
func caution(t *Tr, d coach.Device, dur time.Duration) string {
	limit := d.PlanCap()
	if dur <= limit {
		return ""
	}
	if limit == coach.FullCap {
		return t.S("caution.cap.full", int(limit/time.Minute))
	}
	return t.S("caution.cap.partial", int(limit/time.Minute))
}

// ts renders a Discord timestamp, shown in each reader's own time zone.
func ts(t time.Time, style string) string {
	return fmt.Sprintf("<t:%d:%s>", t.Unix(), style)
}

func sessionLine(t *Tr, s coach.Session) string {
	line := fmt.Sprintf("%s · **%s** · %s", ts(s.Start, "f"), t.Dur(s.Duration), t.Device(s.Device))
	if s.Angle > 0 {
		line += fmt.Sprintf(" %d°", s.Angle)
	}
	if s.Routine != "" {
		line += " · " + t.S("session.routine", t.reg("choice:", s.Routine))
	}
	if s.StoppedEarly {
		line += " · " + t.S("session.stopped_early")
	}
	if s.Note != "" {
		line += " · " + s.Note
	}
	return line
}

func (b *hangFeature) hangUndo(ctx context.Context, req *Request) (Reply, error) {
	s, ok, err := b.store.LastLogged(ctx, req.UserID)
	if err != nil {
		return Reply{}, err
	}
	if !ok {
		return Reply{}, userKey("undo.none")
	}
	t := req.T()
	return Reply{
		Ephemeral: true,
		Content:   t.S("undo.confirm") + "\n" + sessionLine(t, s),
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: t.S("undo.remove"), Style: discordgo.DangerButton, CustomID: b.undoComponent().ID(req.UserID, "yes", strconv.FormatInt(s.ID, 10))},
			discordgo.Button{Label: t.S("undo.keep"), Style: discordgo.SecondaryButton, CustomID: b.undoComponent().ID(req.UserID, "no")},
		}}},
	}, nil
}

// undoComponent is /hang undo's confirmation.
func (b *hangFeature) undoComponent() Component {
	return Component{Prefix: "undo", Run: b.undoButton}
}

func (b *hangFeature) undoButton(ctx context.Context, req *Request) (Reply, error) {
	a := args(req)
	if len(a) == 2 && a[0] == "yes" {
		id, err := strconv.ParseInt(a[1], 10, 64)
		if err != nil {
			return Reply{}, errStaleButton
		}
		s, ok, err := b.store.Session(ctx, req.UserID, id)
		if err != nil {
			return Reply{}, err
		}
		if !ok {
			return Reply{Update: true, Content: req.T().S("undo.gone")}, nil
		}
		if _, err := b.store.DeleteSession(ctx, req.UserID, id); err != nil {
			return Reply{}, err
		}
		return Reply{Update: true, Content: req.T().S("undo.removed", sessionLine(req.T(), s))}, nil
	}
	return Reply{Update: true, Content: req.T().S("undo.kept")}, nil
}
