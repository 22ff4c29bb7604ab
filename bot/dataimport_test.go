package bot

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/hangtime/hangtime/coach"
)

// staticFetcher serves one file whatever the URL.
type staticFetcher string

func (f staticFetcher) Fetch(ctx context.Context, url string, max int64) ([]byte, error) {
	if int64(len(f)) > max {
		return nil, errFileTooBig
	}
	return []byte(f), nil
}

func TestParseExportRefusesWhatIsNotAnExport(t *testing.T) {
	for _, doc := range []string{
		``, `[]`, `null`, `{}`, `{"name":"x"}`, `not json`,
		`{"exported_at":"2026-11-24T10:00:00Z"}`, // no sessions
		`{"exported_at":"yesterday","sessions":[]}`,
		`{"format":"other/1","exported_at":"2026-11-24T10:00:00Z","sessions":[]}`,
		`{"exported_at":"2026-11-24T10:00:00Z","sessions":[],"extra":1}`,
		`{"exported_at":"2026-11-24T10:00:00Z","sessions":[]} {}`,
	} {
		if _, err := parseExport([]byte(doc)); err != errNotAnExport {
			t.Errorf("parseExport(%s) = %v, want the not-an-export refusal", doc, err)
		}
	}
	for _, doc := range []string{
		`{"exported_at":"2026-11-24T10:00:00Z","sessions":[{"id":1,"start":"2026-11-24T10:00:00Z","duration_seconds":700}]}`,
		`{"exported_at":"2026-11-24T10:00:00Z","sessions":[{"id":1,"start":"2026-11-24T10:00:00Z","duration_seconds":60,"angle":120}]}`,
		`{"exported_at":"2026-11-24T10:00:00Z","sessions":[{"id":1,"start":"2026-11-24T10:00:00Z","duration_seconds":60,"device":"rope"}]}`,
		`{"exported_at":"2026-11-24T10:00:00Z","sessions":[],"profile":{"timezone":"EST"}}`,
		`{"exported_at":"2026-11-24T10:00:00Z","sessions":[],"rest_days":["soon"]}`,
		`{"exported_at":"2026-11-24T10:00:00Z","sessions":[],"gym_schedules":[{"days":"funday","end":"18:00","delay_seconds":0,"where":"dm"}]}`,
		`{"exported_at":"2026-11-24T10:00:00Z","sessions":[],"reminders":[{"time":"25:00","days":"daily"}]}`,
	} {
		if _, err := parseExport([]byte(doc)); err == nil {
			t.Errorf("parseExport(%s) accepted a value Hangtime refuses", doc)
		}
	}
}

// An export read back restores the same data, and a second import adds
// nothing.
func TestExportImportRoundTrip(t *testing.T) {
	w := newGrpWorld(t)
	ctx := context.Background()
	if err := w.db.AckSafety(ctx, "u1", t0); err != nil {
		t.Fatal(err)
	}
	w.run("u1", "", 0, "profile set", Options{"timezone": "Europe/Berlin", "device": "chair"})
	w.run("u1", "", 0, "hang log", Options{"duration": "2m", "ago": "1d"})
	w.run("u1", "", 0, "hang log", Options{"duration": "90s", "note": "after squats"})
	w.run("u1", "", 0, "gym schedule", Options{"days": "mon,wed", "end": "18:00"})
	w.run("u1", "", 0, "remind add", Options{"time": "7pm"})
	exp := w.run("u1", "", 0, "data export", nil)
	if len(exp.Files) != 1 {
		t.Fatalf("/data export = %+v", exp)
	}
	buf := new(strings.Builder)
	if _, err := io.Copy(buf, exp.Files[0].Reader); err != nil {
		t.Fatal(err)
	}
	w.bot.fetcher = staticFetcher(buf.String())
	w.attach = map[string]*discordgo.MessageAttachment{"a1": {ID: "a1", URL: "https://cdn.discordapp.com/x/export.json", Size: buf.Len()}}
	r := w.run("u2", "", 0, "data import", Options{"file": "a1"})
	if !strings.Contains(r.Content, "Imported 2 hangs, 1 gym schedule, 1 reminder, the profile settings") {
		t.Fatalf("/data import = %q", r.Content)
	}
	sessions, err := w.db.SessionsSince(ctx, "u2", time.Time{})
	if err != nil || len(sessions) != 2 || sessions[0].Note != "after squats" || sessions[0].Device != coach.Chair {
		t.Errorf("imported hangs = %+v, %v", sessions, err)
	}
	p, err := w.db.Profile(ctx, "u2")
	if err != nil || p.Timezone != "Europe/Berlin" || p.Device != coach.Chair || p.SafetyAck.IsZero() {
		t.Errorf("imported profile = %+v, %v", p, err)
	}
	if r := w.run("u2", "", 0, "data import", Options{"file": "a1"}); !strings.Contains(r.Content, "nothing was added") {
		t.Errorf("second /data import = %q", r.Content)
	}
	if r := w.run("u1", "", 0, "data import", Options{"file": "a1"}); !strings.Contains(r.Content, "nothing was added") {
		t.Errorf("/data import into the account it came from = %q", r.Content)
	}
}
