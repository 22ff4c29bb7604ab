package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/hangtime/hangtime/coach"
)

// groupStore is what groups need from storage: the groups, their members,
// the digests, recaps and shout-outs posted, and the jobs that post them.
type groupStore interface {
	// SaveGroup creates or updates the group, withdraws the pending jobs
	// whose key starts with one of replace, and queues jobs.
	SaveGroup(ctx context.Context, g coach.Group, replace []string, jobs []coach.Job, now time.Time) error
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

// groupFeature is /group, /leaderboard, the digest, recap and shout-out
// jobs, and the milestone check after every logged hang (afterLog).
type groupFeature struct {
	*Bot
	store groupStore
	streakLoader
}

// defaultDigestMinute is the digest time of a group set up without one.
const defaultDigestMinute = 20 * 60

// canManageServer is what /group setup requires of the member. Discord's
// default_member_permissions would hide the whole /group command (join
// included) from ordinary members, so the bot checks it itself.
const canManageServer = discordgo.PermissionManageGuild | discordgo.PermissionAdministrator

func groupCommand(b *groupFeature) Command {
	return Command{Name: "group", Description: "This server's accountability group: digest, leaderboard, nudges", Jobs: b.groupJobKinds(), Subs: []Command{
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

func leaderboardCommand(b *groupFeature) Command {
	return Command{Name: "leaderboard", Description: "This server's group by days hung, then streak", Public: true, Run: b.leaderboard, Options: []*discordgo.ApplicationCommandOption{
		{Type: discordgo.ApplicationCommandOptionString, Name: "period", Description: "week (last 7 days, the default) or month (last 30)", Choices: []*discordgo.ApplicationCommandOptionChoice{
			{Name: coach.PeriodWeek, Value: coach.PeriodWeek}, {Name: coach.PeriodMonth, Value: coach.PeriodMonth},
		}},
	}}
}

// serverGroup returns the group of the server the request came from.
func (b *groupFeature) serverGroup(ctx context.Context, req *Request) (coach.Group, error) {
	if req.GuildID == "" {
		return coach.Group{}, userKey("group.in_dm")
	}
	g, ok, err := b.store.Group(ctx, req.GuildID)
	if err != nil {
		return g, err
	}
	if !ok {
		return g, userKey("group.none")
	}
	return g, nil
}

// whenText renders a group's digest time: "20:00 (Europe/Berlin)".
func whenText(g coach.Group) string {
	return fmt.Sprintf("**%s** (%s)", coach.FormatClock(g.DigestMinute), g.Timezone)
}

func (b *groupFeature) groupSetup(ctx context.Context, req *Request) (Reply, error) {
	if req.GuildID == "" {
		return Reply{}, userKey("group.in_dm")
	}
	if req.Permissions&canManageServer == 0 {
		return Reply{}, userKey("group.needs_manage")
	}
	channelID := req.Options.String("channel")
	if channelID == "" {
		return Reply{}, userKey("group.channel_required")
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
		return Reply{}, userKey("group.no_outbox")
	}
	// The announcement is a group post: in the server's language.
	announce := Reply{Content: trFor(req.GuildLocale).S("group.announce", whenText(g), ts(at, "R"))}
	if _, err := b.outbox.Send(ctx, channelID, announce, setupNonce(req.ID)); err != nil {
		if errors.Is(err, ErrNoAccess) {
			return Reply{}, userKey("group.cannot_post", "<#"+channelID+">")
		}
		return Reply{}, err
	}
	// Each digest queues the next one when it runs. The one after the first
	// is queued too, in case the first's key belongs to a digest running
	// right now (which then posts with the old time) that already queued
	// its successor, withdrawn here: the chain must not break.
	sunday := coach.NextRecap(first, g.DigestMinute, loc, now)
	jobs := []coach.Job{digestJob(g, first), digestJob(g, first.AddDays(1)), recapJob(g, sunday), recapJob(g, sunday.AddDays(7))}
	if err := b.store.SaveGroup(ctx, g, []string{digestKeys(g.GuildID), recapKeys(g.GuildID)}, jobs, now); err != nil {
		return Reply{}, err
	}
	// The server's locale now has a row to go in: store it after this
	// reply (rememberLocales) even if it was tried without one just now.
	b.locales.Delete("g:" + g.GuildID)
	key := "group.set_up"
	if had {
		key = "group.updated"
	}
	return Reply{Ephemeral: true, Content: req.T().S(key, "<#"+channelID+">", whenText(g), ts(at, "f"))}, nil
}

// setupNonce derives the announcement's nonce from the interaction, so a
// redelivered setup does not announce twice.
func setupNonce(interactionID string) string {
	if len(interactionID) > 23 {
		interactionID = interactionID[len(interactionID)-23:]
	}
	return "gs" + interactionID
}

func onOff(t *Tr, b bool) string {
	if b {
		return t.S("group.on")
	}
	return t.S("group.off")
}

func (b *groupFeature) groupJoin(ctx context.Context, req *Request) (Reply, error) {
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
		return Reply{Ephemeral: true, Content: req.T().S("group.nudges_now", onOff(req.T(), nudges))}, nil
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
		return Reply{}, userKey("group.already", onOff(req.T(), m.Nudges), strconv.FormatBool(!m.Nudges), onOff(req.T(), !m.Nudges))
	}
	t := req.T()
	text := t.S("group.welcome", "<#"+g.ChannelID+">", whenText(g)) + " "
	if nudges {
		text += t.S("group.nudges_on")
	} else {
		text += t.S("group.nudges_off")
	}
	return Reply{Ephemeral: true, Content: text + " " + t.S("group.leave_any")}, nil
}

func (b *groupFeature) groupLeave(ctx context.Context, req *Request) (Reply, error) {
	if _, err := b.serverGroup(ctx, req); err != nil {
		return Reply{}, err
	}
	left, err := b.store.LeaveGroup(ctx, req.GuildID, req.UserID)
	if err != nil {
		return Reply{}, err
	}
	if !left {
		return Reply{}, userKey("group.not_member")
	}
	return Reply{Ephemeral: true, Content: req.T().S("group.left")}, nil
}

func (b *groupFeature) groupShow(ctx context.Context, req *Request) (Reply, error) {
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
	t := req.T()
	var desc strings.Builder
	desc.WriteString(t.S("group.show_head", "<#"+g.ChannelID+">", whenText(g), ts(next, "R")) + "\n")
	you := t.S("group.show_not_member")
	names := make([]string, len(members))
	for i, m := range members {
		names[i] = mention(m.UserID)
		if m.UserID == req.UserID {
			you = t.S("group.show_member", onOff(t, m.Nudges))
		}
	}
	desc.WriteString(t.S("group.members", len(members)) + " ")
	if len(members) == 0 {
		desc.WriteString(t.S("group.members_none"))
	} else {
		list, _ := fitLines(names, ", ", 800, func(n int) string { return t.S("group.and_more", n) })
		desc.WriteString(list)
	}
	desc.WriteString("\n\n" + you)
	return Reply{Ephemeral: true, Embeds: []*discordgo.MessageEmbed{{Title: t.S("group.show_title"), Description: desc.String(), Color: colorBrand,
		Footer: &discordgo.MessageEmbedFooter{Text: t.S("group.show_footer", g.Timezone)}}}}, nil
}

func (b *groupFeature) leaderboard(ctx context.Context, req *Request) (Reply, error) {
	period := strings.ToLower(strings.TrimSpace(req.Options.String("period")))
	if period == "" {
		period = coach.PeriodWeek
	}
	if period != coach.PeriodWeek && period != coach.PeriodMonth {
		return Reply{}, inputErr("period", "in.not_period", []any{period}, "in.board_periods")
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
		return Reply{}, userKey("group.no_members")
	}
	t := req.T()
	span, title := t.S("board.last7"), t.S("board.title7")
	if period == coach.PeriodMonth {
		span, title = t.S("board.last30"), t.S("board.title30")
	}
	board := coach.Leaderboard(st)
	desc := boardSummary(t, board, len(st), span) + "\n\n" + boardText(t, board, descBudget-600)
	desc += "\n\n" + yourRank(t, board, st, req.UserID)
	return Reply{Embeds: []*discordgo.MessageEmbed{{
		Title:       title,
		Description: desc,
		Color:       colorOK,
		Footer:      &discordgo.MessageEmbedFooter{Text: t.S("board.footer", g.Timezone)},
	}}}, nil
}

// yourRank says where the caller stands.
func yourRank(t *Tr, board, all []coach.Standing, userID string) string {
	for i, s := range board {
		if s.UserID == userID {
			return t.S("board.you", strconv.Itoa(i+1), t.S("unit.days", s.Days), formatTotal(t, s.Total), t.S("unit.hangs", s.Hangs), streakBadge(t, s))
		}
	}
	for _, s := range all {
		if s.UserID == userID {
			return t.S("board.you_none")
		}
	}
	return t.S("board.not_member")
}

// afterLog runs after the user logged the hang s: it returns the text of
// the personal milestones the hang reached (empty for none), and when their
// streak has just reached a group milestone (7, 30 or 100 days; 4, 12 or 52
// weeks) it queues a shout-out in each group they are a member of, keyed by
// the run's first day so that each milestone of a run is celebrated once.
// The hang is saved whatever happens here, so failures are logged, not
// returned.
func (b *groupFeature) afterLog(ctx context.Context, t *Tr, userID string, known *coach.Profile, s coach.Session) string {
	if s.Duration <= 0 {
		return "" // nothing was logged
	}
	now := b.now()
	st, err := b.loadStreak(ctx, userID, known, now)
	if err != nil {
		b.log.Warn("milestone check failed", "user_id", userID, "err", err)
		return ""
	}
	reached := coach.Reached(st.in, s.Start)
	groups, err := b.store.MemberGroups(ctx, userID)
	if err != nil {
		b.log.Warn("milestone check failed", "user_id", userID, "err", err)
	}
	if len(groups) > 0 {
		if days, start := coach.CurrentRun(st.in); coach.IsStreakMilestone(st.in.Plan, days) {
			for _, g := range groups {
				if _, _, err := b.store.AddJob(ctx, shoutoutJob(g.GuildID, userID, days, st.in.Plan.ByWeek(), start, now), now); err != nil {
					b.log.Warn("queue shout-out failed", "user_id", userID, "guild_id", g.GuildID, "err", err)
				}
			}
		}
	}
	return milestoneText(t, reached)
}

// milestoneText renders personal milestones, one line each after a blank
// line; empty for none.
func milestoneText(t *Tr, ms []coach.Milestone) string {
	var sb strings.Builder
	for _, m := range ms {
		switch m.Kind {
		case coach.StreakMilestone:
			key := "milestone.streak_days"
			if m.ByWeek {
				key = "milestone.streak_weeks"
			}
			sb.WriteString("\n" + t.S(key, m.N))
		case coach.HangsMilestone:
			sb.WriteString("\n" + t.S("milestone.hang", t.Ordinal(m.N)))
		case coach.FirstWeekMilestone:
			sb.WriteString("\n" + t.S("milestone.first_week"))
		}
	}
	return sb.String()
}

// ordinal renders 10 as "10th".
func ordinal(n int) string {
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return fmt.Sprint(n) + suffix
}
