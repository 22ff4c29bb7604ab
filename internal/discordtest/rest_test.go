package discordtest_test

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/hangtime/hangtime/internal/discordtest"
)

func TestDirectMessages(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	s := newSession(t, srv)
	ch, err := s.UserChannelCreate(alice.ID)
	if err != nil {
		t.Fatal(err)
	}
	if ch.Type != discordgo.ChannelTypeDM || len(ch.Recipients) != 1 || ch.Recipients[0].ID != alice.ID {
		t.Fatalf("dm channel: %+v", ch)
	}
	again, err := s.UserChannelCreate(alice.ID)
	if err != nil || again.ID != ch.ID {
		t.Fatalf("dm channel not stable: %v %s %s", err, again.ID, ch.ID)
	}
	m, err := s.ChannelMessageSend(ch.ID, "hi there")
	if err != nil || m.Content != "hi there" || m.Author == nil || !m.Author.Bot {
		t.Fatalf("dm message: %v %+v", err, m)
	}
	if _, err := s.ChannelMessageSend(ch.ID, ""); apiCode(err) != 50006 {
		t.Fatalf("empty message: %v", err)
	}

	srv.BlockDMs("400000000000000002")
	blocked, err := s.UserChannelCreate("400000000000000002")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.ChannelMessageSend(blocked.ID, "hello?"); apiCode(err) != 50007 {
		t.Fatalf("blocked dm: %v", err)
	}
	if got := srv.Messages(ch.ID); len(got) != 1 || got[0].ID != m.ID {
		t.Fatalf("dm messages: %+v", got)
	}
}

func TestNonceDedupe(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	s := newSession(t, srv)
	endpoint := discordgo.EndpointChannelMessages(discordtest.DefaultChannelID)
	send := func(content string) *discordgo.Message {
		t.Helper()
		body := map[string]any{"content": content, "nonce": "reminder-42", "enforce_nonce": true}
		raw, err := s.RequestWithBucketID(http.MethodPost, endpoint, body, endpoint)
		if err != nil {
			t.Fatal(err)
		}
		var m discordgo.Message
		if err := json.Unmarshal(raw, &m); err != nil {
			t.Fatal(err)
		}
		return &m
	}
	first, second := send("once"), send("twice")
	if first.ID != second.ID || second.Content != "once" {
		t.Fatalf("nonce not honoured: %+v %+v", first, second)
	}
	if got := srv.Messages(discordtest.DefaultChannelID); len(got) != 1 {
		t.Fatalf("%d messages", len(got))
	}
	edited, err := s.ChannelMessageEdit(discordtest.DefaultChannelID, first.ID, "edited")
	if err != nil || edited.Content != "edited" {
		t.Fatalf("edit: %v %+v", err, edited)
	}
	if got, _ := s.ChannelMessage(discordtest.DefaultChannelID, first.ID); got.Content != "edited" {
		t.Fatalf("get: %+v", got)
	}
}

func TestRateLimits(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	s := newSession(t, srv)
	c := discordtest.DefaultChannelID

	// Forced 429s: discordgo waits retry_after and retries.
	srv.Force429(2, 50*time.Millisecond)
	m, err := s.ChannelMessageSend(c, "eventually")
	if err != nil || m.Content != "eventually" {
		t.Fatalf("send after 429s: %v %+v", err, m)
	}
	if srv.RateLimited() != 2 {
		t.Fatalf("rate limited %d times", srv.RateLimited())
	}
	var statuses []int
	for _, r := range srv.Requests() {
		statuses = append(statuses, r.Status)
	}
	if len(statuses) != 3 || statuses[0] != 429 || statuses[1] != 429 || statuses[2] != 200 {
		t.Fatalf("statuses %v", statuses)
	}

	// Per-route buckets: discordgo honours the headers and is never limited.
	srv.SetRateLimit(0, 2, 150*time.Millisecond)
	for range 4 {
		if _, err := s.ChannelMessageSend(c, "paced"); err != nil {
			t.Fatal(err)
		}
	}
	if srv.RateLimited() != 2 {
		t.Fatalf("discordgo was rate limited: %d", srv.RateLimited())
	}
	last := srv.Requests()[len(srv.Requests())-1]
	if last.Status != http.StatusOK || last.Header == nil {
		t.Fatalf("last request: %+v", last)
	}

	// A client ignoring the headers gets 429s with Discord's body.
	srv.SetRateLimit(0, 1, time.Minute)
	hc := &http.Client{Transport: srv.Transport()}
	var limited *http.Response
	for range 2 {
		req, _ := http.NewRequest(http.MethodGet, discordgo.EndpointChannel(c), nil)
		req.Header.Set("Authorization", "Bot x")
		resp, err := hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		if resp.Header.Get("X-RateLimit-Bucket") == "" || resp.Header.Get("X-RateLimit-Reset-After") == "" {
			t.Fatalf("missing rate limit headers: %v", resp.Header)
		}
		if resp.StatusCode == http.StatusTooManyRequests {
			limited = resp
			break
		}
		resp.Body.Close()
	}
	if limited == nil {
		t.Fatal("never rate limited")
	}
	body, _ := io.ReadAll(limited.Body)
	limited.Body.Close()
	var tm discordgo.TooManyRequests
	if err := json.Unmarshal(body, &tm); err != nil || tm.RetryAfter <= 0 || limited.Header.Get("Retry-After") == "" {
		t.Fatalf("429 body %s: %v", body, err)
	}

	// Global limit.
	srv.SetRateLimit(1, 0, 0)
	if _, err := s.Channel(c); err != nil {
		t.Fatal(err)
	}
	resp, err := hc.Get(srv.URL() + "/api/v9/users/@me")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("X-RateLimit-Global") != "true" {
		t.Fatalf("global limit: %d %v", resp.StatusCode, resp.Header)
	}
}

// TestTokenExpiresOnTheServersClock: an interaction's webhook works until
// TokenLifetime has passed on the clock the test gives the server, then
// answers 401 Invalid Webhook Token; the bot may still edit the message
// through the channel.
func TestTokenExpiresOnTheServersClock(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	now := time.Date(2026, 11, 24, 18, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	srv, err := discordtest.Start(discordtest.Options{Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	b := openBot(t, srv)
	i, err := srv.SendCommand(ctxT(t), alice, discordtest.DefaultGuildID, discordtest.DefaultChannelID, "plain")
	if err != nil {
		t.Fatal(err)
	}
	if err := recv(t, b.respErr); err != nil {
		t.Fatal(err)
	}
	edit := func(content string) error {
		_, err := b.InteractionResponseEdit(i, &discordgo.WebhookEdit{Content: &content})
		return err
	}
	mu.Lock()
	now = now.Add(discordtest.TokenLifetime - time.Second)
	mu.Unlock()
	if err := edit("still fresh"); err != nil {
		t.Fatalf("edit just before the token expires: %v", err)
	}
	mu.Lock()
	now = now.Add(time.Second)
	mu.Unlock()
	var rerr *discordgo.RESTError
	if err := edit("too late"); !errors.As(err, &rerr) || rerr.Response.StatusCode != http.StatusUnauthorized || apiCode(err) != 50027 {
		t.Fatalf("edit after the token expired = %v, want 401 with code 50027", err)
	}
	orig, ok := srv.Original(i.ID)
	if !ok || orig.Content != "still fresh" {
		t.Fatalf("original after the refused edit = %+v", orig)
	}
	if _, err := b.ChannelMessageEdit(orig.ChannelID, orig.ID, "as the bot"); err != nil {
		t.Fatalf("channel edit of the bot's response: %v", err)
	}
	if m, _ := srv.Message(orig.ID); m.Content != "as the bot" {
		t.Errorf("message after the channel edit = %q", m.Content)
	}
}

// TestDeletedDMChannelIsUnknownAndOpensAnew: a deleted channel answers
// Unknown Channel; the user's DM channel opened again is a new one.
func TestDeletedDMChannelIsUnknownAndOpensAnew(t *testing.T) {
	t.Parallel()
	srv := startServer(t)
	s := newSession(t, srv)
	ch, err := s.UserChannelCreate(alice.ID)
	if err != nil {
		t.Fatal(err)
	}
	srv.DeleteChannel(ch.ID)
	if _, err := s.ChannelMessageSend(ch.ID, "hello?"); apiCode(err) != 10003 {
		t.Fatalf("send to a deleted channel = %v, want code 10003", err)
	}
	again, err := s.UserChannelCreate(alice.ID)
	if err != nil {
		t.Fatal(err)
	}
	if again.ID == ch.ID {
		t.Fatalf("DM channel opened again = %s, the deleted one", again.ID)
	}
	if _, err := s.ChannelMessageSend(again.ID, "hello"); err != nil {
		t.Fatalf("send to the new DM channel: %v", err)
	}
}

// TestGlobalWindowMaxCountsWhatTheGlobalLimitCounts: requests within one
// second count, interaction callbacks and webhooks do not, and a request a
// full second after another is in a new window.
func TestGlobalWindowMaxCountsWhatTheGlobalLimitCounts(t *testing.T) {
	t.Parallel()
	srv, err := discordtest.Start(discordtest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	hc := &http.Client{Transport: srv.Transport()}
	get := func(path string) {
		t.Helper()
		resp, err := hc.Get(srv.URL() + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	if n, _ := srv.GlobalWindowMax(time.Second); n != 0 {
		t.Fatalf("GlobalWindowMax before any request = %d, want 0", n)
	}
	for range 3 {
		get("/api/v9/users/@me")
		get("/api/v9/webhooks/1/token/messages/@original")
	}
	if n, _ := srv.GlobalWindowMax(time.Second); n != 3 {
		t.Errorf("GlobalWindowMax after 3 counted requests and 3 webhooks = %d, want 3", n)
	}
	if n, _ := srv.GlobalWindowMax(time.Nanosecond); n != 1 {
		t.Errorf("GlobalWindowMax(1ns) = %d, want 1", n)
	}
}
