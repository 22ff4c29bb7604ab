// Package bot is Hangtime's Discord adapter: the command table, the
// dispatcher that routes interactions to handlers and turns their results
// and errors into replies, rendering, and two transports that feed it — a
// discordgo session and a terminal console.
package bot
