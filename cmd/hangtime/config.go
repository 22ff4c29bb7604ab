package main

import (
	"crypto/ed25519"
	"encoding/hex"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/hangtime/hangtime/store"
)

// config is Hangtime's configuration, read from the environment.
type config struct {
	Token    string // DISCORD_TOKEN, with the "Bot " prefix added
	DBPath   string // HANGTIME_DB
	GuildID  string // DISCORD_GUILD_ID
	APIBase  string // DISCORD_API_BASE, an origin such as http://127.0.0.1:8080
	HTTPAddr string // HANGTIME_HTTP
	LogLevel string // HANGTIME_LOG_LEVEL
	// FilesDir is HANGTIME_FILES_DIR: where the console writes charts and
	// exports; a directory in the system's temporary one when empty.
	FilesDir string
	// PublicAddr (HANGTIME_PUBLIC_ADDR) is where the public listener for
	// the /gym link hooks listens, reached from outside at PublicURL
	// (HANGTIME_PUBLIC_URL).
	PublicAddr, PublicURL string
	// ReminderGrace is HANGTIME_REMINDER_GRACE: how late a reminder missed
	// while the bot was down may still be sent.
	ReminderGrace time.Duration
	// PublicKey is HANGTIME_PUBLIC_KEY, the application's public key:
	// with it the public listener serves Discord's interactions endpoint.
	PublicKey ed25519.PublicKey
	// GatewayOff is HANGTIME_GATEWAY=off: no gateway connection, the
	// interactions come through the endpoint only.
	GatewayOff bool
	// AppID is DISCORD_APPLICATION_ID, needed only without a gateway (whose
	// READY names the application); looked up with GET
	// /oauth2/applications/@me when empty.
	AppID string
	// Shards is HANGTIME_SHARDS: the gateway shards this process holds.
	Shards shardSpec
	// SharedPace is HANGTIME_PACE=shared: Discord's global limit is
	// shared with the other processes on the database through its slot
	// table; local paces this process alone. Shared by default on
	// PostgreSQL, local on SQLite (usually one process).
	SharedPace bool
	// Instance is HANGTIME_INSTANCE: this process's name on the jobs it
	// claims, stable across its restarts and unique among the processes,
	// so that a restarted process takes up its claimed jobs at once; a
	// random one per run when empty (the others take them over when their
	// lease ends, within 15 s).
	Instance string
}

// loadConfig reads and checks the environment through getenv.
func loadConfig(getenv func(string) string) (config, error) {
	c := config{
		Token:      strings.TrimSpace(getenv("DISCORD_TOKEN")),
		DBPath:     strings.TrimSpace(getenv("HANGTIME_DB")),
		GuildID:    strings.TrimSpace(getenv("DISCORD_GUILD_ID")),
		APIBase:    strings.TrimRight(strings.TrimSpace(getenv("DISCORD_API_BASE")), "/"),
		HTTPAddr:   strings.TrimSpace(getenv("HANGTIME_HTTP")),
		LogLevel:   strings.TrimSpace(getenv("HANGTIME_LOG_LEVEL")),
		FilesDir:   strings.TrimSpace(getenv("HANGTIME_FILES_DIR")),
		PublicAddr: strings.TrimSpace(getenv("HANGTIME_PUBLIC_ADDR")),
		PublicURL:  strings.TrimRight(strings.TrimSpace(getenv("HANGTIME_PUBLIC_URL")), "/"),
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
	if c.PublicAddr != "" {
		if _, _, err := net.SplitHostPort(c.PublicAddr); err != nil {
			return c, fmt.Errorf("HANGTIME_PUBLIC_ADDR %q must be an address such as :8443 or 0.0.0.0:8443", c.PublicAddr)
		}
		u, err := url.Parse(c.PublicURL)
		if c.PublicURL == "" || err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" {
			return c, fmt.Errorf("HANGTIME_PUBLIC_URL %q must be the URL the public listener is reached at, such as https://hangtime.example.com", c.PublicURL)
		}
	} else if c.PublicURL != "" {
		return c, fmt.Errorf("HANGTIME_PUBLIC_URL is set but HANGTIME_PUBLIC_ADDR is not: set where the public listener listens")
	}
	if v := strings.TrimSpace(getenv("HANGTIME_REMINDER_GRACE")); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 || d > 7*24*time.Hour {
			return c, fmt.Errorf("HANGTIME_REMINDER_GRACE %q must be a duration such as 2h or 30m (at most 168h)", v)
		}
		c.ReminderGrace = d
	}
	if v := strings.TrimSpace(getenv("HANGTIME_PUBLIC_KEY")); v != "" {
		k, err := hex.DecodeString(v)
		if err != nil || len(k) != ed25519.PublicKeySize {
			return c, fmt.Errorf("HANGTIME_PUBLIC_KEY must be the application's public key from the developer portal: 64 hex characters")
		}
		if c.PublicAddr == "" {
			return c, fmt.Errorf("HANGTIME_PUBLIC_KEY is set but HANGTIME_PUBLIC_ADDR is not: the interactions endpoint is served on the public listener")
		}
		c.PublicKey = k
	}
	switch v := strings.ToLower(strings.TrimSpace(getenv("HANGTIME_GATEWAY"))); v {
	case "", "on":
	case "off":
		if c.PublicKey == nil {
			return c, fmt.Errorf("HANGTIME_GATEWAY=off needs HANGTIME_PUBLIC_KEY (and HANGTIME_PUBLIC_ADDR): without a gateway, interactions can only come through the interactions endpoint")
		}
		c.GatewayOff = true
	default:
		return c, fmt.Errorf("HANGTIME_GATEWAY %q must be on or off", v)
	}
	c.AppID = strings.TrimSpace(getenv("DISCORD_APPLICATION_ID"))
	if c.AppID != "" && !isSnowflake(c.AppID) {
		return c, fmt.Errorf("DISCORD_APPLICATION_ID %q is not a Discord id (digits only, such as 123456789012345678)", c.AppID)
	}
	if v := strings.TrimSpace(getenv("HANGTIME_SHARDS")); v != "" {
		sh, err := parseShards(v)
		if err != nil {
			return c, err
		}
		if c.GatewayOff {
			return c, fmt.Errorf("HANGTIME_SHARDS is set but HANGTIME_GATEWAY is off: shards are gateway connections")
		}
		c.Shards = sh
	}
	c.Instance = strings.TrimSpace(getenv("HANGTIME_INSTANCE"))
	if len(c.Instance) > 64 {
		return c, fmt.Errorf("HANGTIME_INSTANCE is %d characters long; at most 64 (a stable name such as the host name or pod name)", len(c.Instance))
	}
	switch v := strings.ToLower(strings.TrimSpace(getenv("HANGTIME_PACE"))); v {
	case "":
		c.SharedPace = store.IsPostgres(c.DBPath)
	case "shared", "local":
		c.SharedPace = v == "shared"
	default:
		return c, fmt.Errorf("HANGTIME_PACE %q must be shared (Discord's global limit shared by every process on the database) or local", v)
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

// usage is what hangtime --help prints: the modes and the variables.
const usage = `Hangtime: a Discord bot that coaches inversion (hanging) routines.

Usage:
  hangtime            run the bot (needs DISCORD_TOKEN)
  hangtime console    the same commands in this terminal, as one local user
  hangtime migrate-to postgres://…
                      copy the SQLite database HANGTIME_DB into an empty PostgreSQL database
  hangtime --help     this text (hangtime console --help: the console's)

Environment:
  DISCORD_TOKEN            the bot token (required to connect)
  HANGTIME_DB              the SQLite database file (default hangtime.db), or a PostgreSQL URL
                           (postgres://user:password@host:5432/db?sslmode=require) for several processes
  DISCORD_GUILD_ID         register commands in this one server (instant updates)
  HANGTIME_HTTP            address for /healthz and /metrics, such as :8081
  DISCORD_API_BASE         an origin replacing https://discord.com (tests)
  HANGTIME_REMINDER_GRACE  how late a missed reminder may still be sent (default 2h)
  HANGTIME_LOG_LEVEL       debug, info, warn or error (default info; warn in the console)
  HANGTIME_PUBLIC_ADDR     where the public listener for /gym link hooks listens, such as :8443
  HANGTIME_PUBLIC_URL      the external base URL it is reached at, such as https://hangtime.example.com
  HANGTIME_PUBLIC_KEY      the application's public key: serves Discord's interactions endpoint
                           at HANGTIME_PUBLIC_URL/interactions on the public listener
  HANGTIME_GATEWAY         off: no gateway connection (needs HANGTIME_PUBLIC_KEY)
  DISCORD_APPLICATION_ID   the application id, used with HANGTIME_GATEWAY=off
                           (default: looked up with GET /oauth2/applications/@me)
  HANGTIME_SHARDS          gateway shards of this process: A-B/N, A/N or auto (default one shard)
  HANGTIME_PACE            shared: Discord's global limit shared by every process on the database
                           (default on PostgreSQL), local: this process alone (default on SQLite)
  HANGTIME_INSTANCE        this process's stable name among several (such as the pod name): after
                           a restart it takes up at once the jobs it had claimed
  HANGTIME_FILES_DIR       where the console saves charts and exports
                           (default: a hangtime directory in the system's temp directory)
`

// consoleUsage is what hangtime console --help prints.
const consoleUsage = `Usage: hangtime console

Runs Hangtime's commands in this terminal, without Discord, as one local
user on the same database (HANGTIME_DB). Type a command such as
  /hang log duration:90s
  /gym done delay:10m
and get the reply as text; type a button's label (such as Done) to press
it, /help for every command, quit to leave. Reminders print as they
arrive; times show in your profile's time zone.

Environment:
  HANGTIME_DB          the SQLite database file (default hangtime.db), or a PostgreSQL URL
  HANGTIME_LOG_LEVEL   debug, info, warn or error (default warn)
  HANGTIME_FILES_DIR   where charts and exports are saved
                       (default: a hangtime directory in the system's temp directory)
`

const noTokenHelp = `Hangtime needs a Discord bot token to connect.

  1. Open https://discord.com/developers/applications and create an application.
  2. Under "Bot", reset and copy the token.
  3. Run:  DISCORD_TOKEN=your-token go run ./cmd/hangtime

Or try Hangtime in your terminal without Discord:

  go run ./cmd/hangtime console
`
