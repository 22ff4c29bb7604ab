package bot

import (
	"context"

	"github.com/bwmarrin/discordgo"

	"github.com/hangtime/hangtime/coach"
)

// Command is one entry of the command table: its whole Discord definition
// and its handler. A command with Subs is a group whose subcommands are the
// entries that run.
type Command struct {
	Name        string
	Description string
	Options     []*discordgo.ApplicationCommandOption
	Subs        []Command
	// Permissions, on a top-level command, is the default member permission
	// Discord requires to see it; handlers check again themselves.
	Permissions *int64
	// Safety gates the command behind the safety card until acknowledged.
	Safety bool
	// ClaimsItself says the handler claims the interaction against
	// duplicate delivery inside its own write transaction (when
	// Request.claimPending is set), so the dispatcher makes no separate
	// claim: one write per command. The handler must make that write
	// before any other and return errDuplicate when it finds the
	// interaction claimed; when the handler returns without it, the
	// dispatcher claims afterwards.
	ClaimsItself bool
	Run          Handler
	Autocomplete Handler
}

// commandTable is the single source of both registration and routing.
func (b *Bot) commandTable() []Command {
	return []Command{
		{Name: "hang", Description: "Time and log your hangs", Subs: []Command{
			{Name: "start", Description: "Start a live, timed hang (defaults from your plan)", Safety: true, Run: b.hangStart, Options: []*discordgo.ApplicationCommandOption{
				deviceOption(),
				angleOption(),
				{Type: discordgo.ApplicationCommandOptionString, Name: "target", Description: "How long: 90, 90s, 2m, 1m30s or 1:30 (10m at most)", MaxLength: 16},
			}},
			{Name: "stop", Description: "Finish your live hang now (same as Done)", Run: b.hangStop},
			{Name: "log", Description: "Log a hang you did", Safety: true, ClaimsItself: true, Run: b.hangLog, Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionString, Name: "duration", Description: "How long: 90, 90s, 2m, 1m30s or 1:30", Required: true, MaxLength: 16},
				deviceOption(),
				angleOption(),
				{Type: discordgo.ApplicationCommandOptionString, Name: "ago", Description: "How long ago it ended: 45m, 3h, 2d (at most 7d)", MaxLength: 16},
				{Type: discordgo.ApplicationCommandOptionString, Name: "note", Description: "A short note, such as 'after deadlifts'", MaxLength: coach.MaxNoteLen},
			}},
			{Name: "undo", Description: "Remove your most recent logged hang", Run: b.hangUndo},
		}},
		{Name: "routine", Description: "Guided routines", Subs: []Command{
			{Name: "start", Description: "Walk through a routine step by step", Safety: true, Run: b.routineStart, Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionString, Name: "name", Description: "decompress, core or legs", Required: true, Choices: routineChoices()},
			}},
		}},
		gymCommand(b),
		{Name: "history", Description: "Your recent hangs, newest first", Run: b.history, Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionInteger, Name: "limit", Description: "Hangs per page (1–25, default 10)"},
		}},
		{Name: "profile", Description: "Your preferences", Subs: []Command{
			{Name: "set", Description: "Save your device, time zone and level", Run: b.profileSet, Autocomplete: b.timezoneComplete, Options: []*discordgo.ApplicationCommandOption{
				deviceOption(),
				{Type: discordgo.ApplicationCommandOptionString, Name: "timezone", Description: "Your time zone, such as Europe/Berlin", Autocomplete: true, MaxLength: 64},
				{Type: discordgo.ApplicationCommandOptionString, Name: "level", Description: "Your experience with inversion", Choices: levelChoices()},
			}},
			{Name: "show", Description: "Show your saved preferences", Run: b.profileShow},
		}},
		{Name: "data", Description: "Your data", Subs: []Command{
			{Name: "export", Description: "Download everything Hangtime stores about you", Run: b.dataExport, Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionString, Name: "format", Description: "json or csv (default json)", Choices: []*discordgo.ApplicationCommandOptionChoice{
					{Name: "json", Value: "json"}, {Name: "csv", Value: "csv"},
				}},
			}},
			{Name: "forget", Description: "Delete everything Hangtime stores about you", Run: b.dataForget},
		}},
		{Name: "help", Description: "What Hangtime does and how to start", Run: b.help},
		{Name: "stats", Description: "Your totals, streaks, consistency and a chart of minutes per day", Run: b.stats, Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionString, Name: "period", Description: "week (last 7 days, the default), month (last 30) or all", Choices: periodChoices()},
		}},
		{Name: "plan", Description: "Today's suggested hang, your next step and why", Run: b.plan},
		{Name: "streak", Description: "Rest days and pauses that keep your streak", Subs: []Command{
			{Name: "rest", Description: "Mark today a rest day (1 per week); your streak is kept", Run: b.streakRest},
			{Name: "pause", Description: "Pause your streak from today while injured or ill", Run: b.streakPause, Options: []*discordgo.ApplicationCommandOption{pauseDaysOption()}},
			{Name: "resume", Description: "End your streak pause; your streak is kept", Run: b.streakResume},
		}},
		groupCommand(b),
		leaderboardCommand(b),
	}
}

// componentTable routes button clicks by their custom id prefix.
func (b *Bot) componentTable() map[string]Handler {
	return map[string]Handler{
		"safety":  b.safetyAck,
		"live":    b.liveButton,
		"routine": b.routineButton,
		"rem":     b.reminderButton,
		"undo":    b.undoButton,
		"hist":    b.historyPage,
		"forget":  b.forgetButton,
	}
}

func deviceOption() *discordgo.ApplicationCommandOption {
	var choices []*discordgo.ApplicationCommandOptionChoice
	for _, d := range coach.Devices() {
		choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: d.Label(), Value: string(d)})
	}
	return &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionString, Name: "device", Description: "Which device", Choices: choices}
}

func angleOption() *discordgo.ApplicationCommandOption {
	return &discordgo.ApplicationCommandOption{Type: discordgo.ApplicationCommandOptionInteger, Name: "angle", Description: "Degrees from horizontal (table 20–90, chair up to 70, boots/bent-knee 90)"}
}

func levelChoices() []*discordgo.ApplicationCommandOptionChoice {
	var out []*discordgo.ApplicationCommandOptionChoice
	for _, l := range coach.Levels() {
		out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: string(l), Value: string(l)})
	}
	return out
}

// ApplicationCommands derives the Discord registration from the table.
func (b *Bot) ApplicationCommands() []*discordgo.ApplicationCommand {
	var out []*discordgo.ApplicationCommand
	for _, c := range b.commands {
		ac := &discordgo.ApplicationCommand{
			Type:                     discordgo.ChatApplicationCommand,
			Name:                     c.Name,
			Description:              c.Description,
			Options:                  c.Options,
			DefaultMemberPermissions: c.Permissions,
		}
		for _, s := range c.Subs {
			ac.Options = append(ac.Options, &discordgo.ApplicationCommandOption{
				Type: discordgo.ApplicationCommandOptionSubCommand, Name: s.Name, Description: s.Description, Options: s.Options,
			})
		}
		out = append(out, ac)
	}
	return out
}

func (b *Bot) timezoneComplete(ctx context.Context, req *Request) (Reply, error) {
	var choices []*discordgo.ApplicationCommandOptionChoice
	if req.Focused == "timezone" {
		for _, z := range coach.MatchZones(b.zones, req.Options.String("timezone"), 25) {
			choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: z, Value: z})
		}
	}
	if choices == nil {
		choices = []*discordgo.ApplicationCommandOptionChoice{}
	}
	return Reply{Choices: choices}, nil
}
