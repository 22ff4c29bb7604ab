package bot

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
	"golang.org/x/time/rate"

	"github.com/hangtime/hangtime/coach"
)

// linkStore keeps the hashes of the users' /gym link tokens.
type linkStore interface {
	// SetGymLink saves a link, replacing an earlier one unless keep is set;
	// it reports whether it saved.
	SetGymLink(ctx context.Context, userID, selector, hash string, keep bool, now time.Time) (bool, error)
	GymLink(ctx context.Context, selector string) (userID, hash string, ok bool, err error)
}

// HookPath is where the workout-ended hooks of /gym link are served, on
// the public listener: POST HookPath + token.
const HookPath = "/hooks/workout/"

const (
	hookBodyMax = 4 << 10 // a hook's body is ignored; this is all it may be
	hookPerMin  = 6       // calls a minute per link
)

// hookLimits rate-limits each link, by its selector.
type hookLimits struct {
	mu sync.Mutex
	m  map[string]*rate.Limiter
}

func (h *hookLimits) allow(selector string, now time.Time) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.m == nil {
		h.m = map[string]*rate.Limiter{}
	}
	l, ok := h.m[selector]
	if !ok {
		l = rate.NewLimiter(rate.Every(time.Minute/hookPerMin), hookPerMin)
		h.m[selector] = l
	}
	return l.AllowN(now, 1)
}

// newLinkToken returns a new token (256 random bits, URL-safe) with the
// selector and hash that are stored instead of it.
func newLinkToken() (token, selector, hash string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", "", fmt.Errorf("new link token: %w", err)
	}
	token = base64.RawURLEncoding.EncodeToString(b)
	selector, hash = hashToken(token)
	return token, selector, hash, nil
}

func hashToken(token string) (selector, hash string) {
	sum := sha256.Sum256([]byte(token))
	hash = hex.EncodeToString(sum[:])
	return hash[:16], hash
}

func (b *gymFeature) gymLink(ctx context.Context, req *Request) (Reply, error) {
	if b.publicURL == "" {
		return Reply{}, userKey("link.no_public")
	}
	reset, _ := req.Options.Bool("reset")
	token, selector, hash, err := newLinkToken()
	if err != nil {
		return Reply{}, err
	}
	set, err := b.store.SetGymLink(ctx, req.UserID, selector, hash, !reset, b.now())
	if err != nil {
		return Reply{}, err
	}
	t := req.T()
	if !set {
		return Reply{Ephemeral: true, Content: t.S("link.exists")}, nil
	}
	key := "link.new"
	if reset {
		key = "link.new_reset"
	}
	url := b.publicURL + HookPath + token
	return Reply{Ephemeral: true, Content: t.S(key, url)}, nil
}

// WorkoutHook serves the workout-ended hooks: POST HookPath + token is
// /gym done for the link's user. An unknown token is 404 with no hint, each
// link may be called hookPerMin times a minute (429 beyond), and bodies are
// capped.
func (b *gymFeature) workoutHook() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, ok := strings.CutPrefix(r.URL.Path, HookPath)
		if !ok || token == "" || len(token) > 100 || strings.Contains(token, "/") {
			http.NotFound(w, r)
			return
		}
		selector, hash := hashToken(token)
		userID, stored, found, err := b.store.GymLink(r.Context(), selector)
		if err != nil {
			b.log.Error("workout hook failed", "err", err)
			http.Error(w, "temporarily unavailable", http.StatusServiceUnavailable)
			return
		}
		if !found || subtle.ConstantTimeCompare([]byte(hash), []byte(stored)) != 1 {
			http.NotFound(w, r)
			return
		}
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "use POST", http.StatusMethodNotAllowed)
			return
		}
		now := b.now()
		if !b.hooks.allow(selector, now) {
			w.Header().Set("Retry-After", strconv.Itoa(int((time.Minute/hookPerMin)/time.Second)))
			http.Error(w, "too many calls; wait a little", http.StatusTooManyRequests)
			return
		}
		if _, err := io.Copy(io.Discard, http.MaxBytesReader(w, r.Body, hookBodyMax)); err != nil {
			var mb *http.MaxBytesError
			if errors.As(err, &mb) {
				http.Error(w, "body too large", http.StatusRequestEntityTooLarge)
				return
			}
			http.Error(w, "could not read the body", http.StatusBadRequest)
			return
		}
		var delay time.Duration
		if s := r.URL.Query().Get("delay"); s != "" {
			if delay, err = coach.ParseDelay("delay", s, coach.MaxGymDelay); err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
		}
		reply, err := b.workoutDone(r.Context(), b.userTr(r.Context(), userID), userID, gymDoneKey(userID, "hook-"+strconv.FormatInt(now.UnixNano(), 36)), delay, now)
		if err != nil {
			b.log.Error("workout hook failed", "user_id", userID, "err", err)
			http.Error(w, "temporarily unavailable: nothing was saved", http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"ok": true, "message": plainText(reply.Content)})
	})
}

// plainText drops Discord's timestamp markup for clients that show text.
func plainText(s string) string {
	return discordTimestamp.ReplaceAllStringFunc(s, func(m string) string {
		sub := discordTimestamp.FindStringSubmatch(m)
		sec, _ := strconv.ParseInt(sub[1], 10, 64)
		return time.Unix(sec, 0).UTC().Format("15:04 UTC")
	})
}

func gymLinkCommand(b *gymFeature) Command {
	return Command{Name: "link", Description: "A personal URL your phone or watch calls when a workout ends", Run: b.gymLink, Options: []*discordgo.ApplicationCommandOption{
		{Type: discordgo.ApplicationCommandOptionBoolean, Name: "reset", Description: "Make a new link; the old one stops working"},
	}}
}

// WorkoutHook serves the workout-ended hooks of /gym link (see HookPath).
func (b *Bot) WorkoutHook() http.Handler { return b.workoutHook }
