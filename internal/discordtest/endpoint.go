package discordtest

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"
)

// ViaEndpointHeader marks the recorded callback of an interaction that was
// answered in the HTTP response of the interactions endpoint rather than
// by POST /interactions/{id}/{token}/callback; its value is "1".
const ViaEndpointHeader = "X-Discordtest-Via-Endpoint"

// PublicKey returns the application's Ed25519 public key, hex-encoded as
// the developer portal shows it: the key the bot verifies interactions
// sent to its interactions endpoint with.
func (s *Server) PublicKey() string { return hex.EncodeToString(s.key.Public().(ed25519.PublicKey)) }

// Sign returns the X-Signature-Ed25519 header value Discord sends with body
// at timestamp.
func (s *Server) Sign(timestamp string, body []byte) string {
	return hex.EncodeToString(ed25519.Sign(s.key, append([]byte(timestamp), body...)))
}

// SetInteractionsEndpoint makes the server deliver every following
// interaction (SendCommand, SendComponent, …) as a signed POST to url, as
// Discord does for an application with an Interactions Endpoint URL,
// instead of over the gateway. A 200 response is taken as the callback
// (so WaitCallback, Original and the webhook routes work as before) and
// recorded in Requests as a POST to the callback path with the header
// ViaEndpointHeader; any other status is recorded there too, with that
// status, and acknowledges nothing. An empty url restores the gateway.
func (s *Server) SetInteractionsEndpoint(url string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.endpoint = url
}

// PostSigned sends body to url signed as Discord signs it and returns the
// response's status, content type and body. Ping tests and malformed
// requests use it directly.
func (s *Server) PostSigned(ctx context.Context, url string, body []byte) (status int, contentType string, respBody []byte, err error) {
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0, "", nil, fmt.Errorf("discordtest: post interaction: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Discord-Interactions/1.0 (+https://discord.com)")
	req.Header.Set("X-Signature-Timestamp", ts)
	req.Header.Set("X-Signature-Ed25519", s.Sign(ts, body))
	resp, err := s.client.RoundTrip(req)
	if err != nil {
		return 0, "", nil, fmt.Errorf("discordtest: post interaction: %w", err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, "", nil, fmt.Errorf("discordtest: read interaction response: %w", err)
	}
	return resp.StatusCode, resp.Header.Get("Content-Type"), b, nil
}

// postInteraction delivers an encoded interaction to the endpoint and
// records its response as the callback, on its own goroutine: Discord
// waits up to 3 seconds for it.
func (s *Server) postInteraction(url string, raw []byte) {
	var head struct {
		ID    string `json:"id"`
		Token string `json:"token"`
	}
	_ = json.Unmarshal(raw, &head)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		status, ct, body, err := s.PostSigned(ctx, url, raw)
		req := Request{
			Method: http.MethodPost, Path: apiPrefix + "interactions/" + head.ID + "/" + head.Token + "/callback",
			Header: http.Header{ViaEndpointHeader: {"1"}, "Content-Type": {ct}}, Body: body, At: time.Now(), Status: status,
		}
		if err != nil {
			s.debug("interactions endpoint failed", "err", err)
			req.Status = 0
		}
		parseBody(&req, ct)
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.closed {
			return
		}
		rec := &record{req: req, done: true}
		s.records = append(s.records, rec)
		if status == http.StatusOK {
			rep := s.interactionCallback(&call{req: &rec.req, rec: rec, params: map[string]string{"id": head.ID, "token": head.Token}})
			if rep.status != http.StatusNoContent {
				rec.req.Status = rep.status
			}
		}
		s.notifyLocked()
	}()
}
