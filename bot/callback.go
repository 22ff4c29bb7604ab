package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"
)

// What answers an interaction (its callback, and the edits, followups and
// deletion on its token) goes through s's HTTP client but not through
// discordgo's rate limiter: that keeps one bucket per route and never drops
// one, and these routes name the interaction's id or token, so every
// interaction answered would leave a bucket behind (about 650 bytes; 65 MB
// a day at 100,000 interactions). The routes are the interaction's own and
// Discord's global limit leaves them out, so there is no shared budget to
// keep: a 429 is waited out and retried, as discordgo would.

// callback sends an interaction's first response to Discord's callback
// endpoint.
func callback(ctx context.Context, s *discordgo.Session, i *discordgo.Interaction, r *discordgo.InteractionResponse) error {
	body, err := encodeResponse(r)
	if err != nil {
		return err
	}
	_, err = interactionRequest(ctx, s, http.MethodPost, discordgo.EndpointInteractionResponse(i.ID, i.Token), body)
	if err != nil {
		return fmt.Errorf("interaction callback: %w", err)
	}
	return nil
}

// responseEdit edits the interaction's original response.
func responseEdit(ctx context.Context, s *discordgo.Session, i *discordgo.Interaction, e *discordgo.WebhookEdit) error {
	body, err := encodeWebhook(e, e.Files)
	if err != nil {
		return err
	}
	_, err = interactionRequest(ctx, s, http.MethodPatch, discordgo.EndpointWebhookMessage(i.AppID, i.Token, "@original"), body)
	return err
}

// followupCreate sends a followup message of the interaction.
func followupCreate(ctx context.Context, s *discordgo.Session, i *discordgo.Interaction, p *discordgo.WebhookParams) error {
	body, err := encodeWebhook(p, p.Files)
	if err != nil {
		return err
	}
	_, err = interactionRequest(ctx, s, http.MethodPost, discordgo.EndpointWebhookToken(i.AppID, i.Token)+"?wait=true", body)
	return err
}

// responseDelete deletes the interaction's original response.
func responseDelete(ctx context.Context, s *discordgo.Session, i *discordgo.Interaction) error {
	_, err := interactionRequest(ctx, s, http.MethodDelete, discordgo.EndpointInteractionResponseActions(i.AppID, i.Token), httpResponse{})
	return err
}

// encodeWebhook renders a webhook body as JSON, or multipart/form-data
// when it carries files.
func encodeWebhook(v any, files []*discordgo.File) (httpResponse, error) {
	if len(files) > 0 {
		ct, body, err := discordgo.MultipartBodyWithJSON(v, files)
		if err != nil {
			return httpResponse{}, fmt.Errorf("encode webhook body: %w", err)
		}
		return httpResponse{contentType: ct, body: body}, nil
	}
	body, err := json.Marshal(v)
	if err != nil {
		return httpResponse{}, fmt.Errorf("encode webhook body: %w", err)
	}
	return httpResponse{contentType: "application/json", body: body}, nil
}

// interactionRequest sends one request on an interaction's own route
// (body.body nil for none) and returns the response's body.
//
// The request is bounded by ctx's deadline (the client's timeout when ctx
// has none, or a later one) instead of by the client's Timeout: for a
// transport it does not know (ours wraps net/http's to pace and count),
// net/http enforces Client.Timeout with a goroutine and a timer per
// request, which wakes a thread for every reply sent.
func interactionRequest(ctx context.Context, s *discordgo.Session, method, url string, body httpResponse) ([]byte, error) {
	client := *s.Client
	if client.Timeout > 0 {
		if d, ok := ctx.Deadline(); !ok || time.Until(d) > client.Timeout {
			var cancel context.CancelFunc
			ctx, cancel = context.WithTimeout(ctx, client.Timeout)
			defer cancel()
		}
		client.Timeout = 0
	}
	for attempt := 0; ; attempt++ {
		var rd io.Reader
		if body.body != nil {
			rd = bytes.NewReader(body.body)
		}
		req, err := http.NewRequestWithContext(ctx, method, url, rd)
		if err != nil {
			return nil, err
		}
		if body.body != nil {
			req.Header.Set("Content-Type", body.contentType)
		}
		req.Header.Set("User-Agent", s.UserAgent)
		resp, err := client.Do(req)
		if err != nil {
			return nil, err
		}
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		resp.Body.Close()
		switch {
		case resp.StatusCode < 300:
			return msg, nil
		case resp.StatusCode == http.StatusTooManyRequests && attempt < 2:
			t := time.NewTimer(retryAfter(resp.Header.Get("Retry-After")))
			select {
			case <-ctx.Done():
				t.Stop()
				return nil, fmt.Errorf("rate limited: %w", ctx.Err())
			case <-t.C:
			}
		default:
			if len(msg) > 512 {
				msg = msg[:512]
			}
			// The URL is left out: it holds the interaction's token.
			return nil, fmt.Errorf("%s: HTTP %d: %s", method, resp.StatusCode, bytes.TrimSpace(msg))
		}
	}
}

// retryAfter reads a Retry-After header in seconds (fractions allowed),
// capped at the 3 s a callback has; a missing or bad one waits a second.
func retryAfter(h string) time.Duration {
	s, err := strconv.ParseFloat(h, 64)
	if err != nil || s < 0 {
		return time.Second
	}
	return min(time.Duration(s*float64(time.Second)), 3*time.Second)
}
