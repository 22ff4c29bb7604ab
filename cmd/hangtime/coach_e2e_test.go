package main

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hangtime/hangtime/internal/discordtest"
)

// waitEdit waits for the bot to edit an interaction's original message
// through its webhook and returns the edit's JSON.
func (w *world) waitEdit(interactionToken, contains string) string {
	w.t.Helper()
	r, err := w.srv.WaitRequest(w.ctx(), func(r discordtest.Request) bool {
		return r.Method == "PATCH" && strings.Contains(r.Path, "/webhooks/") && strings.Contains(r.Path, interactionToken) && strings.Contains(string(r.JSON), contains)
	})
	if err != nil {
		w.t.Fatalf("no edit containing %q: %v", contains, err)
	}
	return string(r.JSON)
}

func TestLiveHangEndsAtTargetOnTheSchedulerClock(t *testing.T) {
	w := newWorld(t)
	w.start()
	acknowledge(w, alice)
	i, cb := w.command(alice, "hang", discordtest.Sub("start", discordtest.Str("target", "2m"), discordtest.Int("angle", 30)))
	end := w.clock.Now().Add(2 * time.Minute)
	if !strings.Contains(text(cb), "<t:"+strconv.FormatInt(end.Unix(), 10)+":R>") || button(cb, "Done") == "" || button(cb, "Cancel") == "" {
		t.Fatalf("/hang start = %q, want a countdown to %d and Done/Cancel", text(cb), end.Unix())
	}
	noMentions(t, cb)
	_, again := w.command(alice, "hang", discordtest.Sub("start"))
	if !ephemeral(again) || !strings.Contains(text(again), "already have a hang running") {
		t.Errorf("second /hang start = %q", text(again))
	}
	if _, other := w.click(bob, i, button(cb, "Done")); !strings.Contains(text(other), "belong to someone else") {
		t.Errorf("bob pressing alice's Done = %q", text(other))
	}

	w.advance(2 * time.Minute)
	edit := w.waitEdit(i.Token, "Time's up")
	if !strings.Contains(edit, "come up slowly") || !strings.Contains(edit, `"components":[]`) {
		t.Errorf("edit at target = %s", edit)
	}
	_, hist := w.command(alice, "history")
	if !strings.Contains(text(hist), "**2m** · inversion table 30°") {
		t.Errorf("history after the target = %q", text(hist))
	}
	// Done after the end changes nothing.
	if _, late := w.click(alice, i, button(cb, "Done")); !strings.Contains(text(late), "already ended") {
		t.Errorf("Done after the target = %q", text(late))
	}
}

func TestLiveHangDoneCancelAndStop(t *testing.T) {
	w := newWorld(t)
	w.start()
	acknowledge(w, alice)

	i, cb := w.command(alice, "hang", discordtest.Sub("start", discordtest.Str("target", "2m")))
	w.clock.Advance(100 * time.Second)
	if _, done := w.click(alice, i, button(cb, "Done")); done.Type != 7 || !strings.Contains(text(done), "logged **1m40s** (target 2m)") {
		t.Errorf("Done = %q", text(done))
	}

	i, cb = w.command(alice, "hang", discordtest.Sub("start", discordtest.Str("target", "1m")))
	w.clock.Advance(30 * time.Second)
	if _, c := w.click(alice, i, button(cb, "Cancel")); !strings.Contains(text(c), "Cancelled — nothing logged") {
		t.Errorf("Cancel = %q", text(c))
	}

	i, _ = w.command(alice, "hang", discordtest.Sub("start", discordtest.Str("target", "1m")))
	w.clock.Advance(45 * time.Second)
	if _, stop := w.command(alice, "hang", discordtest.Sub("stop")); !strings.Contains(text(stop), "logged **45s**") {
		t.Errorf("/hang stop = %q", text(stop))
	}
	w.waitEdit(i.Token, "logged **45s**")
	if _, stop := w.command(alice, "hang", discordtest.Sub("stop")); !ephemeral(stop) || !strings.Contains(text(stop), "no hang running") {
		t.Errorf("/hang stop with nothing running = %q", text(stop))
	}

	// Neither the cancelled hang nor the ended ones fire later.
	w.advance(5 * time.Minute)
	_, hist := w.command(alice, "history")
	if !strings.Contains(text(hist), "3 hangs in all") || !strings.Contains(text(hist), "stopped early") {
		t.Errorf("history = %q, want the acknowledging hang, 1m40s and 45s", text(hist))
	}
}

func TestLiveHangFinishesAfterARestart(t *testing.T) {
	w := newWorld(t)
	p := w.start()
	acknowledge(w, alice)
	i, _ := w.command(alice, "hang", discordtest.Sub("start", discordtest.Str("target", "2m"), discordtest.Str("device", "bentknee")))
	w.stop(p)
	w.clock.Advance(10 * time.Minute) // the target passes while the bot is down
	w.start()
	w.advance(time.Second)
	w.waitEdit(i.Token, "Time's up")
	_, hist := w.command(alice, "history")
	if !strings.Contains(text(hist), "**2m** · bent-knee device 90°") || strings.Contains(text(hist), "stopped early") {
		t.Errorf("history after restart = %q, want the 2m hang completed at its target", text(hist))
	}
}

func TestRoutineWalkedToCompletion(t *testing.T) {
	w := newWorld(t)
	w.start()
	acknowledge(w, alice)
	_, cb := w.command(alice, "routine", discordtest.Sub("start", discordtest.Str("name", "legs")))
	if !ephemeral(cb) || !strings.Contains(text(cb), "boots") {
		t.Errorf("legs on a table = %q", text(cb))
	}
	i, cb := w.command(alice, "routine", discordtest.Sub("start", discordtest.Str("name", "decompress")))
	steps := 0
	for label := "Next"; ; {
		id := button(cb, label)
		if id == "" {
			id, label = button(cb, "Finish"), "Finish"
		}
		if id == "" {
			t.Fatalf("step %d has no Next or Finish: %q", steps, text(cb))
		}
		if steps == 1 {
			if _, other := w.click(bob, i, id); !strings.Contains(text(other), "belong to someone else") {
				t.Errorf("bob pressing Next = %q", text(other))
			}
		}
		w.clock.Advance(40 * time.Second)
		_, cb = w.click(alice, i, id)
		steps++
		if label == "Finish" {
			break
		}
	}
	if steps != 4 || !strings.Contains(text(cb), "logged **2m**") {
		t.Errorf("after %d steps: %q", steps, text(cb))
	}
	_, hist := w.command(alice, "history")
	if !strings.Contains(text(hist), "decompress routine") {
		t.Errorf("history = %q", text(hist))
	}
}

// TestRoutineLogsTheRealTime is the reported case: clicking straight
// through the core routine in about 10 s logged a 3-minute session.
func TestRoutineLogsTheRealTime(t *testing.T) {
	w := newWorld(t)
	w.start()
	acknowledge(w, alice)
	i, cb := w.command(alice, "routine", discordtest.Sub("start", discordtest.Str("name", "core"), discordtest.Str("device", "boots")))
	// A beginner is asked first: core is 3 minutes against a 1-minute plan.
	if !strings.Contains(text(cb), "Beyond your plan") || button(cb, "Use my plan") == "" {
		t.Fatalf("core for a beginner = %q, want the guard", text(cb))
	}
	i, cb = w.click(alice, i, button(cb, "Start anyway"))
	if !strings.Contains(text(cb), "unhook one boot") && !strings.Contains(text(cb), "locked on a sturdy bar") {
		t.Errorf("core on boots, first step = %q, want the boots' way in", text(cb))
	}
	// The timed first step shows its countdown.
	end := w.clock.Now().Add(20 * time.Second)
	if !strings.Contains(text(cb), "<t:"+strconv.FormatInt(end.Unix(), 10)+":R>") {
		t.Errorf("timed step = %q, want a countdown to %d", text(cb), end.Unix())
	}
	for n := 0; ; n++ {
		id := button(cb, "Next")
		if id == "" {
			id = button(cb, "Finish")
		}
		if id == "" || n > 10 {
			t.Fatalf("no Next or Finish: %q", text(cb))
		}
		w.clock.Advance(1500 * time.Millisecond)
		_, cb = w.click(alice, i, id)
		if strings.Contains(text(cb), "complete") {
			break
		}
	}
	if !strings.Contains(text(cb), "logged **10s**") || !strings.Contains(text(cb), "gravity boots") {
		t.Errorf("clicking through core = %q, want the 10 s really spent", text(cb))
	}
}

// TestRoutinesFitTheDevice: legs only on boots, core not on a shallow table.
func TestRoutinesFitTheDevice(t *testing.T) {
	w := newWorld(t)
	w.start()
	acknowledge(w, alice)
	for _, c := range []struct {
		name, device, want string
	}{
		{"legs", "bentknee", "legs fits gravity boots"},
		{"core", "", "core fits gravity boots, a bent-knee device, a table at 60° or more or a chair (a reduced variant)"},
	} {
		opts := []*discordtest.Opt{discordtest.Str("name", c.name)}
		if c.device != "" {
			opts = append(opts, discordtest.Str("device", c.device))
		}
		if _, cb := w.command(alice, "routine", discordtest.Sub("start", opts...)); !ephemeral(cb) || !strings.Contains(text(cb), c.want) {
			t.Errorf("/routine start %s %s = %q, want %q", c.name, c.device, text(cb), c.want)
		}
	}
	if _, cb := w.command(alice, "routine", discordtest.Sub("start", discordtest.Str("name", "core"), discordtest.Str("device", "chair"))); !strings.Contains(text(cb), "reduced") {
		t.Errorf("core on a chair = %q, want the reduced variant", text(cb))
	}
}
