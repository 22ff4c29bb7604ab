// Command hangtime runs the Hangtime Discord bot, or with "console" the same
// commands in a terminal as one local user.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"
	_ "time/tzdata" // IANA zones work in a bare container image

	"github.com/bwmarrin/discordgo"

	"github.com/hangtime/hangtime/bot"
	"github.com/hangtime/hangtime/store"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "hangtime:", err)
		if errors.Is(err, errNoToken) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

var errNoToken = errors.New("DISCORD_TOKEN is not set")

// run is main without the process: arguments, environment and streams are
// passed in so tests drive the real wiring.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	cfg, err := loadConfig(getenv)
	if err != nil {
		return err
	}
	console := len(args) > 0 && args[0] == "console"
	if len(args) > 0 && !console {
		return fmt.Errorf("unknown argument %q: run hangtime (the bot) or hangtime console", args[0])
	}
	if !console && cfg.Token == "" {
		fmt.Fprint(stderr, noTokenHelp)
		return errNoToken
	}
	log := newLogger(stderr, cfg.LogLevel, console)

	db, err := store.Open(ctx, cfg.DBPath)
	if err != nil {
		return err
	}
	defer db.Close()
	b := bot.New(bot.Config{Store: db, Logger: log})

	if console {
		return b.NewConsole(stdout).Run(ctx, stdin)
	}
	return runDiscord(ctx, cfg, b, log)
}

func runDiscord(ctx context.Context, cfg config, b *bot.Bot, log *slog.Logger) error {
	s, err := discordgo.New(cfg.Token)
	if err != nil {
		return fmt.Errorf("create discord session: %w", err)
	}
	s.Identify.Intents = discordgo.IntentsGuilds
	s.ShouldReconnectOnError = true
	s.LogLevel = discordgo.LogWarning
	if cfg.APIBase != "" {
		base, _ := url.Parse(cfg.APIBase)
		s.Client = &http.Client{Timeout: 20 * time.Second, Transport: rewriteOrigin{base: base, next: http.DefaultTransport}}
	}
	b.Attach(ctx, s, cfg.GuildID)
	if err := s.Open(); err != nil {
		return fmt.Errorf("connect to discord: %w", err)
	}
	log.Info("connected to discord", "guild_id", cfg.GuildID)
	<-ctx.Done()
	log.Info("shutting down")
	b.Wait()
	if err := s.Close(); err != nil {
		log.Warn("gateway close failed", "err", err)
	}
	return nil
}

// rewriteOrigin sends every request to base's scheme and host, keeping the
// path: discordgo's endpoints are fixed at package init, so DISCORD_API_BASE
// is applied here.
type rewriteOrigin struct {
	base *url.URL
	next http.RoundTripper
}

func (t rewriteOrigin) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.URL.Scheme, r.URL.Host, r.Host = t.base.Scheme, t.base.Host, t.base.Host
	return t.next.RoundTrip(r)
}

// newLogger logs JSON unless writing to a terminal; the console logs only
// warnings so they do not drown the conversation.
func newLogger(w io.Writer, level string, console bool) *slog.Logger {
	var lv slog.Level
	switch strings.ToLower(level) {
	case "debug":
		lv = slog.LevelDebug
	case "warn":
		lv = slog.LevelWarn
	case "error":
		lv = slog.LevelError
	case "":
		if console {
			lv = slog.LevelWarn
		}
	}
	opts := &slog.HandlerOptions{Level: lv}
	if f, ok := w.(*os.File); ok && isTerminal(f) {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}

func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
