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
	// LogSessionClaiming is LogSession that also claims the interaction
	// (see ClaimInteraction) in the same write; created is false, and
	// nothing written, when it was claimed before.
	LogSessionClaiming(ctx context.Context, s coach.Session, interactionID string, now time.Time) (s2 coach.Session, created bool, err error)
	// ProfileAndFacts is ProfileAndGroups and HangFacts in one read.
	ProfileAndFacts(ctx context.Context, userID string, added, since time.Time, window int) (p coach.Profile, inGroups bool, f coach.HangFacts, err error)
	// HangFacts summarises the user's hangs around one starting at added
	// (coach.HangFacts) as of the moment whose coach.GentleSince is since,
	// window as in PlanHistory.
	HangFacts(ctx context.Context, userID string, added, since time.Time, window int) (coach.HangFacts, error)
	// PlanHistory is what coach.MakePlan reads of the user's window most
	// recent hangs for a plan on device.
	PlanHistory(ctx context.Context, userID string, device coach.Device, window, limit int, now time.Time) ([]coach.Session, error)
	LastLogged(ctx context.Context, userID string) (coach.Session, bool, error)
	Session(ctx context.Context, userID string, id int64) (coach.Session, bool, error)
	DeleteSession(ctx context.Context, userID string, id int64) (bool, error)
}

// afterLogger is told that a user has just logged a hang, so their
// milestones can be celebrated (the group feature's afterLog).
type afterLogger interface {
	afterLog(ctx context.Context, t *Tr, userID string, known *coach.Profile, s coach.Session) string
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

// hangInput is what /hang log's options say, checked: the hang to log
// (without its device and angle, which depend on the profile).
func hangInput(req *Request, now time.Time) (coach.Session, error) {
	dur, err := coach.ParseDuration("duration", req.Options.String("duration"))
	if err != nil {
		return coach.Session{}, err
	}
	ago, err := coach.ParseAgo("ago", req.Options.String("ago"))
	if err != nil {
		return coach.Session{}, err
	}
	note, err := coach.CheckNote("note", req.Options.String("note"))
	if err != nil {
		return coach.Session{}, err
	}
	return coach.Session{UserID: req.UserID, Start: now.Add(-ago - dur), Duration: dur, Note: note}, nil
}

// loadedFacts is what /hang log's Load read beside the profile: the hang
// its options describe, as of now, and its facts.
type loadedFacts struct {
	now   time.Time
	hang  coach.Session
	facts coach.HangFacts
}

// load reads the profile and the hang facts of /hang log in one statement
// (Command.Load). Options the handler will refuse load nothing: the safety
// gate then reads the profile alone.
func (b *hangFeature) load(ctx context.Context, req *Request) error {
	now := b.now()
	s, err := hangInput(req, now)
	if err != nil {
		return nil
	}
	p, inGroups, facts, err := b.store.ProfileAndFacts(ctx, req.UserID, s.Start, coach.GentleSince(now), planHistory)
	if err != nil {
		return err
	}
	req.setProfile(p, inGroups)
	req.loaded = loadedFacts{now: now, hang: s, facts: facts}
	return nil
}

// readFacts reads for itself what load would have: for a log carried out
// after the safety card, or one whose options load left unread (they are
// refused here, before any read).
func (b *hangFeature) readFacts(ctx context.Context, req *Request) (loadedFacts, error) {
	now := b.now()
	s, err := hangInput(req, now)
	if err != nil {
		return loadedFacts{}, err
	}
	facts, err := b.store.HangFacts(ctx, req.UserID, s.Start, coach.GentleSince(now), planHistory)
	if err != nil {
		return loadedFacts{}, err
	}
	return loadedFacts{now: now, hang: s, facts: facts}, nil
}

func (b *hangFeature) hangLog(ctx context.Context, req *Request) (Reply, error) {
	// What the guard and the milestone check need to know of the user's
	// history, in one read (with the profile's, when loaded); the rest only
	// when it can matter.
	l, isLoaded := req.loaded.(loadedFacts)
	if !isLoaded {
		var err error
		if l, err = b.readFacts(ctx, req); err != nil {
			return Reply{}, err
		}
	}
	now, s, facts := l.now, l.hang, l.facts
	p, err := b.profileOf(ctx, req)
	if err != nil {
		return Reply{}, err
	}
	if s.Device, s.Angle, err = deviceAndAngle(req.Options, p); err != nil {
		return Reply{}, err
	}
	// The guard never refuses a log: it records what happened and cautions.
	caution := ""
	if facts.Beginner() && !coach.WithinEveryPlan(s.Duration, s.Angle) {
		pp := p
		pp.Device = s.Device
		history, err := b.store.PlanHistory(ctx, req.UserID, coach.PlanDevice(pp), planHistory, coach.PlanDeviceHangs, now)
		if err != nil {
			return Reply{}, err
		}
		if pl := coach.MakePlan(pp, history, now); coach.BeyondPlan(pl, s.Duration, s.Angle) {
			caution = "\n⚠️ " + guardCaution(req.T(), pl)
		}
	}
	if req.claimPending {
		// One write: the duplicate-delivery claim and the hang together.
		var created bool
		if s, created, err = b.store.LogSessionClaiming(ctx, s, req.ID, now); err != nil {
			return Reply{}, err
		}
		req.claimPending = false
		if !created {
			return Reply{}, errDuplicate
		}
	} else if s, _, err = b.store.LogSession(ctx, s, req.ID, now); err != nil {
		return Reply{}, err
	}
	reached := ""
	// A group member's every log may queue a shout-out; anyone else's
	// needs the whole history only when a milestone is possible. Without
	// groups the streak's zone is the profile's (userZone).
	if req.inGroups || facts.MayReachMilestone(p.Location()) {
		reached = b.afterLog(ctx, req.T(), req.UserID, req.profile, s)
	}
	return Reply{Content: loggedText(req.T(), s) + caution + reached}, nil
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
