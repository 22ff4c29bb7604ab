package main

import (
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"
)

// config is Hangtime's configuration, read from the environment.
type config struct {
	Token    string // DISCORD_TOKEN, with the "Bot " prefix added
	DBPath   string // HANGTIME_DB
	GuildID  string // DISCORD_GUILD_ID
	APIBase  string // DISCORD_API_BASE, an origin such as http://127.0.0.1:8080
	HTTPAddr string // HANGTIME_HTTP
	LogLevel string // HANGTIME_LOG_LEVEL
	// ReminderGrace is HANGTIME_REMINDER_GRACE: how late a reminder missed
	// while the bot was down may still be sent.
	ReminderGrace time.Duration
}

// loadConfig reads and checks the environment through getenv.
func loadConfig(getenv func(string) string) (config, error) {
	c := config{
		Token:    strings.TrimSpace(getenv("DISCORD_TOKEN")),
		DBPath:   strings.TrimSpace(getenv("HANGTIME_DB")),
		GuildID:  strings.TrimSpace(getenv("DISCORD_GUILD_ID")),
		APIBase:  strings.TrimRight(strings.TrimSpace(getenv("DISCORD_API_BASE")), "/"),
		HTTPAddr: strings.TrimSpace(getenv("HANGTIME_HTTP")),
		LogLevel: strings.TrimSpace(getenv("HANGTIME_LOG_LEVEL")),
	}
	if c.DBPath == "" {
		c.DBPath = "hangtime.db"
	}
	if c.Token != "" && !strings.HasPrefix(c.Token, "Bot ") {
		c.Token = "Bot " + c.Token
	}
	if c.GuildID != "" && !isSnowflake(c.GuildID) {
		return c, fmt.Errorf("DISCORD_GUILD_ID %q is not a Discord id (digits only, such as 123456789012345678)", c.GuildID)
	}
	if c.APIBase != "" {
		u, err := url.Parse(c.APIBase)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") {
			return c, fmt.Errorf("DISCORD_API_BASE %q must be an origin such as http://127.0.0.1:8080 (scheme and host, no path)", c.APIBase)
		}
	}
	if c.HTTPAddr != "" {
		if _, _, err := net.SplitHostPort(c.HTTPAddr); err != nil {
			return c, fmt.Errorf("HANGTIME_HTTP %q must be an address such as :8081 or 127.0.0.1:8081", c.HTTPAddr)
		}
	}
	if v := strings.TrimSpace(getenv("HANGTIME_REMINDER_GRACE")); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 || d > 7*24*time.Hour {
			return c, fmt.Errorf("HANGTIME_REMINDER_GRACE %q must be a duration such as 2h or 30m (at most 168h)", v)
		}
		c.ReminderGrace = d
	}
	switch strings.ToLower(c.LogLevel) {
	case "", "debug", "info", "warn", "error":
	default:
		return c, fmt.Errorf("HANGTIME_LOG_LEVEL %q must be debug, info, warn or error", c.LogLevel)
	}
	return c, nil
}

func isSnowflake(s string) bool {
	if len(s) < 5 || len(s) > 20 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

const noTokenHelp = `Hangtime needs a Discord bot token to connect.

  1. Open https://discord.com/developers/applications and create an application.
  2. Under "Bot", reset and copy the token.
  3. Run:  DISCORD_TOKEN=your-token go run ./cmd/hangtime

Or try Hangtime in your terminal without Discord:

  go run ./cmd/hangtime console
`
