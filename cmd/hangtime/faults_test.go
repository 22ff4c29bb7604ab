package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/hangtime/hangtime/internal/discordtest"
)

// TestGatewayFaultsTheBotRidesOut drops the websocket (the bot resumes) and
// invalidates the session (the bot identifies again), and after each the
// bot still answers, /healthz is green again and /metrics counts it.
func TestGatewayFaultsTheBotRidesOut(t *testing.T) {
	w := newWorld(t)
	w.env["HANGTIME_HTTP"] = "127.0.0.1:0"
	p := w.start()
	base := "http://" + opsAddr(t, p.logs)
	acknowledge(w, alice)
	identifies, resumes := w.srv.Identifies(), w.srv.Resumes()

	healthy := func(after string) {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for {
			code, body := get(t, base+"/healthz")
			if code == 200 {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("/healthz after %s = %d %s", after, code, body)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}

	// An abrupt drop: the interaction waits for the bot to come back; the
	// bot resumes the same session.
	w.srv.DropConnection()
	if cb := logHang(w, alice, discordtest.Str("duration", "1m"), discordtest.Str("note", "after a drop")); !strings.Contains(text(cb), "Logged") {
		t.Fatalf("/hang log after a dropped connection = %q", text(cb))
	}
	if got := w.srv.Resumes(); got != resumes+1 {
		t.Errorf("resumes = %d, want %d", got, resumes+1)
	}
	healthy("a dropped connection")

	// An invalid, non-resumable session: the bot identifies again on the
	// same connection and keeps serving.
	w.srv.InvalidSession(false)
	if cb := logHang(w, alice, discordtest.Str("duration", "2m"), discordtest.Str("note", "after invalid session")); !strings.Contains(text(cb), "Logged") {
		t.Fatalf("/hang log after an invalid session = %q", text(cb))
	}
	if got := w.srv.Identifies(); got != identifies+1 {
		t.Errorf("identifies = %d, want %d", got, identifies+1)
	}
	healthy("an invalid session")

	// And once more a drop after the re-identify, which resumes the new
	// session.
	w.srv.DropConnection()
	if _, cb := w.command(alice, "history"); !strings.Contains(text(cb), "after invalid session") || !strings.Contains(text(cb), "after a drop") {
		t.Errorf("/history after the faults = %q, want both hangs", text(cb))
	}

	_, body := get(t, base+"/metrics")
	for _, s := range []string{
		`hangtime_gateway_reconnects_total 2`,
		`hangtime_gateway_events_total{event="resumed"} 2`,
		`hangtime_gateway_events_total{event="ready"} 2`,
		`hangtime_gateway_connected 1`,
	} {
		if !strings.Contains(body, s) {
			t.Errorf("/metrics lacks %s", s)
		}
	}
	if !p.logs.waitFor("gateway reconnected", 10*time.Second) {
		t.Errorf("logs lack the reconnect:\n%s", p.logs.String())
	}
}

func TestMalformedInteractionsAreDroppedAndTheBotKeepsServing(t *testing.T) {
	w := newWorld(t)
	p := w.start()
	member := `"member":{"user":{"id":"` + alice.ID + `","username":"alice"},"permissions":"0"}`
	for _, raw := range []string{
		// A command without data.
		`{"id":"900000000000000001","application_id":"` + discordtest.DefaultAppID + `","type":2,"token":"t1","guild_id":"` + guild + `","channel_id":"` + channel + `",` + member + `}`,
		// Data that does not decode (discordgo logs it and delivers the event).
		`{"id":"900000000000000002","application_id":"` + discordtest.DefaultAppID + `","type":2,"token":"t2","guild_id":"` + guild + `","channel_id":"` + channel + `",` + member + `,"data":"garbage"}`,
		// A component without data, and one with neither user nor member.
		`{"id":"900000000000000003","application_id":"` + discordtest.DefaultAppID + `","type":3,"token":"t3","guild_id":"` + guild + `","channel_id":"` + channel + `",` + member + `}`,
		`{"id":"900000000000000004","application_id":"` + discordtest.DefaultAppID + `","type":2,"token":"t4","data":{"id":"1","name":"help","type":1}}`,
	} {
		if err := w.srv.SendRawEvent(w.ctx(), "INTERACTION_CREATE", json.RawMessage(raw)); err != nil {
			t.Fatal(err)
		}
	}
	if !p.logs.waitFor("interaction dropped", 10*time.Second) {
		t.Errorf("logs lack the dropped interaction:\n%s", p.logs.String())
	}
	if _, cb := w.command(alice, "help"); !strings.Contains(text(cb), "Hangtime") {
		t.Errorf("/help after malformed interactions = %q", text(cb))
	}
}

func TestAGlobal429NeverHoldsAnInteractionAnswer(t *testing.T) {
	w := newWorld(t)
	w.start()
	// The bot's next channel message meets a global 429 of a minute: discordgo
	// holds every request of that session until it passes.
	w.srv.ForceGlobal429(1, time.Minute)
	if _, err := w.srv.SendCommand(w.ctx(), groupAdmin, guild, channel, "group", discordtest.Sub("setup", discordtest.ChannelID("channel", channel))); err != nil {
		t.Fatal(err)
	}
	if !w.eventually(func() bool { return w.srv.RateLimited() > 0 }) {
		t.Fatal("the setup announcement never met the forced 429")
	}
	// Answers go out at once all the same (w.command waits at most 10s).
	if _, cb := w.command(alice, "help"); !strings.Contains(text(cb), "Hangtime") {
		t.Errorf("/help during a global 429 = %q", text(cb))
	}
}
