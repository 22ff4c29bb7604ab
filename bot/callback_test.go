package bot

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/hangtime/hangtime/internal/discordtest"
)

// interactionBuckets counts the rate-limit buckets discordgo keeps for s
// (a map it never shrinks) on routes of interactions and their webhooks.
func interactionBuckets(s *discordgo.Session) int {
	n := 0
	for _, k := range bucketKeys(s) {
		// discordgo's one bucket for all webhook edits is bounded.
		if strings.Contains(k, "/interactions/") || strings.Contains(k, "/webhooks/") && !strings.HasSuffix(k, "/webhooks//") {
			n++
		}
	}
	return n
}

// Answering interactions leaves no rate-limit bucket behind per
// interaction: before, every callback's route (which names the
// interaction's id and token) became a bucket that was never dropped.
func TestAnsweredInteractionsLeaveNoBuckets(t *testing.T) {
	d := newOnDiscord(t)
	answer := func() {
		i, err := d.srv.SendCommand(d.ctx(t), d.user, discordtest.DefaultGuildID, discordtest.DefaultChannelID, "help")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := d.srv.WaitCallback(d.ctx(t), i.ID); err != nil {
			t.Fatal(err)
		}
	}
	answer()
	before := interactionBuckets(d.sess)
	for range 50 {
		answer()
	}
	// Deferred replies: an edit with a file (a bucket per token in
	// discordgo when it carries files) and, for a private reply to a
	// public command, an edit, a followup and a deletion.
	if err := d.db.AckSafety(context.Background(), d.user.ID, t0); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		release := d.db.block(t, "SessionsSince")
		i, err := d.srv.SendCommand(d.ctx(t), d.user, discordtest.DefaultGuildID, discordtest.DefaultChannelID, "data", discordtest.Sub("export"))
		if err != nil {
			t.Fatal(err)
		}
		d.deferred(t, i, discordgo.InteractionResponseDeferredChannelMessageWithSource, true)
		release(nil)
		d.delivered(t, i, http.MethodPatch)
	}
	for range 3 {
		release := d.db.block(t, "LogSession")
		i, err := d.srv.SendCommand(d.ctx(t), d.user, discordtest.DefaultGuildID, discordtest.DefaultChannelID, "hang",
			discordtest.Sub("log", discordtest.Str("duration", "2m")))
		if err != nil {
			t.Fatal(err)
		}
		d.deferred(t, i, discordgo.InteractionResponseDeferredChannelMessageWithSource, false)
		release(errors.New("disk on fire")) // a private error reply to a public command
		d.delivered(t, i, http.MethodDelete)
	}
	if after := interactionBuckets(d.sess); after > before {
		t.Errorf("rate-limit buckets grew from %d to %d over 50 answered interactions: %q", before, after, bucketKeys(d.sess))
	}
}

func bucketKeys(s *discordgo.Session) []string {
	s.Ratelimiter.Lock()
	defer s.Ratelimiter.Unlock()
	var keys []string
	for _, k := range reflect.ValueOf(s.Ratelimiter).Elem().FieldByName("buckets").MapKeys() {
		keys = append(keys, k.String())
	}
	return keys
}

// TestInteractionRequestsKeepTheClientTimeout: an interaction's requests
// are bounded by their context's deadline instead of the client's Timeout
// (which costs a goroutine per request), so a context without one gets
// the client's; the session's client is left as it was.
func TestInteractionRequestsKeepTheClientTimeout(t *testing.T) {
	stuck := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-stuck:
		}
	}))
	defer srv.Close()
	defer close(stuck)
	s, err := discordgo.New("Bot x")
	if err != nil {
		t.Fatal(err)
	}
	s.Client = &http.Client{Timeout: 50 * time.Millisecond, Transport: wrappedTransport{next: srv.Client().Transport}}
	for _, tc := range []struct {
		name string
		ctx  func() (context.Context, context.CancelFunc)
	}{
		{"no deadline", func() (context.Context, context.CancelFunc) { return context.WithCancel(context.Background()) }},
		{"a later deadline", func() (context.Context, context.CancelFunc) {
			return context.WithTimeout(context.Background(), time.Hour)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := tc.ctx()
			defer cancel()
			_, err := interactionRequest(ctx, s, http.MethodPost, srv.URL+"/api/v10/interactions/1/tok/callback", httpResponse{contentType: "application/json", body: []byte(`{"type":1}`)})
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("interactionRequest to a server that never answers = %v, want the client's timeout", err)
			}
		})
	}
	if s.Client.Timeout != 50*time.Millisecond {
		t.Errorf("session client's Timeout = %v after the requests, want it untouched", s.Client.Timeout)
	}
}

// wrappedTransport stands for hangtime's own transports, which net/http
// does not know.
type wrappedTransport struct{ next http.RoundTripper }

func (c wrappedTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	return c.next.RoundTrip(r)
}
