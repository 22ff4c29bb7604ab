package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/hangtime/hangtime/coach"
)

// GroupStore keeps servers' accountability groups, their members, and the
// digests, recaps and shout-outs posted.
type GroupStore interface {
	// SaveGroup creates or updates the group and replaces its pending
	// digest and recap jobs with jobs.
	SaveGroup(ctx context.Context, g coach.Group, jobs []coach.Job, now time.Time) error
	Group(ctx context.Context, guildID string) (coach.Group, bool, error)
	MemberGroups(ctx context.Context, userID string) ([]coach.Group, error)
	Membership(ctx context.Context, guildID, userID string) (coach.Member, bool, error)
	// JoinGroup reports false, changing nothing, for a member already.
	JoinGroup(ctx context.Context, guildID, userID string, nudges bool, now time.Time) (bool, error)
	SetNudges(ctx context.Context, guildID, userID string, nudges bool) (bool, error)
	LeaveGroup(ctx context.Context, guildID, userID string) (bool, error)
	GroupMembers(ctx context.Context, guildID string) ([]coach.Member, error)
	// GroupActivity reads the members' (or only the listed members')
	// sessions in [since, until), rest days and pauses, in a fixed number
	// of queries.
	GroupActivity(ctx context.Context, guildID string, since, until time.Time, only []string) (map[string]*coach.Activity, error)
	GroupPosted(ctx context.Context, key string) (bool, error)
	RecordGroupPost(ctx context.Context, key, guildID, messageID string, now time.Time) (bool, error)
	AddJob(ctx context.Context, j coach.Job, now time.Time) (int64, bool, error)
}

// defaultDigestMinute is the digest time of a group set up without one.
const defaultDigestMinute = 20 * 60

// canManageServer is what /group setup requires of the member. Discord's
// default_member_permissions would hide the whole /group command (join
// included) from ordinary members, so the bot checks it itself.
const canManageServer = discordgo.PermissionManageGuild | discordgo.PermissionAdministrator

func groupCommand(b *Bot) Command {
	return Command{Name: "group", Description: "This server's accountability group: digest, leaderboard, nudges", Subs: []Command{
		{Name: "setup", Description: "Set the group's channel, digest time and time zone (Manage Server)", Run: b.groupSetup, Autocomplete: b.timezoneComplete,
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionChannel, Name: "channel", Description: "Where the daily digest, weekly recap and shout-outs go", Required: true,
					ChannelTypes: []discordgo.ChannelType{discordgo.ChannelTypeGuildText, discordgo.ChannelTypeGuildNews}},
				{Type: discordgo.ApplicationCommandOptionString, Name: "digest", Description: "Daily digest time, local HH:MM such as 20:00 (default 20:00)", MaxLength: 8},
				{Type: discordgo.ApplicationCommandOptionString, Name: "timezone", Description: "The group's time zone, such as Europe/Berlin", Autocomplete: true, MaxLength: 64},
			}},
		{Name: "join", Description: "Opt in to the group's digest and leaderboard", Run: b.groupJoin, Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionBoolean, Name: "nudges", Description: "Mention me in the digest on days I have not hung yet (default off)"},
		}},
		{Name: "leave", Description: "Leave the group's digest, leaderboard and nudges", Run: b.groupLeave},
		{Name: "show", Description: "The group's channel, digest time, time zone and members", Run: b.groupShow},
	}}
}

func leaderboardCommand(b *Bot) Command {
	return Command{Name: "leaderboard", Description: "This server's group by minutes and streak", Run: b.leaderboard, Options: []*discordgo.ApplicationCommandOption{
		{Type: discordgo.ApplicationCommandOptionString, Name: "period", Description: "week (last 7 days, the default) or month (last 30)", Choices: []*discordgo.ApplicationCommandOptionChoice{
			{Name: coach.PeriodWeek, Value: coach.PeriodWeek}, {Name: coach.PeriodMonth, Value: coach.PeriodMonth},
		}},
	}}
}

const (
	msgGroupInDM = "Groups belong to a server: run this command in the server whose group you mean."
	msgNoGroup   = "This server has no accountability group yet. Someone with the **Manage Server** permission can start one with `/group setup channel:`."
)

// serverGroup returns the group of the server the request came from.
func (b *Bot) serverGroup(ctx context.Context, req *Request) (coach.Group, error) {
	if req.GuildID == "" {
		return coach.Group{}, userErr(msgGroupInDM)
	}
	g, ok, err := b.store.Group(ctx, req.GuildID)
	if err != nil {
		return g, err
	}
	if !ok {
		return g, userErr(msgNoGroup)
	}
	return g, nil
}

// whenText renders a group's digest time: "20:00 (Europe/Berlin)".
func whenText(g coach.Group) string {
	return fmt.Sprintf("**%s** (%s)", coach.FormatClock(g.DigestMinute), g.Timezone)
}

func (b *Bot) groupSetup(ctx context.Context, req *Request) (Reply, error) {
	if req.GuildID == "" {
		return Reply{}, userErr(msgGroupInDM)
	}
	if req.Permissions&canManageServer == 0 {
		return Reply{}, userErr("Setting up the group needs the **Manage Server** permission. Ask a server admin to run `/group setup`; anyone can `/group join` once it exists. Nothing was changed.")
	}
	channelID := req.Options.String("channel")
	if channelID == "" {
		return Reply{}, userErr("⚠️ **channel** is required: pick the channel for the daily digest.")
	}
	old, had, err := b.store.Group(ctx, req.GuildID)
	if err != nil {
		return Reply{}, err
	}
	g := coach.Group{GuildID: req.GuildID, ChannelID: channelID, DigestMinute: defaultDigestMinute, Timezone: "UTC", CreatedBy: req.UserID}
	if had {
		g.DigestMinute, g.Timezone, g.CreatedBy = old.DigestMinute, old.Timezone, old.CreatedBy
	} else if p, err := b.profileOf(ctx, req); err != nil {
		return Reply{}, err
	} else if p.Timezone != "" {
		g.Timezone = p.Timezone
	}
	if s := req.Options.String("digest"); s != "" {
		if g.DigestMinute, err = coach.ParseClock("digest", s); err != nil {
			return Reply{}, err
		}
	}
	if s := req.Options.String("timezone"); s != "" {
		if _, g.Timezone, err = coach.ParseTimezone("timezone", s); err != nil {
			return Reply{}, err
		}
	}
	now := b.now()
	loc := g.Location()
	first := coach.NextDigest(coach.DayOf(now, loc).AddDays(-1), g.DigestMinute, loc, now)
	at := coach.DigestAt(first, g.DigestMinute, loc)

	// Posting the announcement is the proof that the bot can post there.
	if b.outbox == nil {
		return Reply{}, userErr("Hangtime cannot post messages from here, so it cannot run a group. Nothing was saved.")
	}
	announce := Reply{Content: fmt.Sprintf("📌 Hangtime will post the daily digest here at %s, the first one %s, and a weekly recap on Sundays. "+
		"Membership is opt-in: `/group join` to appear in the digest and on the leaderboard, `/group join nudges:true` for a gentle mention on days you have not hung yet.",
		whenText(g), ts(at, "R"))}
	if _, err := b.outbox.Send(ctx, channelID, announce, setupNonce(req.ID)); err != nil {
		if errors.Is(err, ErrNoAccess) {
			return Reply{}, userErr("I can't post in <#%s>: give Hangtime the **View Channel**, **Send Messages** and **Embed Links** permissions there, or pick another channel. Nothing was saved.", channelID)
		}
		return Reply{}, err
	}
	// Each digest queues the next one when it runs. The one after the first
	// is queued too, in case the first's key belongs to a digest running
	// right now (which then posts with the old time) that already queued
	// its successor, withdrawn here: the chain must not break.
	sunday := coach.NextRecap(first, g.DigestMinute, loc, now)
	jobs := []coach.Job{digestJob(g, first), digestJob(g, first.AddDays(1)), recapJob(g, sunday), recapJob(g, sunday.AddDays(7))}
	if err := b.store.SaveGroup(ctx, g, jobs, now); err != nil {
		return Reply{}, err
	}
	verb := "is set up"
	if had {
		verb = "is updated"
	}
	return Reply{Ephemeral: true, Content: fmt.Sprintf("✅ The group %s: the daily digest goes to <#%s> at %s, the first one %s, with a weekly recap on Sundays. "+
		"Members opt in with `/group join`.", verb, channelID, whenText(g), ts(at, "f"))}, nil
}

// setupNonce derives the announcement's nonce from the interaction, so a
// redelivered setup does not announce twice.
func setupNonce(interactionID string) string {
	if len(interactionID) > 23 {
		interactionID = interactionID[len(interactionID)-23:]
	}
	return "gs" + interactionID
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

func (b *Bot) groupJoin(ctx context.Context, req *Request) (Reply, error) {
	g, err := b.serverGroup(ctx, req)
	if err != nil {
		return Reply{}, err
	}
	nudges, given := req.Options.Bool("nudges")
	m, member, err := b.store.Membership(ctx, req.GuildID, req.UserID)
	if err != nil {
		return Reply{}, err
	}
	if member && given && nudges != m.Nudges {
		if _, err := b.store.SetNudges(ctx, req.GuildID, req.UserID, nudges); err != nil {
			return Reply{}, err
		}
		return Reply{Ephemeral: true, Content: fmt.Sprintf("🔔 You were already in the group; your nudges are now **%s**.", onOff(nudges))}, nil
	}
	if !member {
		joined, err := b.store.JoinGroup(ctx, req.GuildID, req.UserID, nudges, b.now())
		if err != nil {
			return Reply{}, err
		}
		member = !joined
		m.Nudges = nudges
	}
	if member {
		return Reply{}, userErr("You're already in this server's group (nudges %s). Nothing changed: `/group join nudges:%v` turns nudges %s, `/group leave` leaves.",
			onOff(m.Nudges), !m.Nudges, onOff(!m.Nudges))
	}
	text := fmt.Sprintf("👋 Welcome to the group! You'll appear in the daily digest in <#%s> at %s and on `/leaderboard`. ", g.ChannelID, whenText(g))
	if nudges {
		text += "Nudges are **on**: the digest mentions you on days you have not hung yet."
	} else {
		text += "Nudges are **off**; `/group join nudges:true` turns them on."
	}
	return Reply{Ephemeral: true, Content: text + " `/group leave` leaves any time."}, nil
}

func (b *Bot) groupLeave(ctx context.Context, req *Request) (Reply, error) {
	if _, err := b.serverGroup(ctx, req); err != nil {
		return Reply{}, err
	}
	left, err := b.store.LeaveGroup(ctx, req.GuildID, req.UserID)
	if err != nil {
		return Reply{}, err
	}
	if !left {
		return Reply{}, userErr("You're not in this server's group, so there is nothing to leave. `/group join` opts in.")
	}
	return Reply{Ephemeral: true, Content: "You've left the group: from now on you're not in its digest, leaderboard or nudges. Your own hangs and streaks are kept."}, nil
}

func (b *Bot) groupShow(ctx context.Context, req *Request) (Reply, error) {
	g, err := b.serverGroup(ctx, req)
	if err != nil {
		return Reply{}, err
	}
	members, err := b.store.GroupMembers(ctx, g.GuildID)
	if err != nil {
		return Reply{}, err
	}
	now := b.now()
	loc := g.Location()
	next := coach.DigestAt(coach.NextDigest(coach.DayOf(now, loc).AddDays(-1), g.DigestMinute, loc, now), g.DigestMinute, loc)
	var desc strings.Builder
	fmt.Fprintf(&desc, "**Channel:** <#%s>\n**Daily digest:** %s — next %s\n**Weekly recap:** Sundays, after the digest\n", g.ChannelID, whenText(g), ts(next, "R"))
	you := "You're not a member: `/group join` opts in."
	names := make([]string, len(members))
	for i, m := range members {
		names[i] = mention(m.UserID)
		if m.UserID == req.UserID {
			you = fmt.Sprintf("You're a member, with nudges **%s**.", onOff(m.Nudges))
		}
	}
	fmt.Fprintf(&desc, "**Members (%d):** ", len(members))
	if len(members) == 0 {
		desc.WriteString("none yet")
	} else {
		list, _ := coach.FitLines(names, ", ", 800, func(n int) string { return fmt.Sprintf("and %d more", n) })
		desc.WriteString(list)
	}
	desc.WriteString("\n\n" + you)
	return Reply{Ephemeral: true, Embeds: []*discordgo.MessageEmbed{{Title: "👥 Accountability group", Description: desc.String(), Color: colorBrand,
		Footer: &discordgo.MessageEmbedFooter{Text: "Days are counted in " + g.Timezone + "; streaks in each member's own time zone."}}}}, nil
}

func (b *Bot) leaderboard(ctx context.Context, req *Request) (Reply, error) {
	period := strings.ToLower(strings.TrimSpace(req.Options.String("period")))
	if period == "" {
		period = coach.PeriodWeek
	}
	if period != coach.PeriodWeek && period != coach.PeriodMonth {
		return Reply{}, &coach.InputError{Field: "period", Problem: fmt.Sprintf("%q is not a period", period), Accepted: "choose week or month"}
	}
	g, err := b.serverGroup(ctx, req)
	if err != nil {
		return Reply{}, err
	}
	now := b.now()
	loc := g.Location()
	start, err := coach.PeriodStart(period, coach.DayOf(now, loc))
	if err != nil {
		return Reply{}, err
	}
	st, err := b.standings(ctx, g.GuildID, start.Start(loc), now, now)
	if err != nil {
		return Reply{}, err
	}
	if len(st) == 0 {
		return Reply{}, userErr("The group has no members yet: `/group join` to be the first.")
	}
	span := map[string]string{coach.PeriodWeek: "in the last 7 days", coach.PeriodMonth: "in the last 30 days"}[period]
	board := coach.Leaderboard(st)
	desc := boardSummary(board, len(st), span) + "\n\n" + boardText(board, descBudget-600)
	desc += "\n\n" + yourRank(board, st, req.UserID)
	return Reply{Embeds: []*discordgo.MessageEmbed{{
		Title:       "🏆 Leaderboard — " + strings.TrimPrefix(span, "in the "),
		Description: desc,
		Color:       colorOK,
		Footer:      &discordgo.MessageEmbedFooter{Text: "Ranked by time inverted, then streak. Days are counted in " + g.Timezone + "."},
	}}}, nil
}

// yourRank says where the caller stands.
func yourRank(board, all []coach.Standing, userID string) string {
	for i, s := range board {
		if s.UserID == userID {
			return fmt.Sprintf("**You:** #%d · %s · %s%s", i+1, formatTotal(s.Total), plural(s.Hangs, "hang"), streakBadge(s.Streak))
		}
	}
	for _, s := range all {
		if s.UserID == userID {
			return "**You:** no hangs in this period yet — a minute counts."
		}
	}
	return "You're not in the group: `/group join` to take part."
}

// afterLog runs after req's user logged a hang: when their streak has just
// reached a milestone (7, 30 or 100 days), it queues a shout-out in each
// group they are a member of, keyed by the run's first day so that each
// milestone of a run is celebrated once. The hang is saved whatever happens
// here, so failures are logged, not returned. A request whose profile was
// read knows already whether the user is in any group.
func (b *Bot) afterLog(ctx context.Context, req *Request) {
	userID := req.UserID
	if req.profile != nil && !req.inGroups {
		return
	}
	groups, err := b.store.MemberGroups(ctx, userID)
	if err != nil || len(groups) == 0 {
		if err != nil {
			b.log.Warn("milestone check failed", "user_id", userID, "err", err)
		}
		return
	}
	now := b.now()
	st, err := b.loadStreak(ctx, req, now)
	if err != nil {
		b.log.Warn("milestone check failed", "user_id", userID, "err", err)
		return
	}
	days, start := coach.CurrentRun(st.in)
	if !coach.IsMilestone(days) {
		return
	}
	for _, g := range groups {
		j := coach.Job{Kind: jobShoutout, UserID: userID, Key: shoutoutKey(g.GuildID, userID, days, start), Due: now,
			Payload: encodeJob(groupJob{GuildID: g.GuildID, UserID: userID, Days: days, Day: start.String()})}
		if _, _, err := b.store.AddJob(ctx, j, now); err != nil {
			b.log.Warn("queue shout-out failed", "user_id", userID, "guild_id", g.GuildID, "err", err)
		}
	}
}
