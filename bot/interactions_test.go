package bot

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
)

// signedRequest builds a POST to the interactions endpoint signed with key.
func signedRequest(key ed25519.PrivateKey, body string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, InteractionsPath, strings.NewReader(body))
	r.Header.Set("X-Signature-Timestamp", "1700000000")
	r.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(key, []byte("1700000000"+body))))
	return r
}

// Once shutdown has begun (ctx ended, or Wait called), a signed command is
// refused with 503 and never claimed, so another process may answer it.
func TestInteractionsEndpointRefusesDuringShutdown(t *testing.T) {
	pub, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := discordgo.New("Bot test")
	if err != nil {
		t.Fatal(err)
	}
	s.Client = &http.Client{Transport: noNetwork{t}}
	body := `{"id":"7101","application_id":"1","type":2,"token":"tok","guild_id":"100","channel_id":"200",
		"member":{"user":{"id":"u1","username":"u"},"permissions":"0"},
		"data":{"id":"9","name":"help","type":1}}`

	f := newFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	rec := httptest.NewRecorder()
	f.bot.Interactions(ctx, s, pub).ServeHTTP(rec, signedRequest(key, body))
	if rec.Code != http.StatusServiceUnavailable {
		t.Errorf("after ctx ended: %d %s, want 503", rec.Code, rec.Body)
	}

	f.bot.Wait()
	rec = httptest.NewRecorder()
	f.bot.Interactions(context.Background(), s, pub).ServeHTTP(rec, signedRequest(key, body))
	if rec.Code != http.StatusServiceUnavailable {
		t.Errorf("after Wait: %d %s, want 503", rec.Code, rec.Body)
	}
	fresh, err := f.db.ClaimInteraction(context.Background(), "7101", t0)
	if err != nil {
		t.Fatal(err)
	}
	if !fresh {
		t.Error("an interaction refused at shutdown was claimed")
	}

	// A valid signature over a body that is not an interaction is a 400.
	rec = httptest.NewRecorder()
	f.bot.Interactions(context.Background(), s, pub).ServeHTTP(rec, signedRequest(key, `{"type":`))
	if rec.Code != http.StatusBadRequest {
		t.Errorf("a signed malformed body: %d, want 400", rec.Code)
	}
}
