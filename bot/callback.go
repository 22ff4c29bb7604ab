package bot

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"
)

// callback sends an interaction's first response to Discord's callback
// endpoint through s's HTTP client, but not through discordgo's rate
// limiter: that keeps one bucket per route and never drops one, and the
// callback's route names the interaction's id and token, so every
// interaction answered would leave a bucket behind (about 650 bytes; 65 MB
// a day at 100,000 interactions). The route is the interaction's own and
// Discord's global limit leaves it out, so there is no shared budget to
// keep: a 429 is waited out and retried, as discordgo would.
func callback(ctx context.Context, s *discordgo.Session, i *discordgo.Interaction, r *discordgo.InteractionResponse) error {
	body, err := encodeResponse(r)
	if err != nil {
		return err
	}
	url := discordgo.EndpointInteractionResponse(i.ID, i.Token)
	for attempt := 0; ; attempt++ {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body.body))
		if err != nil {
			return fmt.Errorf("interaction callback: %w", err)
		}
		req.Header.Set("Content-Type", body.contentType)
		req.Header.Set("User-Agent", s.UserAgent)
		resp, err := s.Client.Do(req)
		if err != nil {
			return fmt.Errorf("interaction callback: %w", err)
		}
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 1024))
		resp.Body.Close()
		switch {
		case resp.StatusCode < 300:
			return nil
		case resp.StatusCode == http.StatusTooManyRequests && attempt < 2:
			wait := retryAfter(resp.Header.Get("Retry-After"))
			t := time.NewTimer(wait)
			select {
			case <-ctx.Done():
				t.Stop()
				return fmt.Errorf("interaction callback: rate limited: %w", ctx.Err())
			case <-t.C:
			}
		default:
			return fmt.Errorf("interaction callback: HTTP %d: %s", resp.StatusCode, bytes.TrimSpace(msg))
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
