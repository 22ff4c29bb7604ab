package main

import (
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hangtime/hangtime/internal/discordtest"
)

// freeAddr returns a loopback address nothing listens on.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

var linkURL = regexp.MustCompile("`(http://[^`]+)`")

// /gym link gives a personal URL on the public listener; a POST to it is
// /gym done, over loopback. Unknown tokens get 404, a burst gets 429, big
// bodies are refused, and reset:true revokes the old URL.
func TestGymLinkPOSTMarksTheWorkoutDone(t *testing.T) {
	w := newWorld(t)
	addr := freeAddr(t)
	w.env["HANGTIME_PUBLIC_ADDR"] = addr
	w.env["HANGTIME_PUBLIC_URL"] = "http://" + addr + "/"
	w.start()
	cb := gym(w, alice, "link")
	m := linkURL.FindStringSubmatch(text(cb))
	if !ephemeral(cb) || m == nil {
		t.Fatalf("/gym link = %q", text(cb))
	}
	url := m[1]
	if token := url[strings.LastIndex(url, "/")+1:]; len(token) < 40 {
		t.Errorf("token %q is short", token)
	}
	if again := text(gym(w, alice, "link")); strings.Contains(again, url) || !strings.Contains(again, "already have") {
		t.Errorf("/gym link again = %q, want the link not shown twice", again)
	}
	post := func(u, body string) (int, string) {
		t.Helper()
		resp, err := http.Post(u, "text/plain", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := post(url+"?delay=10m", ""); code != 200 || !strings.Contains(body, `"ok":true`) {
		t.Fatalf("POST link = %d %s", code, body)
	}
	if show := text(gym(w, alice, "show")); strings.Count(show, "after /gym done") != 1 {
		t.Errorf("/gym show after the hook = %q", show)
	}
	w.advance(10*time.Minute + time.Second)
	w.dmMessage(alice, "Time to decompress")

	if code, body := post("http://"+addr+"/hooks/workout/"+strings.Repeat("A", 43), ""); code != 404 || strings.Contains(strings.ToLower(body), "token") {
		t.Errorf("unknown token = %d %q, want a bare 404", code, body)
	}
	if resp, err := http.Get(url); err != nil || resp.StatusCode != 405 {
		t.Errorf("GET link = %v, %v, want 405", resp, err)
	}
	if code, _ := post(url, strings.Repeat("x", 64<<10)); code != 413 {
		t.Errorf("a big body = %d, want 413", code)
	}
	codes := map[int]int{}
	for range 8 {
		code, _ := post(url, "")
		codes[code]++
	}
	if codes[429] == 0 {
		t.Errorf("8 quick calls = %v, want some 429", codes)
	}

	cb = gym(w, alice, "link", discordtest.Bool("reset", true))
	m2 := linkURL.FindStringSubmatch(text(cb))
	if m2 == nil || m2[1] == url || !strings.Contains(text(cb), "old one no longer works") {
		t.Fatalf("/gym link reset:true = %q", text(cb))
	}
	if code, _ := post(url, ""); code != 404 {
		t.Errorf("the revoked link = %d, want 404", code)
	}
	if code, _ := post(m2[1], ""); code != 200 {
		t.Errorf("the new link = %d, want 200", code)
	}
}
