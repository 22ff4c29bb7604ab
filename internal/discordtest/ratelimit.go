package discordtest

import (
	"fmt"
	"hash/fnv"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// rateLimits is the rate limiting state, guarded by Server.mu.
type rateLimits struct {
	globalPerSecond int
	globalStart     time.Time
	globalCount     int

	perRoute int
	window   time.Duration
	buckets  map[string]*bucket

	forced       int
	forcedRetry  time.Duration
	forcedGlobal bool

	limited int

	// counted is when each request that counts toward Discord's global
	// limit arrived (everything but interaction callbacks and webhooks),
	// whether or not a limit is enforced, for GlobalWindowMax.
	counted []time.Time
}

type bucket struct {
	reset time.Time
	count int
}

// SetRateLimit enables rate limit enforcement. With perRoute > 0 every REST
// response carries X-RateLimit-* headers for its per-route bucket (route =
// method plus path with IDs other than the major channel, guild, webhook or
// interaction ID replaced) and a bucket allows perRoute requests per
// perRouteWindow, measured from the bucket's first request. With
// globalPerSecond > 0 all requests except interaction callbacks and webhooks
// share a global limit per second. Exceeding a limit answers 429. Zero
// values disable the respective limit; calling it resets all buckets.
func (s *Server) SetRateLimit(globalPerSecond int, perRoute int, perRouteWindow time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rl.globalPerSecond = globalPerSecond
	s.rl.globalStart = time.Time{}
	s.rl.globalCount = 0
	s.rl.perRoute = perRoute
	s.rl.window = perRouteWindow
	s.rl.buckets = map[string]*bucket{}
}

// Force429 makes the next n message-creating requests (POST
// /channels/{id}/messages and interaction followups POST
// /webhooks/{app}/{token}) answer 429 with the given retry_after.
func (s *Server) Force429(n int, retryAfter time.Duration) {
	s.force429(n, retryAfter, false)
}

// ForceGlobal429 is Force429 with global 429s (X-RateLimit-Global, scope
// global), which make a client hold all its requests for retryAfter.
func (s *Server) ForceGlobal429(n int, retryAfter time.Duration) {
	s.force429(n, retryAfter, true)
}

func (s *Server) force429(n int, retryAfter time.Duration, global bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rl.forced = n
	s.rl.forcedRetry = retryAfter
	s.rl.forcedGlobal = global
}

// RateLimited reports how many 429 responses the server has sent.
func (s *Server) RateLimited() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rl.limited
}

// GlobalWindowMax is the most requests counting toward Discord's global
// limit (all but interaction callbacks and webhooks) that arrived within
// any window of d (half-open, so requests exactly d apart are in different
// windows), over the server's life, and when the first such window began.
// Discord allows 50 per second.
func (s *Server) GlobalWindowMax(d time.Duration) (count int, at time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ts := slices.Clone(s.rl.counted) // in arrival order, not lock order
	slices.SortFunc(ts, time.Time.Compare)
	j := 0
	for i := range ts {
		for ts[i].Sub(ts[j]) >= d {
			j++
		}
		if n := i - j + 1; n > count {
			count, at = n, ts[j]
		}
	}
	return count, at
}

// routeKey is the rate limit route of a request: ids other than the major
// parameter are replaced by placeholders.
func routeKey(method string, segs []string) string {
	out := make([]string, len(segs))
	for i, seg := range segs {
		switch {
		case i == 1 && (segs[0] == "channels" || segs[0] == "guilds" || segs[0] == "webhooks" || segs[0] == "interactions"):
			out[i] = seg
		case i == 2 && (segs[0] == "webhooks" || segs[0] == "interactions"):
			out[i] = seg // token belongs to the major parameter
		case isSnowflake(seg):
			out[i] = "{id}"
		default:
			out[i] = seg
		}
	}
	return method + " /" + strings.Join(out, "/")
}

func isSnowflake(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// isMessageCreate reports whether a request creates a message (see Force429).
func isMessageCreate(method string, segs []string) bool {
	if method != http.MethodPost {
		return false
	}
	return len(segs) == 3 && segs[0] == "channels" && segs[2] == "messages" ||
		len(segs) == 3 && segs[0] == "webhooks"
}

// checkRateLimitLocked applies forced and configured limits to a request
// that arrived at now (before it waited for the server's lock, so that a
// test reading the server's records does not bunch the requests it held
// up). It sets the bucket headers on h and returns a 429 reply when the
// request is limited.
func (s *Server) checkRateLimitLocked(method string, segs []string, h http.Header, now time.Time) (reply, bool) {
	rl := &s.rl
	if rl.forced > 0 && isMessageCreate(method, segs) {
		rl.forced--
		if rl.forcedGlobal {
			h.Set("X-RateLimit-Global", "true")
		}
		return s.tooManyLocked(h, rl.forcedRetry, rl.forcedGlobal), true
	}
	if !authFree(segs) {
		rl.counted = append(rl.counted, now)
	}
	if rl.globalPerSecond > 0 && !authFree(segs) {
		if now.Sub(rl.globalStart) >= time.Second {
			rl.globalStart, rl.globalCount = now, 0
		}
		if rl.globalCount >= rl.globalPerSecond {
			h.Set("X-RateLimit-Global", "true")
			return s.tooManyLocked(h, rl.globalStart.Add(time.Second).Sub(now), true), true
		}
		rl.globalCount++
	}
	if rl.perRoute <= 0 {
		return reply{}, false
	}
	key := routeKey(method, segs)
	b := rl.buckets[key]
	if b == nil || !now.Before(b.reset) {
		b = &bucket{reset: now.Add(rl.window)}
		rl.buckets[key] = b
	}
	limited := b.count >= rl.perRoute
	if !limited {
		b.count++
	}
	hash := fnv.New64a()
	_, _ = hash.Write([]byte(key))
	resetAfter := b.reset.Sub(now)
	h.Set("X-RateLimit-Bucket", fmt.Sprintf("%016x", hash.Sum64()))
	h.Set("X-RateLimit-Limit", strconv.Itoa(rl.perRoute))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(rl.perRoute-b.count))
	h.Set("X-RateLimit-Reset", strconv.FormatFloat(float64(b.reset.UnixMilli())/1000, 'f', 3, 64))
	h.Set("X-RateLimit-Reset-After", seconds(resetAfter))
	if limited {
		return s.tooManyLocked(h, resetAfter, false), true
	}
	return reply{}, false
}

// tooManyLocked builds a 429 reply with Discord's body and headers.
func (s *Server) tooManyLocked(h http.Header, retryAfter time.Duration, global bool) reply {
	s.rl.limited++
	scope := "user"
	if global {
		scope = "global"
		h.Set("X-RateLimit-Reset-After", seconds(retryAfter))
	}
	h.Set("X-RateLimit-Scope", scope)
	h.Set("Retry-After", strconv.Itoa(int(math.Ceil(retryAfter.Seconds()))))
	secs, _ := strconv.ParseFloat(seconds(retryAfter), 64)
	return jsonReply(http.StatusTooManyRequests, map[string]any{
		"message": "You are being rate limited.", "retry_after": secs, "global": global,
	})
}

// seconds formats d in seconds with millisecond precision, rounded up (plus
// a millisecond) so that clients truncating it never come back too early.
func seconds(d time.Duration) string {
	ms := (d + 2*time.Millisecond - 1) / time.Millisecond
	if ms < 0 {
		ms = 0
	}
	return strconv.FormatFloat(float64(ms)/1000, 'f', 3, 64)
}
