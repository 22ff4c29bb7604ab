package main

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/bwmarrin/discordgo"
)

// baselineArg makes hangbench run as the baseline bot instead.
const baselineArg = "-serve-baseline"

// baselineIdleEnv tells the baseline how many idle connections per host
// its transport keeps (-baseline-idle); 0 or unset keeps net/http's.
const baselineIdleEnv = "HANGBENCH_BASELINE_IDLE"

// baselineReply is the baseline's answer to everything.
const baselineReply = "Logged."

// serveBaseline runs the minimal discordgo bot hangtime is compared with:
// the same library, transport and fake Discord, no database and no logic,
// a fixed reply to every interaction as soon as it arrives.
func serveBaseline() error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	base, err := url.Parse(os.Getenv("DISCORD_API_BASE"))
	if err != nil || base.Host == "" {
		return fmt.Errorf("DISCORD_API_BASE %q is not an origin", os.Getenv("DISCORD_API_BASE"))
	}
	s, err := discordgo.New("Bot " + os.Getenv("DISCORD_TOKEN"))
	if err != nil {
		return fmt.Errorf("create session: %w", err)
	}
	s.Identify.Intents = discordgo.IntentsGuilds
	s.LogLevel = discordgo.LogWarning
	var next http.RoundTripper = http.DefaultTransport
	if n, _ := strconv.Atoi(os.Getenv(baselineIdleEnv)); n > 0 {
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.MaxIdleConns, t.MaxIdleConnsPerHost = max(t.MaxIdleConns, n), n
		next = t
	}
	s.Client = &http.Client{Timeout: 20 * time.Second, Transport: rewriteOrigin{base: base, next: next}}
	s.AddHandler(func(s *discordgo.Session, ic *discordgo.InteractionCreate) {
		err := s.InteractionRespond(ic.Interaction, &discordgo.InteractionResponse{
			Type: discordgo.InteractionResponseChannelMessageWithSource,
			Data: &discordgo.InteractionResponseData{Content: baselineReply},
		})
		if err != nil {
			fmt.Fprintln(os.Stderr, "respond:", err)
		}
	})
	if err := s.Open(); err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	<-ctx.Done()
	return s.Close()
}

// rewriteOrigin sends every request to base's scheme and host, as hangtime
// does for DISCORD_API_BASE.
type rewriteOrigin struct {
	base *url.URL
	next http.RoundTripper
}

func (t rewriteOrigin) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.URL.Scheme, r.URL.Host, r.Host = t.base.Scheme, t.base.Host, t.base.Host
	return t.next.RoundTrip(r)
}
