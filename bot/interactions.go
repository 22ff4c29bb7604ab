package bot

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"github.com/bwmarrin/discordgo"
)

// InteractionsPath is where Discord's interactions endpoint is served on
// the public listener (the "Interactions Endpoint URL" of the application
// is HANGTIME_PUBLIC_URL + InteractionsPath).
const InteractionsPath = "/interactions"

// interactionBodyMax caps an interaction's body. A component interaction
// carries its whole message (ten embeds at most, 6,000 characters of text
// in all), which stays far below it.
const interactionBodyMax = 1 << 20

// Interactions serves Discord's interactions endpoint: each POST is
// verified against the application's public key (Ed25519 over
// X-Signature-Timestamp followed by the body; 401 otherwise), a PING is
// answered with a PONG, and every other interaction goes through the same
// dispatcher as the gateway's (claims, deferral, delivery) with its first
// response written as the HTTP response. A handler slower than
// Config.DeferAfter gets the deferral in the HTTP response and its reply
// later by REST through s, as on the gateway. Interactions arriving after
// ctx ends are refused with 503.
func (b *Bot) Interactions(ctx context.Context, s *discordgo.Session, key ed25519.PublicKey) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "use POST", http.StatusMethodNotAllowed)
			return
		}
		sig, err := hex.DecodeString(r.Header.Get("X-Signature-Ed25519"))
		ts := r.Header.Get("X-Signature-Timestamp")
		if err != nil || len(sig) != ed25519.SignatureSize || ts == "" {
			http.Error(w, "invalid request signature", http.StatusUnauthorized)
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, interactionBodyMax))
		if err != nil {
			var mb *http.MaxBytesError
			if errors.As(err, &mb) {
				http.Error(w, "body too large", http.StatusRequestEntityTooLarge)
				return
			}
			http.Error(w, "could not read the body", http.StatusBadRequest)
			return
		}
		if !ed25519.Verify(key, append([]byte(ts), body...), sig) {
			http.Error(w, "invalid request signature", http.StatusUnauthorized)
			return
		}
		var i discordgo.Interaction
		if err := json.Unmarshal(body, &i); err != nil {
			b.log.Warn("interaction dropped: undecodable", "err", err)
			http.Error(w, "malformed interaction", http.StatusBadRequest)
			return
		}
		if i.Type == discordgo.InteractionPing {
			writeResponse(w, "application/json", []byte(`{"type":1}`))
			return
		}
		if ctx.Err() != nil {
			http.Error(w, "shutting down", http.StatusServiceUnavailable)
			return
		}
		b.serveHTTP(ctx, w, r, s, &i)
	})
}

// httpResponse is a first response, encoded for the HTTP response body.
type httpResponse struct {
	contentType string
	body        []byte
}

// serveHTTP runs serve on its own goroutine, which outlives the request
// when the reply is deferred, and writes the first response it sends.
func (b *Bot) serveHTTP(ctx context.Context, w http.ResponseWriter, r *http.Request, s *discordgo.Session, i *discordgo.Interaction) {
	first := make(chan httpResponse)
	written := make(chan error, 1)
	done := make(chan string, 1)
	gone := r.Context().Done()
	respond := func(rctx context.Context, resp *discordgo.InteractionResponse) error {
		out, err := encodeResponse(resp)
		if err != nil {
			return err
		}
		select {
		case first <- out:
			return <-written
		case <-gone:
			return errors.New("interactions endpoint: the request ended before the response")
		case <-rctx.Done():
			return fmt.Errorf("interactions endpoint: %w", rctx.Err())
		}
	}
	go func() {
		outcome := "panic"
		defer func() { done <- outcome }()
		defer b.recoverEvent("INTERACTION_CREATE")
		outcome = b.serve(ctx, s, i, respond)
	}()
	select {
	case out := <-first:
		written <- writeResponse(w, out.contentType, out.body)
	case outcome := <-done:
		// serve ended without a response: a duplicate (another process
		// or an earlier delivery answers it), a failed claim, or shutdown.
		if outcome == "duplicate" {
			http.Error(w, "interaction already being answered", http.StatusConflict)
			return
		}
		http.Error(w, "interaction not answered", http.StatusServiceUnavailable)
	case <-gone:
	}
}

// encodeResponse renders an interaction response as Discord's callback
// endpoint takes it: JSON, or multipart/form-data when it carries files.
func encodeResponse(resp *discordgo.InteractionResponse) (httpResponse, error) {
	if resp.Data != nil && len(resp.Data.Files) > 0 {
		ct, body, err := discordgo.MultipartBodyWithJSON(resp, resp.Data.Files)
		if err != nil {
			return httpResponse{}, fmt.Errorf("encode interaction response: %w", err)
		}
		return httpResponse{contentType: ct, body: body}, nil
	}
	body, err := json.Marshal(resp)
	if err != nil {
		return httpResponse{}, fmt.Errorf("encode interaction response: %w", err)
	}
	return httpResponse{contentType: "application/json", body: body}, nil
}

func writeResponse(w http.ResponseWriter, contentType string, body []byte) error {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if _, err := w.Write(body); err != nil {
		return fmt.Errorf("write interaction response: %w", err)
	}
	return nil
}

// Register replaces the application's commands with the table through
// REST, for a bot that runs without a gateway (whose first READY does it
// otherwise); once per bot, like Attach's. A refusal is logged.
func (b *Bot) Register(ctx context.Context, s *discordgo.Session, appID, guildID string) {
	b.registerOnce.Do(func() { b.register(ctx, s, appID, guildID) })
}
