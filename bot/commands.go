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
	// duplicate delivery with its own write (when Request.claimPending is
	// set), so the dispatcher makes no separate claim: one write per
	// command. The handler must make that write before any other and
	// return errDuplicate when it finds the interaction claimed; when it
	// returns without making it, the dispatcher claims afterwards.
	ClaimsItself bool
	// Load, when set on a command with Safety, reads what the handler
	// will need about the user together with the profile, in place of the
	// safety gate's own read of it, and leaves both on the request (the
	// profile through setProfile, the rest in Request.loaded). A handler
	// also runs without it (after the safety card), so it must read for
	// itself what it finds not loaded.
	Load         func(ctx context.Context, req *Request) error
	Run          Handler
	Autocomplete Handler
	// Jobs are the kinds of scheduled job the command's feature queues,
	// with their runners (see JobKind).
	Jobs []JobKind
	// Public marks a command that answers in the channel for everyone
	// (refusals aside). A slow reply is then deferred publicly; any other
	// command's is deferred ephemerally (see deferral).
	Public bool
	// Components are the buttons this command's replies (or the messages
	// it leads to) carry.
	Components []Component
}

// features are the bot's features, each with its own narrow view of the
// store; the command table routes to their methods.
type features struct {
	hang    *hangFeature
	live    *liveFeature
	routine *routineFeature
	gym     *gymFeature
	history *historyFeature
	profile *profileFeature
	data    *dataFeature
	stats   *statsFeature
	plan    *planFeature
	streak  *streakFeature
	group   *groupFeature
}

// newFeatures builds every feature on b, handing each only its own view of
// s, and the features some need from others: the planner, the streak
// loader, and the milestone check after a logged hang.
func newFeatures(b *Bot, s Store) features {
	streak := &streakFeature{Bot: b, store: s}
	plan := &planFeature{Bot: b, store: s, streakLoader: streak}
	group := &groupFeature{Bot: b, store: s, streakLoader: streak}
	hang := &hangFeature{Bot: b, store: s, planner: plan, afterLogger: group}
	return features{
		hang:    hang,
		live:    &liveFeature{Bot: b, store: s, planner: plan, afterLogger: group},
		routine: &routineFeature{Bot: b, store: s, planner: plan, afterLogger: group},
		gym:     &gymFeature{Bot: b, store: s, planner: plan},
		history: &historyFeature{Bot: b, store: s, undo: hang.undoComponent()},
		profile: &profileFeature{Bot: b, store: s},
		data:    &dataFeature{Bot: b, store: s},
		stats:   &statsFeature{Bot: b, streakLoader: streak, store: s},
		plan:    plan,
		streak:  streak,
		group:   group,
	}
}

// commandTable is the single source of both registration and routing.
func (b *Bot) commandTable(f features) []Command {
	return []Command{
		{Name: "hang", Description: "Time and log your hangs", Jobs: []JobKind{jobKind(jobHangEnd, laneHangEnd, f.live.finishLive)}, Subs: []Command{
			{Name: "start", Description: "Start a live, timed hang (defaults from your plan)", Safety: true, Public: true, Run: f.live.hangStart, Components: []Component{f.live.liveComponent(), f.live.guardComponent()}, Options: []*discordgo.ApplicationCommandOption{
				deviceOption(),
				angleOption(),
				{Type: discordgo.ApplicationCommandOptionString, Name: "target", Description: "How long: 90, 90s, 2m, 1m30s or 1:30 (10m at most)", MaxLength: 16},
			}},
			{Name: "stop", Description: "Finish your live hang now (same as Done)", Public: true, Run: f.live.hangStop},
			{Name: "log", Description: "Log a hang you did", Safety: true, ClaimsItself: true, Public: true, Load: f.hang.load, Run: f.hang.hangLog, Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionString, Name: "duration", Description: "How long: 90, 90s, 2m, 1m30s or 1:30", Required: true, MaxLength: 16},
				deviceOption(),
				angleOption(),
				{Type: discordgo.ApplicationCommandOptionString, Name: "ago", Description: "How long ago it ended: 45m, 3h, 2d (at most 7d)", MaxLength: 16},
				{Type: discordgo.ApplicationCommandOptionString, Name: "note", Description: "A short note, such as 'after deadlifts'", MaxLength: coach.MaxNoteLen},
			}},
			{Name: "undo", Description: "Remove your most recent logged hang", Run: f.hang.hangUndo, Components: []Component{f.hang.undoComponent()}},
		}},
		{Name: "routine", Description: "Guided routines", Subs: []Command{
			{Name: "start", Description: "Walk through a routine step by step", Safety: true, Public: true, Run: f.routine.routineStart, Components: []Component{f.routine.routineComponent()}, Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionString, Name: "name", Description: "decompress, core or legs", Required: true, Choices: routineChoices()},
				{Type: discordgo.ApplicationCommandOptionString, Name: "device", Description: "Which device, for this run only (default: your profile's)", Choices: deviceOption().Choices},
			}},
		}},
		gymCommand(f.gym),
		remindCommand(f.gym),
		{Name: "history", Description: "Your recent hangs, newest first", Run: f.history.history, Components: []Component{f.history.historyComponent()}, Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionInteger, Name: "limit", Description: "Hangs per page (1–25, default 10)"},
			{Type: discordgo.ApplicationCommandOptionInteger, Name: "hang", Description: "A hang's # from the list, to delete or correct it"},
			{Type: discordgo.ApplicationCommandOptionBoolean, Name: "delete", Description: "Delete that hang (after a confirmation)"},
			{Type: discordgo.ApplicationCommandOptionString, Name: "duration", Description: "Correct its duration: 90s, 2m, 1:30 (10m at most)", MaxLength: 16},
			{Type: discordgo.ApplicationCommandOptionInteger, Name: "angle", Description: "Correct its angle, in degrees from horizontal"},
			{Type: discordgo.ApplicationCommandOptionString, Name: "note", Description: "Correct its note (- clears it)", MaxLength: coach.MaxNoteLen},
		}},
		{Name: "profile", Description: "Your preferences", Subs: []Command{
			{Name: "set", Description: "Save your device, time zone, level, weekly target and how time's up reaches you", Run: f.profile.profileSet, Autocomplete: b.timezoneComplete, Options: []*discordgo.ApplicationCommandOption{
				deviceOption(),
				{Type: discordgo.ApplicationCommandOptionString, Name: "timezone", Description: "Your time zone, such as Europe/Berlin", Autocomplete: true, MaxLength: 64},
				{Type: discordgo.ApplicationCommandOptionString, Name: "level", Description: "Your experience with inversion", Choices: levelChoices()},
				weeklyOption(),
				{Type: discordgo.ApplicationCommandOptionString, Name: "notify", Description: "How time's up reaches you: dm (default) or channel", Choices: []*discordgo.ApplicationCommandOptionChoice{
					{Name: "dm", Value: string(coach.NotifyDM)}, {Name: "channel", Value: string(coach.NotifyChannel)},
				}},
			}},
			{Name: "show", Description: "Show your saved preferences", Run: f.profile.profileShow},
		}},
		{Name: "data", Description: "Your data", Subs: []Command{
			{Name: "export", Description: "Download everything Hangtime stores about you", Run: f.data.dataExport, Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionString, Name: "format", Description: "json or csv (default json)", Choices: []*discordgo.ApplicationCommandOptionChoice{
					{Name: "json", Value: "json"}, {Name: "csv", Value: "csv"},
				}},
			}},
			{Name: "import", Description: "Restore a JSON export into your account", Run: f.data.dataImport, Options: []*discordgo.ApplicationCommandOption{dataImportOption()}},
			{Name: "forget", Description: "Delete everything Hangtime stores about you", Run: f.data.dataForget, Components: []Component{f.data.forgetComponent()}},
		}},
		{Name: "help", Description: "What Hangtime does and how to start", Run: b.help},
		{Name: "stats", Description: "Your totals, streaks, consistency and a chart of minutes per day", Run: f.stats.stats, Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionString, Name: "period", Description: "week (last 7 days, the default), month (last 30) or all", Choices: periodChoices()},
		}},
		{Name: "plan", Description: "Today's suggested hang, your next step and why", Run: f.plan.plan},
		{Name: "streak", Description: "Rest days and pauses that keep your streak", Subs: []Command{
			{Name: "rest", Description: "Mark a rest day (1 per week), today or one of the last 7 days; your streak is kept", Run: f.streak.streakRest, Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionString, Name: "day", Description: "today (default), yesterday, a weekday such as mon, or 2026-11-24; at most 7 days back", MaxLength: 16},
			}},
			{Name: "pause", Description: "Pause your streak from today while injured or ill", Run: f.streak.streakPause, Options: []*discordgo.ApplicationCommandOption{pauseDaysOption()}},
			{Name: "resume", Description: "End your streak pause; your streak is kept", Run: f.streak.streakResume},
		}},
		groupCommand(f.group),
		leaderboardCommand(f.group),
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
		names, descs := localized("name:", c.Name), localized("desc:", c.Description)
		ac := &discordgo.ApplicationCommand{
			Type:                     discordgo.ChatApplicationCommand,
			Name:                     c.Name,
			NameLocalizations:        &names,
			Description:              c.Description,
			DescriptionLocalizations: &descs,
			Options:                  localizeOptions(c.Options),
			DefaultMemberPermissions: c.Permissions,
		}
		for _, s := range c.Subs {
			ac.Options = append(ac.Options, &discordgo.ApplicationCommandOption{
				Type: discordgo.ApplicationCommandOptionSubCommand, Name: s.Name, Description: s.Description, Options: localizeOptions(s.Options),
				NameLocalizations: localized("name:", s.Name), DescriptionLocalizations: localized("desc:", s.Description),
			})
		}
		out = append(out, ac)
	}
	return out
}

func (b *Bot) timezoneComplete(ctx context.Context, req *Request) (Reply, error) {
	var choices []*discordgo.ApplicationCommandOptionChoice
	if req.Focused == "timezone" {
		q := req.Options.String("timezone")
		// An abbreviation such as EST offers the zones it may mean first.
		zones := append(coach.ZoneAbbreviation(q), coach.MatchZones(b.zones, q, 25)...)
		seen := map[string]bool{}
		for _, z := range zones {
			if !seen[z] && len(choices) < 25 {
				seen[z] = true
				choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: z, Value: z})
			}
		}
	}
	if choices == nil {
		choices = []*discordgo.ApplicationCommandOptionChoice{}
	}
	return Reply{Choices: choices}, nil
}

// localizeOptions copies options with their names, descriptions and
// choices localized into every language but English (the default).
func localizeOptions(opts []*discordgo.ApplicationCommandOption) []*discordgo.ApplicationCommandOption {
	if opts == nil {
		return nil
	}
	out := make([]*discordgo.ApplicationCommandOption, len(opts))
	for i, o := range opts {
		c := *o
		c.NameLocalizations, c.DescriptionLocalizations = localized("opt:", o.Name), localized("desc:", o.Description)
		c.Options = localizeOptions(o.Options)
		if o.Choices != nil {
			c.Choices = make([]*discordgo.ApplicationCommandOptionChoice, len(o.Choices))
			for j, ch := range o.Choices {
				cc := *ch
				cc.NameLocalizations = localized("choice:", ch.Name)
				c.Choices[j] = &cc
			}
		}
		out[i] = &c
	}
	return out
}

// localized is a piece of the command table in every language that
// translates it, by Discord locale.
func localized(kind, english string) map[discordgo.Locale]string {
	m := map[discordgo.Locale]string{}
	for i := range languages[1:] {
		t := translators[languages[i+1].tag.String()]
		if s := t.reg(kind, english); s != english || t.has(kind+english) {
			m[t.Locale()] = s
		}
	}
	return m
}
