package main

import (
	"strings"
	"testing"

	"github.com/hangtime/hangtime/internal/discordtest"
)

// /data import restores an export attached to the command, fetched from the
// attachment URL; twice adds nothing twice; a file that is not an export is
// refused and nothing is written.
func TestDataImportFromAnAttachment(t *testing.T) {
	w := newWorld(t)
	w.start()
	export := `{
  "format": "hangtime-export/1",
  "user_id": "100000000000000009",
  "exported_at": "2026-11-20T10:00:00Z",
  "profile": {"device": "boots", "timezone": "Europe/Berlin", "level": "intermediate", "safety_acknowledged_at": "2026-10-01T09:00:00Z"},
  "sessions": [
    {"id": 1, "start": "2026-11-18T18:00:00Z", "duration_seconds": 120, "device": "boots", "angle": 90, "note": "after deadlifts"},
    {"id": 2, "start": "2026-11-19T18:00:00Z", "duration_seconds": 90}
  ],
  "rest_days": ["2026-11-17"],
  "pauses": [],
  "gym_schedules": [{"days": "mon,wed,fri", "end": "18:00", "delay_seconds": 300, "where": "dm"}],
  "reminders": [{"time": "19:30", "days": "sat,sun"}]
}`
	file := w.srv.AddAttachment("hangtime-2026-11-20.json", "application/json", []byte(export))
	_, cb := w.command(bob, "data", discordtest.Sub("import", discordtest.Attachment("file", file)))
	if !ephemeral(cb) || !strings.Contains(text(cb), "Imported 2 hangs, 1 rest day, 1 gym schedule, 1 reminder") {
		t.Fatalf("/data import = %q", text(cb))
	}
	_, hist := w.command(bob, "history")
	if !strings.Contains(text(hist), "after deadlifts") || !strings.Contains(text(hist), "2 hangs in all") {
		t.Errorf("/history after import = %q", text(hist))
	}
	if show := text(gym(w, bob, "show")); !strings.Contains(show, "Mon, Wed, Fri") || !strings.Contains(show, "Europe/Berlin") {
		t.Errorf("/gym show after import = %q", show)
	}
	_, cb = w.command(bob, "data", discordtest.Sub("import", discordtest.Attachment("file", file)))
	if !strings.Contains(text(cb), "nothing was added") {
		t.Errorf("second /data import = %q", text(cb))
	}

	for _, bad := range []string{"\x89PNG\r\n\x1a\n....", `{"sessions": "all of them"}`, `{"exported_at":"2026-11-20T10:00:00Z","sessions":[{"start":"2026-11-19T18:00:00Z","duration_seconds":60},{"start":"x","duration_seconds":60}]}`} {
		f := w.srv.AddAttachment("notes.json", "application/json", []byte(bad))
		_, cb = w.command(alice, "data", discordtest.Sub("import", discordtest.Attachment("file", f)))
		if !ephemeral(cb) || !strings.Contains(text(cb), "Nothing was imported") {
			t.Errorf("/data import of %q = %q", bad, text(cb))
		}
	}
	// Nothing of the refused files was written, not even their valid first hang.
	_, hist = w.command(alice, "history")
	if strings.Contains(text(hist), "in all") && !strings.Contains(text(hist), "0 hangs") {
		t.Errorf("alice's /history after refused imports = %q", text(hist))
	}
	big := w.srv.AddAttachment("big.json", "application/json", make([]byte, 9<<20))
	_, cb = w.command(alice, "data", discordtest.Sub("import", discordtest.Attachment("file", big)))
	if !strings.Contains(text(cb), "Nothing was imported") || !strings.Contains(text(cb), "KB") {
		t.Errorf("/data import of a 9 MB file = %q", text(cb))
	}
}
