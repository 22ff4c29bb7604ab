package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/hangtime/hangtime/coach"
)

// restoreStore restores an export into an account.
type restoreStore interface {
	// Restore adds what the account lacks in one transaction; gymJob and
	// remindJob make the first reminder of each schedule and reminder added.
	Restore(ctx context.Context, userID string, b coach.Backup, gymJob func(coach.GymSchedule) coach.Job, remindJob func(coach.Reminder) coach.Job, now time.Time) (coach.Restored, error)
}

// maxImport is the largest export /data import reads: far above a lifetime
// of daily hangs (about 200 bytes each).
const maxImport = 8 << 20

// maxImportHangs bounds the hangs one import may hold.
const maxImportHangs = 50_000

func dataImportOption() *discordgo.ApplicationCommandOption {
	return &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionAttachment, Name: "file", Description: "A JSON file from /data export", Required: true}
}

var errNotAnExport = userKey("import.not_export")

func (b *dataFeature) dataImport(ctx context.Context, req *Request) (Reply, error) {
	a, ok := req.Attachments[req.Options.String("file")]
	if !ok || a == nil || a.URL == "" {
		return Reply{}, userKey("import.attach")
	}
	if a.Size > maxImport {
		return Reply{}, userKey("import.too_big", a.Size/1024, maxImport/1024)
	}
	if b.fetcher == nil {
		return Reply{}, userKey("import.no_fetcher")
	}
	data, err := b.fetcher.Fetch(ctx, a.URL, maxImport)
	if errors.Is(err, errFileTooBig) {
		return Reply{}, userKey("import.over", maxImport/1024)
	}
	if err != nil {
		return Reply{}, fmt.Errorf("import: %w", err)
	}
	backup, err := parseExport(data)
	var ie *coach.InputError
	var ue *UserError
	switch {
	case errors.Is(err, errNotAnExport):
		return Reply{}, err
	case errors.As(err, &ie):
		return Reply{}, userKey("import.refused", ie)
	case errors.As(err, &ue):
		return Reply{}, userKey("import.unreadable", ue)
	case err != nil:
		return Reply{}, userKey("import.unreadable", truncateRunes(err.Error(), 200))
	}
	p, err := b.profileOf(ctx, req)
	if err != nil {
		return Reply{}, err
	}
	if p.Timezone == "" && backup.Profile.Timezone != "" {
		p.Timezone = backup.Profile.Timezone
	}
	z, err := userZone(ctx, b.store, req.UserID, p, req.GuildID)
	if err != nil {
		return Reply{}, err
	}
	now := b.now()
	got, err := b.store.Restore(ctx, req.UserID, backup,
		func(g coach.GymSchedule) coach.Job { return gymJob(g, g.Next(now, z.loc)) },
		func(r coach.Reminder) coach.Job { return plainJob(r, r.Next(now, z.loc)) }, now)
	if err != nil {
		return Reply{}, err
	}
	if got.Total() == 0 {
		return Reply{Ephemeral: true, Content: req.T().S("import.nothing")}, nil
	}
	t := req.T()
	var parts []string
	for _, c := range []struct {
		n   int
		key string
	}{{got.Sessions, "unit.hangs"}, {got.Rests, "unit.rest_days"}, {got.Pauses, "unit.pauses"}, {got.Gym, "unit.gym_schedules"}, {got.Reminders, "unit.reminders"}} {
		if c.n > 0 {
			parts = append(parts, t.S(c.key, c.n))
		}
	}
	if got.Profile {
		parts = append(parts, t.S("import.profile"))
	}
	return Reply{Ephemeral: true, Content: t.S("import.done", strings.Join(parts, ", "))}, nil
}

// parseExport reads and checks a JSON export completely before anything
// is written: a document that is not a Hangtime export, or holds a value
// Hangtime would refuse, is refused as a whole.
func parseExport(data []byte) (coach.Backup, error) {
	var doc exportDoc
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	// Whatever is not an export's shape is "not an export"; an export with
	// a bad value says which.
	if err := dec.Decode(&doc); err != nil || dec.More() {
		return coach.Backup{}, errNotAnExport
	}
	if doc.Format != "" && doc.Format != exportFormat {
		return coach.Backup{}, errNotAnExport
	}
	if _, err := time.Parse(time.RFC3339, doc.ExportedAt); err != nil || doc.Sessions == nil {
		return coach.Backup{}, errNotAnExport
	}
	if len(doc.Sessions) > maxImportHangs {
		return coach.Backup{}, userKey("import.d.too_many", len(doc.Sessions))
	}
	var out coach.Backup
	var err error
	pr := doc.Profile
	if out.Profile.Device, err = coach.ParseDevice("device", pr.Device); err != nil {
		return out, err
	}
	if pr.Timezone != "" {
		if _, out.Profile.Timezone, err = coach.ParseTimezone("timezone", pr.Timezone); err != nil {
			return out, err
		}
	}
	if out.Profile.Level, err = coach.ParseLevel("level", pr.Level); err != nil {
		return out, err
	}
	if pr.SafetyAck != "" {
		if out.Profile.SafetyAck, err = time.Parse(time.RFC3339, pr.SafetyAck); err != nil {
			return out, userKey("import.d.safety", truncateRunes(pr.SafetyAck, 40))
		}
	}
	if pr.Weekly != 0 {
		if out.Profile.Weekly, err = coach.ParseWeekly("weekly", int64(pr.Weekly)); err != nil {
			return out, err
		}
	}
	if out.Profile.Notify, err = coach.ParseNotify("notify", pr.Notify); err != nil {
		return out, err
	}
	if pr.Locale != "" && !discordLocale.MatchString(pr.Locale) {
		return out, inputErr("locale", "in.not_locale", []any{truncateRunes(pr.Locale, 20)}, "in.locale_use")
	}
	out.Locale = pr.Locale
	routines := map[string]bool{"": true}
	for _, r := range coach.Routines() {
		routines[r.Name] = true
	}
	for i, e := range doc.Sessions {
		start, err := time.Parse(time.RFC3339, e.Start)
		if err != nil {
			return out, userKey("import.d.hang_start", i, truncateRunes(e.Start, 40))
		}
		d := time.Duration(e.Seconds * float64(time.Second)).Round(time.Millisecond)
		if d <= 0 || d > coach.MaxHang {
			return out, userKey("import.d.hang_duration", i, strconv.FormatFloat(e.Seconds, 'g', -1, 64))
		}
		dev, err := coach.ParseDevice("device", e.Device)
		if err != nil {
			return out, fmt.Errorf("hang %d: %w", i, err)
		}
		if e.Angle < 0 || e.Angle > 90 {
			return out, userKey("import.d.hang_angle", i, e.Angle)
		}
		note, err := coach.CheckNote("note", e.Note)
		if err != nil {
			return out, fmt.Errorf("hang %d: %w", i, err)
		}
		if !routines[e.Routine] {
			return out, userKey("import.d.hang_routine", i, truncateRunes(e.Routine, 40))
		}
		out.Sessions = append(out.Sessions, coach.Session{Start: start.UTC(), Duration: d, Device: dev, Angle: e.Angle, Note: note, Routine: e.Routine, StoppedEarly: e.StoppedEarly})
	}
	for _, s := range doc.RestDays {
		d, err := coach.ParseDay("rest_days", s)
		if err != nil {
			return out, err
		}
		out.Rests = append(out.Rests, d)
	}
	for _, p := range doc.Pauses {
		from, err := coach.ParseDay("pauses", p.From)
		if err != nil {
			return out, err
		}
		pa := coach.Pause{From: from}
		if p.To != "" {
			if pa.To, err = coach.ParseDay("pauses", p.To); err != nil {
				return out, err
			}
			if pa.To.Before(pa.From) {
				return out, userKey("import.d.pause_order", p.From)
			}
		}
		out.Pauses = append(out.Pauses, pa)
	}
	gyms := doc.Gym
	if doc.GymSchedule != nil {
		gyms = append(gyms, *doc.GymSchedule)
	}
	for _, g := range gyms {
		days, err := coach.ParseDays("days", g.Days)
		if err != nil {
			return out, err
		}
		end, err := coach.ParseClock("end", g.End)
		if err != nil {
			return out, err
		}
		delay := time.Duration(g.DelaySeconds * float64(time.Second)).Round(time.Second)
		if delay < 0 || delay > coach.MaxGymDelay {
			return out, userKey("import.d.gym_delay", strconv.FormatFloat(g.DelaySeconds, 'g', -1, 64))
		}
		s := coach.GymSchedule{Days: days, End: end, Delay: delay, Destination: "dm"}
		switch g.Where {
		case "", "dm":
		case "channel":
			if !isSnowflakeID(g.ChannelID) {
				return out, userKey("import.d.gym_channel", truncateRunes(g.ChannelID, 40))
			}
			s.Destination, s.ChannelID = "channel", g.ChannelID
		default:
			return out, userKey("import.d.gym_where", truncateRunes(g.Where, 40))
		}
		out.Gym = append(out.Gym, s)
	}
	for _, r := range doc.Reminders {
		days, err := coach.ParseDays("days", r.Days)
		if err != nil {
			return out, err
		}
		m, err := coach.ParseClock("time", r.Time)
		if err != nil {
			return out, err
		}
		out.Reminders = append(out.Reminders, coach.Reminder{Days: days, Minute: m})
	}
	return out, nil
}

// discordLocale is the shape of a Discord locale: "de", "pt-BR", "es-419".
var discordLocale = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{2,3})?$`)

func isSnowflakeID(s string) bool {
	if len(s) < 5 || len(s) > 20 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
