package main

import (
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/hangtime/hangtime/internal/dbtest"
	"github.com/hangtime/hangtime/internal/discordtest"
)

// immutable sets or clears the immutable flag on the database's files, or
// skips the test saying why it cannot here (it needs root, chattr, and a
// file system that refuses writes through descriptors opened before).
func immutable(t *testing.T, db string, on bool) {
	t.Helper()
	flag := "-i"
	if on {
		flag = "+i"
		if os.Geteuid() != 0 {
			t.Skip("skipped: making the database immutable needs root")
		}
		probe, err := os.CreateTemp(t.TempDir(), "probe")
		if err != nil {
			t.Fatal(err)
		}
		defer probe.Close()
		if out, err := exec.Command("chattr", "+i", probe.Name()).CombinedOutput(); err != nil {
			t.Skipf("skipped: chattr: %v %s", err, out)
		}
		_, werr := probe.Write([]byte("x"))
		if out, err := exec.Command("chattr", "-i", probe.Name()).CombinedOutput(); err != nil {
			t.Fatalf("chattr -i: %v %s", err, out)
		}
		if werr == nil {
			t.Skip("skipped: this file system lets writes through descriptors opened before the immutable flag")
		}
	}
	for _, f := range []string{db, db + "-wal", db + "-shm"} {
		if _, err := os.Stat(f); err != nil {
			continue
		}
		if out, err := exec.Command("chattr", flag, f).CombinedOutput(); err != nil {
			t.Fatalf("chattr %s %s: %v %s", flag, f, err, out)
		}
	}
}

func TestAnUnwritableDatabaseStillAnswersEveryInteraction(t *testing.T) {
	dbtest.SkipOnPostgres(t, "makes the SQLite file immutable")
	w := newWorld(t)
	w.env["HANGTIME_HTTP"] = "127.0.0.1:0"
	p := w.start()
	base := "http://" + opsAddr(t, p.logs)
	acknowledge(w, alice)
	if cb := logHang(w, alice, discordtest.Str("duration", "2m"), discordtest.Str("note", "before the fault")); !strings.Contains(text(cb), "Logged") {
		t.Fatalf("/hang log = %q", text(cb))
	}

	immutable(t, w.db, true)
	t.Cleanup(func() { immutable(t, w.db, false) })

	// Reading commands answer from what can be read.
	if _, cb := w.command(alice, "help"); !strings.Contains(text(cb), "Hangtime") {
		t.Errorf("/help on an unwritable database = %q", text(cb))
	}
	if _, cb := w.command(alice, "history"); !strings.Contains(text(cb), "before the fault") {
		t.Errorf("/history on an unwritable database = %q, want the hang logged before", text(cb))
	}
	// A command that must write says plainly that nothing was saved.
	if cb := logHang(w, alice, discordtest.Str("duration", "3m"), discordtest.Str("note", "during the fault")); !ephemeral(cb) || !strings.Contains(text(cb), "nothing was saved") {
		t.Errorf("/hang log on an unwritable database = %q, want an ephemeral 'nothing was saved'", text(cb))
	}
	// /healthz says so.
	code, body := get(t, base+"/healthz")
	var rep healthReport
	if err := json.Unmarshal([]byte(body), &rep); err != nil {
		t.Fatalf("/healthz body %q: %v", body, err)
	}
	if code != http.StatusServiceUnavailable || rep.Checks["database"] == "ok" {
		t.Errorf("/healthz on an unwritable database = %d %v", code, rep.Checks)
	}
	if _, body := get(t, base+"/metrics"); !strings.Contains(body, "hangtime_storage_errors_total") {
		t.Errorf("/metrics lacks hangtime_storage_errors_total")
	}

	// Once the fault is cleared, writing works again without a restart.
	immutable(t, w.db, false)
	if cb := logHang(w, alice, discordtest.Str("duration", "4m"), discordtest.Str("note", "after the fault")); !strings.Contains(text(cb), "Logged") {
		t.Errorf("/hang log after the fault = %q", text(cb))
	}
	if _, cb := w.command(alice, "history"); !strings.Contains(text(cb), "after the fault") || strings.Contains(text(cb), "during the fault") {
		t.Errorf("/history after the fault = %q, want the hang logged after it and none during it", text(cb))
	}
}
