package bot

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"time"
)

// Fetcher downloads a file a user attached to a command, refusing one over
// max bytes.
type Fetcher interface {
	Fetch(ctx context.Context, url string, max int64) ([]byte, error)
}

// errFileTooBig is a download over the size given to Fetch.
var errFileTooBig = errors.New("file too big")

// HTTPFetcher fetches attachments over HTTP from a fixed set of origins
// (Discord's CDN, and DISCORD_API_BASE's origin when set), with a timeout;
// redirects elsewhere are refused.
type HTTPFetcher struct {
	// Origins are the allowed scheme://host[:port] prefixes.
	Origins []string
	// Timeout bounds a whole download; 15 seconds when zero.
	Timeout time.Duration
	// Transport is http.DefaultTransport when nil.
	Transport http.RoundTripper
}

// DiscordCDN returns the origins Discord serves attachments from.
func DiscordCDN() []string {
	return []string{"https://cdn.discordapp.com", "https://media.discordapp.net"}
}

func (f *HTTPFetcher) allowed(u *url.URL) bool {
	return u != nil && u.User == nil && slices.Contains(f.Origins, u.Scheme+"://"+u.Host)
}

// Fetch downloads raw.
func (f *HTTPFetcher) Fetch(ctx context.Context, raw string, max int64) ([]byte, error) {
	u, err := url.Parse(raw)
	if err != nil || !f.allowed(u) {
		return nil, fmt.Errorf("fetch attachment: %q is not on an allowed origin", raw)
	}
	timeout := f.Timeout
	if timeout <= 0 {
		timeout = 15 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	c := &http.Client{Transport: f.Transport, CheckRedirect: func(r *http.Request, via []*http.Request) error {
		if len(via) > 3 || !f.allowed(r.URL) {
			return fmt.Errorf("redirect to %s refused", r.URL.Host)
		}
		return nil
	}}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("fetch attachment: %w", err)
	}
	resp, err := c.Do(req)
	if err != nil {
		return nil, fmt.Errorf("fetch attachment: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("fetch attachment: status %d", resp.StatusCode)
	}
	if resp.ContentLength > max {
		return nil, errFileTooBig
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, max+1))
	if err != nil {
		return nil, fmt.Errorf("fetch attachment: %w", err)
	}
	if int64(len(data)) > max {
		return nil, errFileTooBig
	}
	return data, nil
}
