package bot

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/hangtime/hangtime/coach"
)

// exportSession is the exported form of a hang: stable field names, UTC
// times in RFC 3339, durations in seconds.
type exportSession struct {
	ID           int64   `json:"id"`
	Start        string  `json:"start"`
	Seconds      float64 `json:"duration_seconds"`
	Device       string  `json:"device,omitempty"`
	Angle        int     `json:"angle,omitempty"`
	Note         string  `json:"note,omitempty"`
	Routine      string  `json:"routine,omitempty"`
	StoppedEarly bool    `json:"stopped_early,omitempty"`
}

// exportFormat marks a Hangtime JSON export (and its version).
const exportFormat = "hangtime-export/1"

type exportDoc struct {
	Format     string          `json:"format,omitempty"` // exportFormat; absent in exports made before it
	UserID     string          `json:"user_id"`
	ExportedAt string          `json:"exported_at"`
	Profile    exportProfile   `json:"profile"`
	Sessions   []exportSession `json:"sessions"`
	RestDays   []string        `json:"rest_days"`
	Pauses     []exportPause   `json:"pauses"`
	Gym        []exportGym     `json:"gym_schedules,omitempty"`
	Reminders  []exportRemind  `json:"reminders,omitempty"`
	// GymSchedule is the one schedule exports held before several were
	// allowed; read on import, never written.
	GymSchedule *exportGym `json:"gym_schedule,omitempty"`
}

type exportRemind struct {
	Time string `json:"time"`
	Days string `json:"days"`
}

type exportGym struct {
	Days         string  `json:"days"`
	End          string  `json:"end"`
	DelaySeconds float64 `json:"delay_seconds"`
	Where        string  `json:"where"`
	ChannelID    string  `json:"channel_id,omitempty"`
}

type exportPause struct {
	From string `json:"from"`
	To   string `json:"to,omitempty"` // empty while open-ended
}

type exportProfile struct {
	Device    string `json:"device,omitempty"`
	Timezone  string `json:"timezone,omitempty"`
	Level     string `json:"level,omitempty"`
	SafetyAck string `json:"safety_acknowledged_at,omitempty"`
	Weekly    int    `json:"weekly,omitempty"`
	Notify    string `json:"notify,omitempty"`
	// Locale is the Discord locale the user's reminders are written in.
	Locale string `json:"locale,omitempty"`
}

func toExport(s coach.Session) exportSession {
	return exportSession{ID: s.ID, Start: s.Start.UTC().Format(time.RFC3339), Seconds: s.Duration.Seconds(),
		Device: string(s.Device), Angle: s.Angle, Note: s.Note, Routine: s.Routine, StoppedEarly: s.StoppedEarly}
}

// dataStore is what /data needs from storage: everything exported, and
// the deletion of it all.
type dataStore interface {
	zoneStore
	SessionsSince(ctx context.Context, userID string, since time.Time) ([]coach.Session, error)
	Rests(ctx context.Context, userID string) ([]coach.Day, error)
	Pauses(ctx context.Context, userID string) ([]coach.Pause, error)
	GymSchedules(ctx context.Context, userID string) ([]coach.GymSchedule, error)
	Reminders(ctx context.Context, userID string) ([]coach.Reminder, error)
	Forget(ctx context.Context, userID string) error
	restoreStore
}

// dataFeature is /data export, /data import and /data forget.
type dataFeature struct {
	*Bot
	store dataStore
}

func (b *dataFeature) dataExport(ctx context.Context, req *Request) (Reply, error) {
	format := req.Options.String("format")
	if format == "" {
		format = "json"
	}
	if format != "json" && format != "csv" {
		return Reply{}, inputErr("format", "in.not_format", []any{format}, "in.formats")
	}
	p, err := b.profileOf(ctx, req)
	if err != nil {
		return Reply{}, err
	}
	sessions, err := b.store.SessionsSince(ctx, req.UserID, time.Time{})
	if err != nil {
		return Reply{}, err
	}
	now := b.now()
	var buf bytes.Buffer
	var ctype string
	switch format {
	case "json":
		doc := exportDoc{Format: exportFormat, UserID: req.UserID, ExportedAt: now.UTC().Format(time.RFC3339), Sessions: []exportSession{},
			Profile: exportProfile{Device: string(p.Device), Timezone: p.Timezone, Level: string(p.Level), Weekly: p.Weekly, Notify: string(p.Notify)}}
		if !p.SafetyAck.IsZero() {
			doc.Profile.SafetyAck = p.SafetyAck.UTC().Format(time.RFC3339)
		}
		// The language reminders are written in: this interaction's, which
		// is stored once it is answered, else the one stored.
		doc.Profile.Locale = req.Locale
		if doc.Profile.Locale == "" && b.langs != nil {
			if doc.Profile.Locale, err = b.langs.UserLocale(ctx, req.UserID); err != nil {
				return Reply{}, err
			}
		}
		for _, s := range sessions {
			doc.Sessions = append(doc.Sessions, toExport(s))
		}
		rests, err := b.store.Rests(ctx, req.UserID)
		if err != nil {
			return Reply{}, err
		}
		pauses, err := b.store.Pauses(ctx, req.UserID)
		if err != nil {
			return Reply{}, err
		}
		gs, err := b.store.GymSchedules(ctx, req.UserID)
		if err != nil {
			return Reply{}, err
		}
		for _, g := range gs {
			doc.Gym = append(doc.Gym, exportGym{Days: g.Days.String(), End: coach.FormatClock(g.End), DelaySeconds: g.Delay.Seconds(), Where: g.Destination, ChannelID: g.ChannelID})
		}
		rs, err := b.store.Reminders(ctx, req.UserID)
		if err != nil {
			return Reply{}, err
		}
		for _, r := range rs {
			doc.Reminders = append(doc.Reminders, exportRemind{Time: coach.FormatClock(r.Minute), Days: r.Days.String()})
		}
		doc.RestDays, doc.Pauses = []string{}, []exportPause{}
		for _, d := range rests {
			doc.RestDays = append(doc.RestDays, d.String())
		}
		for _, p := range pauses {
			e := exportPause{From: p.From.String()}
			if !p.To.IsZero() {
				e.To = p.To.String()
			}
			doc.Pauses = append(doc.Pauses, e)
		}
		enc := json.NewEncoder(&buf)
		enc.SetIndent("", "  ")
		if err := enc.Encode(doc); err != nil {
			return Reply{}, fmt.Errorf("encode export: %w", err)
		}
		ctype = "application/json"
	case "csv":
		w := csv.NewWriter(&buf)
		w.Write([]string{"id", "start_utc", "duration_seconds", "device", "angle", "note", "routine", "stopped_early"})
		for _, s := range sessions {
			e := toExport(s)
			w.Write([]string{strconv.FormatInt(e.ID, 10), e.Start, strconv.FormatFloat(e.Seconds, 'f', -1, 64), e.Device,
				strconv.Itoa(e.Angle), csvSafe(e.Note), e.Routine, strconv.FormatBool(e.StoppedEarly)})
		}
		w.Flush()
		if err := w.Error(); err != nil {
			return Reply{}, fmt.Errorf("encode export: %w", err)
		}
		ctype = "text/csv"
	}
	name := fmt.Sprintf("hangtime-%s.%s", now.UTC().Format("2006-01-02"), format)
	return Reply{
		Ephemeral: true,
		Content:   req.T().S("data.export", req.T().S("unit.hangs", len(sessions))),
		Files:     []*discordgo.File{{Name: name, ContentType: ctype, Reader: bytes.NewReader(buf.Bytes())}},
	}, nil
}

// csvSafe stops a spreadsheet from reading a note as a formula.
func csvSafe(s string) string {
	if s != "" && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@') {
		return "'" + s
	}
	return s
}

func (b *dataFeature) dataForget(ctx context.Context, req *Request) (Reply, error) {
	return Reply{
		Ephemeral: true,
		Content:   req.T().S("data.forget"),
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: req.T().S("data.forget_yes"), Style: discordgo.DangerButton, CustomID: b.forgetComponent().ID(req.UserID, "yes")},
			discordgo.Button{Label: req.T().S("live.cancel"), Style: discordgo.SecondaryButton, CustomID: b.forgetComponent().ID(req.UserID, "no")},
		}}},
	}, nil
}

// forgetComponent is /data forget's confirmation.
func (b *dataFeature) forgetComponent() Component {
	return Component{Prefix: "forget", Run: b.forgetButton}
}

func (b *dataFeature) forgetButton(ctx context.Context, req *Request) (Reply, error) {
	if a := args(req); len(a) == 1 && a[0] == "yes" {
		if err := b.store.Forget(ctx, req.UserID); err != nil {
			return Reply{}, err
		}
		return Reply{Update: true, Content: req.T().S("data.forgotten")}, nil
	}
	return Reply{Update: true, Content: req.T().S("data.kept")}, nil
}
