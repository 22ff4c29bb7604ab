package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/hangtime/hangtime/internal/discordtest"
)

// withEndpoint gives w's bot a public listener with the interactions
// endpoint, verified with the fake Discord's key; it returns the
// endpoint's URL.
func withEndpoint(w *world) string {
	addr := freeAddr(w.t)
	w.env["HANGTIME_PUBLIC_ADDR"] = addr
	w.env["HANGTIME_PUBLIC_URL"] = "http://" + addr
	w.env["HANGTIME_PUBLIC_KEY"] = w.srv.PublicKey()
	return "http://" + addr + "/interactions"
}

// waitEndpoint waits until the endpoint at url answers a signed PING: the
// public listener starts after the commands are registered.
func waitEndpoint(w *world, url string) {
	w.t.Helper()
	ping := []byte(`{"id":"1","application_id":"` + discordtest.DefaultAppID + `","type":1,"token":"x","version":1}`)
	ok := w.eventually(func() bool {
		status, _, _, err := w.srv.PostSigned(w.ctx(), url, ping)
		return err == nil && status == http.StatusOK
	})
	if !ok {
		w.t.Fatal("the interactions endpoint never answered a PING")
	}
}

// viaEndpoint reports whether cb was the HTTP response of the endpoint.
func viaEndpoint(cb discordtest.Callback) bool {
	return cb.Request.Header.Get(discordtest.ViaEndpointHeader) == "1"
}

// post sends body to url with the given signature headers.
func postRaw(t *testing.T, url string, header map[string]string, body []byte) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// Signed interactions posted to /interactions are answered in the HTTP
// response through the same dispatcher as the gateway's: PING gets PONG,
// a bad or missing signature 401, a command its reply (allowed mentions
// included), a click on that reply its update, and a second delivery of
// the same interaction nothing but a 409.
func TestInteractionsEndpoint(t *testing.T) {
	w := newWorld(t)
	url := withEndpoint(w)
	p := w.start()
	waitEndpoint(w, url)

	ping := []byte(`{"id":"1","application_id":"` + discordtest.DefaultAppID + `","type":1,"token":"x","version":1}`)
	status, ct, body, err := w.srv.PostSigned(w.ctx(), url, ping)
	if err != nil || status != 200 || ct != "application/json" || string(body) != `{"type":1}` {
		t.Fatalf("PING = %d %q %s, %v; want 200 {\"type\":1}", status, ct, body, err)
	}

	ts := strconv.FormatInt(time.Now().Unix(), 10)
	_, stranger, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	good := w.srv.Sign(ts, ping)
	for name, h := range map[string]map[string]string{
		"no headers":        {},
		"no timestamp":      {"X-Signature-Ed25519": good},
		"another key":       {"X-Signature-Timestamp": ts, "X-Signature-Ed25519": hex.EncodeToString(ed25519.Sign(stranger, append([]byte(ts), ping...)))},
		"another timestamp": {"X-Signature-Timestamp": ts + "1", "X-Signature-Ed25519": good},
		"not hex":           {"X-Signature-Timestamp": ts, "X-Signature-Ed25519": "zz" + good[2:]},
		"short":             {"X-Signature-Timestamp": ts, "X-Signature-Ed25519": good[:64]},
	} {
		if code := postRaw(t, url, h, ping); code != http.StatusUnauthorized {
			t.Errorf("%s: status %d, want 401", name, code)
		}
	}
	if code := postRaw(t, url, map[string]string{"X-Signature-Timestamp": ts, "X-Signature-Ed25519": good}, append(ping, ' ')); code != http.StatusUnauthorized {
		t.Errorf("a changed body: status %d, want 401", code)
	}
	big := bytes.Repeat([]byte("x"), 2<<20)
	if status, _, _, err := w.srv.PostSigned(w.ctx(), url, big); err != nil || status != http.StatusRequestEntityTooLarge {
		t.Errorf("a 2 MiB body = %d, %v; want 413", status, err)
	}
	if resp, err := http.Get(url); err != nil || resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET = %v, %v; want 405", resp, err)
	}

	w.srv.SetInteractionsEndpoint(url)
	acknowledge(w, alice)
	i, cb := w.command(alice, "hang", discordtest.Sub("log", discordtest.Str("duration", "90s")))
	if !viaEndpoint(cb) || cb.Type != discordgo.InteractionResponseChannelMessageWithSource || !strings.Contains(text(cb), "Logged") {
		t.Fatalf("/hang log through the endpoint = via endpoint %v, type %d, %q", viaEndpoint(cb), cb.Type, text(cb))
	}
	noMentions(t, cb)
	if n := callbacksFor(w.srv, i.ID); n != 1 {
		t.Errorf("%d callbacks for /hang log, want the HTTP response only", n)
	}
	// Ownership is the dispatcher's: bob's click on alice's message is
	// refused, over HTTP as over the gateway.
	if _, bcb := w.click(bob, i, "undo:"+alice.ID+":no"); !viaEndpoint(bcb) || bcb.Type != discordgo.InteractionResponseChannelMessageWithSource || !ephemeral(bcb) {
		t.Errorf("bob's click on alice's button = type %d %+v, want an ephemeral refusal", bcb.Type, bcb.Data)
	}

	// A reply with a file is a multipart/form-data response, as the
	// callback endpoint takes it.
	_, ex := w.command(alice, "data", discordtest.Sub("export", discordtest.Str("format", "json")))
	if !viaEndpoint(ex) || !ephemeral(ex) || len(ex.Files) != 1 || !bytes.Contains(ex.Files[0].Data, []byte(alice.ID)) {
		t.Errorf("/data export through the endpoint = %q with %d files", text(ex), len(ex.Files))
	}

	// A second delivery (another process behind the load balancer, say)
	// is claimed already: 409, nothing sent.
	before := len(w.srv.Requests())
	if err := w.srv.SendInteraction(w.ctx(), i); err != nil {
		t.Fatal(err)
	}
	dup, err := w.srv.WaitRequest(w.ctx(), func(r discordtest.Request) bool {
		return r.Header.Get(discordtest.ViaEndpointHeader) == "1" && r.Status != http.StatusOK && strings.Contains(r.Path, "/interactions/"+i.ID+"/")
	})
	if err != nil || dup.Status != http.StatusConflict {
		t.Fatalf("second delivery = %+v, %v; want 409", dup, err)
	}
	if !p.logs.waitFor("duplicate interaction ignored", 5*time.Second) {
		t.Error("the duplicate was not logged as one")
	}
	for _, r := range w.srv.Requests()[before:] {
		if r.Header.Get(discordtest.ViaEndpointHeader) == "" {
			t.Errorf("the duplicate caused %s %s", r.Method, r.Path)
		}
	}
}

// A slow handler behind the endpoint gets its deferral into the HTTP
// response within Discord's 3 seconds and its reply later as an edit of
// the original response, by REST.
func TestInteractionsEndpointDefersSlowReplies(t *testing.T) {
	w := newWorldWith(t, discordtest.Options{CallbackWindow: 3 * time.Second})
	w.deferAfter = 20 * time.Millisecond
	url := withEndpoint(w)
	w.start()
	waitEndpoint(w, url)
	w.srv.SetInteractionsEndpoint(url)

	release := w.srv.Hold(func(r discordtest.Request) bool {
		return r.Method == http.MethodPost && strings.HasSuffix(r.Path, "/channels/"+channel+"/messages")
	})
	defer release()
	i, err := w.srv.SendCommand(w.ctx(), groupAdmin, guild, channel, "group", discordtest.Sub("setup", discordtest.ChannelID("channel", channel)))
	if err != nil {
		t.Fatal(err)
	}
	cb := w.callback(i)
	if !viaEndpoint(cb) || cb.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource || !ephemeral(cb) {
		t.Fatalf("HTTP response while the handler waits = via endpoint %v, type %d %+v, want an ephemeral deferral", viaEndpoint(cb), cb.Type, cb.Data)
	}
	release()
	edit, err := w.srv.WaitRequest(w.ctx(), func(r discordtest.Request) bool {
		return r.Method == http.MethodPatch && strings.HasSuffix(r.Path, "/webhooks/"+i.AppID+"/"+i.Token+"/messages/@original")
	})
	if err != nil || edit.Status != http.StatusOK {
		t.Fatalf("edit of the original: %v %+v", err, edit)
	}
	if m, ok := w.srv.Original(i.ID); !ok || !strings.Contains(m.Content, "The group is set up") {
		t.Fatalf("original after the handler finished = %+v", m)
	}
	if n := callbacksFor(w.srv, i.ID); n != 1 {
		t.Errorf("%d callbacks, want the one deferral in the HTTP response", n)
	}
}

// HANGTIME_GATEWAY=off: no gateway connection; the commands are registered
// through REST with the application id from GET /oauth2/applications/@me,
// or DISCORD_APPLICATION_ID when set, and interactions come through the
// endpoint.
func TestGatewayOff(t *testing.T) {
	for _, withID := range []bool{false, true} {
		t.Run("DISCORD_APPLICATION_ID="+strconv.FormatBool(withID), func(t *testing.T) {
			w := newWorld(t)
			url := withEndpoint(w)
			w.env["HANGTIME_GATEWAY"] = "off"
			if withID {
				w.env["DISCORD_APPLICATION_ID"] = discordtest.DefaultAppID
			}
			w.start()
			waitEndpoint(w, url)
			w.srv.SetInteractionsEndpoint(url)
			_, cb := w.command(alice, "help")
			if !viaEndpoint(cb) || !strings.Contains(text(cb), "/hang log") {
				t.Fatalf("/help without a gateway = %q", text(cb))
			}
			if n := w.srv.Identifies(); n != 0 {
				t.Errorf("%d IDENTIFYs, want no gateway", n)
			}
			lookups := 0
			for _, r := range w.srv.Requests() {
				if strings.HasSuffix(r.Path, "/oauth2/applications/@me") {
					lookups++
				}
			}
			if want := map[bool]int{false: 1, true: 0}[withID]; lookups != want {
				t.Errorf("%d application look-ups, want %d", lookups, want)
			}
			if len(w.registrations()) != 1 || !strings.Contains(w.registrations()[0].Path, "/applications/"+discordtest.DefaultAppID+"/") {
				t.Errorf("registrations = %+v", w.registrations())
			}
		})
	}
}

func TestInteractionsConfig(t *testing.T) {
	key := strings.Repeat("ab", 32)
	base := map[string]string{"HANGTIME_PUBLIC_ADDR": ":8443", "HANGTIME_PUBLIC_URL": "https://h.example.com"}
	with := func(kv ...string) map[string]string {
		m := map[string]string{}
		for k, v := range base {
			m[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	for _, tc := range []struct {
		env  map[string]string
		want string // in the error; "" for none
	}{
		{with("HANGTIME_PUBLIC_KEY", key), ""},
		{with("HANGTIME_PUBLIC_KEY", key, "HANGTIME_GATEWAY", "off"), ""},
		{with("HANGTIME_PUBLIC_KEY", key[:62]), "64 hex"},
		{with("HANGTIME_PUBLIC_KEY", "zz"+key[2:]), "64 hex"},
		{map[string]string{"HANGTIME_PUBLIC_KEY": key}, "HANGTIME_PUBLIC_ADDR"},
		{with("HANGTIME_GATEWAY", "off"), "HANGTIME_GATEWAY=off needs HANGTIME_PUBLIC_KEY"},
		{with("HANGTIME_GATEWAY", "maybe"), "on or off"},
		{with("DISCORD_APPLICATION_ID", "app"), "DISCORD_APPLICATION_ID"},
		{with("HANGTIME_SHARDS", "0-3/8"), ""},
		{with("HANGTIME_SHARDS", "auto"), ""},
		{with("HANGTIME_SHARDS", "4/4"), "HANGTIME_SHARDS"},
		{with("HANGTIME_SHARDS", "3-1/4"), "HANGTIME_SHARDS"},
		{with("HANGTIME_SHARDS", "8"), "HANGTIME_SHARDS"},
		{with("HANGTIME_PUBLIC_KEY", key, "HANGTIME_GATEWAY", "off", "HANGTIME_SHARDS", "auto"), "HANGTIME_SHARDS"},
		{with("HANGTIME_PACE", "shared"), ""},
		{with("HANGTIME_PACE", "LOCAL"), ""},
		{with("HANGTIME_PACE", "global"), "HANGTIME_PACE"},
	} {
		_, err := loadConfig(getenv(tc.env))
		if (err == nil) != (tc.want == "") || (err != nil && !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("loadConfig(%v) = %v, want an error with %q", tc.env, err, tc.want)
		}
	}
}
