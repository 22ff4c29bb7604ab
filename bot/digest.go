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

// Job kinds of group automation. Their keys (digestKey, recapKey,
// shoutoutKey) are also the keys of group_posts, which records each one
// posted. They go out after hangs and reminders (laneGroup): they have
// hours of grace.
const (
	jobDigest   = "digest"
	jobRecap    = "recap"
	jobShoutout = "shoutout"
	laneGroup   = coach.LaneBulk
)

const (
	// digestGrace is how late a digest, recap or shout-out missed while
	// Hangtime was down is still posted; a later one is skipped as missed.
	digestGrace = 2 * time.Hour
	// maxNudges caps whom one digest pings: Discord's allowed mentions take
	// at most 100 users, and a wall of pings is no gentle nudge. Who is
	// left out changes from day to day (coach.MakeDigest).
	maxNudges = 25
	// streakLookback is how far back a digest first reads the members'
	// sessions; only members whose streak reaches further get their whole
	// history read, in one more pass.
	streakLookback = 45 * 24 * time.Hour
	// Budgets under Discord's limits (2,000 characters of content, 4,096
	// of an embed description, 6,000 in all embeds), with room to spare.
	contentBudget = 1900
	descBudget    = 3900
	// boardSize is how many members a leaderboard ranks by name, and
	// listSize how many a digest lists in each of its parts.
	boardSize = 15
	listSize  = 20
)

// groupJob is the payload of digest, recap and shout-out jobs. A digest or
// recap runs with the group's settings as they are when it runs; /group
// setup withdraws the pending ones it replaces.
type groupJob struct {
	GuildID string `json:"guild_id"`
	// Day is the digest's day, the Sunday that closes a recap's week, or
	// the first day of a shout-out's streak.
	Day    string `json:"day"`
	UserID string `json:"user_id,omitempty"` // shout-outs
	Days   int    `json:"days,omitempty"`
	// Weeks marks a shout-out whose Days count weeks of a weekly target.
	Weeks bool `json:"weeks,omitempty"`
}

// groupJobKinds are the job kinds /group declares.
func (b *groupFeature) groupJobKinds() []JobKind {
	return []JobKind{jobKind(jobDigest, laneGroup, b.runDigest), jobKind(jobRecap, laneGroup, b.runRecap), jobKind(jobShoutout, laneGroup, b.runShoutout)}
}

// digestKeys and recapKeys start the keys of the guild's digests and
// recaps: what /group setup withdraws and queues again.
func digestKeys(guildID string) string { return jobDigest + ":" + guildID + ":" }
func recapKeys(guildID string) string  { return jobRecap + ":" + guildID + ":" }

func digestKey(guildID string, d coach.Day) string {
	return digestKeys(guildID) + d.String()
}

func recapKey(guildID string, sunday coach.Day) string {
	return recapKeys(guildID) + coach.WeekKey(sunday)
}

func shoutoutKey(guildID, userID string, days int, weeks bool, start coach.Day) string {
	unit := ""
	if weeks {
		unit = "w"
	}
	return fmt.Sprintf("%s:%s:%s:%d%s:%s", jobShoutout, guildID, userID, days, unit, start)
}

// digestJob is the digest of day d for group g, due at its digest time.
func digestJob(g coach.Group, d coach.Day) coach.Job {
	return newJob(jobDigest, laneGroup, "", digestKey(g.GuildID, d), coach.DigestAt(d, g.DigestMinute, g.Location()),
		groupJob{GuildID: g.GuildID, Day: d.String()})
}

// recapJob is the recap of the week that Sunday d closes, a second after
// that day's digest so that it follows it.
func recapJob(g coach.Group, d coach.Day) coach.Job {
	return newJob(jobRecap, laneGroup, "", recapKey(g.GuildID, d), coach.DigestAt(d, g.DigestMinute, g.Location()).Add(time.Second),
		groupJob{GuildID: g.GuildID, Day: d.String()})
}

// shoutoutJob celebrates, now, the user's streak of days that began on
// start, in the group of guildID; the key makes each milestone of a run
// celebrated once.
func shoutoutJob(guildID, userID string, days int, weeks bool, start coach.Day, now time.Time) coach.Job {
	return newJob(jobShoutout, laneGroup, userID, shoutoutKey(guildID, userID, days, weeks, start), now,
		groupJob{GuildID: guildID, UserID: userID, Days: days, Weeks: weeks, Day: start.String()})
}

// groupNonce makes a job's message deduplicated by Discord: the same on
// every attempt and in every process, so a crash between sending and
// recording cannot post twice.
func groupNonce(j coach.Job) string { return "grp" + strconv.FormatInt(j.ID, 36) }

// standings computes each member's standing: hangs and time in [from, to),
// and the current streak at at, counted in the member's own time zone. It
// takes a bounded number of queries whatever the group's size: the members,
// their activity since the lookback, and the whole history of only those
// whose streak reaches past it.
func (b *groupFeature) standings(ctx context.Context, guildID string, from, to, at time.Time) ([]coach.Standing, error) {
	members, err := b.store.GroupMembers(ctx, guildID)
	if err != nil || len(members) == 0 {
		return nil, err
	}
	since := at.Add(-streakLookback)
	if from.Before(since) {
		since = from
	}
	act, err := b.store.GroupActivity(ctx, guildID, since, time.Time{}, nil)
	if err != nil {
		return nil, err
	}
	out, deeper := coach.Standings(members, act, since, from, to, at)
	if len(deeper) == 0 {
		return out, nil
	}
	// The older history of those members: their sessions before since,
	// all their rest days and pauses.
	older, err := b.store.GroupActivity(ctx, guildID, time.Time{}, since, deeper)
	if err != nil {
		return nil, err
	}
	coach.DeepenStreaks(out, members, act, older, at)
	return out, nil
}

// groupDay returns the start and end of day d in the group's zone.
func groupDay(d coach.Day, loc *time.Location) (time.Time, time.Time) {
	return d.Start(loc), d.AddDays(1).Start(loc)
}

// composeDigest computes the digest of day d for group g as of at.
func (b *groupFeature) composeDigest(ctx context.Context, g coach.Group, d coach.Day, at time.Time) (Reply, bool, error) {
	from, to := groupDay(d, g.Location())
	st, err := b.standings(ctx, g.GuildID, from, to, at)
	if err != nil || len(st) == 0 {
		return Reply{}, false, err
	}
	return digestReply(b.groupTr(ctx, g.GuildID), g, d, coach.MakeDigest(d, st, maxNudges)), true, nil
}

func mention(id string) string { return "<@" + id + ">" }

func streakBadge(t *Tr, s coach.Standing) string {
	if s.Streak == 0 {
		return ""
	}
	if s.ByWeek {
		return " · 🔥 " + t.S("unit.weeks", s.Streak)
	}
	return " · 🔥 " + t.S("unit.days", s.Streak)
}

// digestReply renders a digest: the day's hangs and streaks in an embed
// (where mentions never ping), and the nudge in the content, pinging
// exactly the members it names.
func digestReply(t *Tr, g coach.Group, d coach.Day, dg coach.Digest) Reply {
	var desc strings.Builder
	if len(dg.Hung) == 0 {
		desc.WriteString(t.S("digest.nobody", t.S("unit.members", dg.Members)))
	} else {
		desc.WriteString(t.S("digest.hung", len(dg.Hung), t.S("unit.members_of", dg.Members), formatTotal(t, dg.Total)) + "\n\n**" + t.S("digest.today") + "**\n")
		shown := dg.Hung[:min(len(dg.Hung), listSize)]
		lines := make([]string, len(shown))
		for i, s := range shown {
			lines[i] = fmt.Sprintf("%d. %s · **%s**%s", i+1, mention(s.UserID), formatTotal(t, s.Total), streakBadge(t, s))
		}
		desc.WriteString(fitWithRest(t, lines, "\n", descBudget*2/3, len(dg.Hung)-len(shown)))
	}
	if len(dg.Alive) > 0 {
		head := "\n\n" + t.S("digest.alive") + "\n"
		shown := dg.Alive[:min(len(dg.Alive), listSize)]
		items := make([]string, len(shown))
		for i, s := range shown {
			items[i] = fmt.Sprintf("%s 🔥 %d", mention(s.UserID), s.Streak)
		}
		if left := descBudget - textLen(desc.String()) - textLen(head); left > 100 {
			desc.WriteString(head)
			desc.WriteString(fitWithRest(t, items, " · ", left, len(dg.Alive)-len(shown)))
		}
	}
	r := Reply{Embeds: []*discordgo.MessageEmbed{{
		Title:       t.S("digest.title", t.Day(d)),
		Description: desc.String(),
		Color:       colorBrand,
		Footer:      &discordgo.MessageEmbedFooter{Text: t.S("digest.footer", g.Timezone)},
	}}}
	r.Content, r.Mentions = nudgeText(t, dg)
	return r
}

// nudgeText names the members to nudge, as many as fit, and returns the
// ids it names: the only users the message may ping.
func nudgeText(t *Tr, dg coach.Digest) (string, []string) {
	if len(dg.Nudge) == 0 {
		return "", nil
	}
	head, tail := t.S("nudge.head"), t.S("nudge.tail")
	used := textLen(head) + textLen(tail) + 40 // room for "(and N more)"
	var ids []string
	var names []string
	for _, s := range dg.Nudge {
		m := mention(s.UserID)
		if used+textLen(m)+1 > contentBudget {
			break
		}
		used += textLen(m) + 1
		ids = append(ids, s.UserID)
		names = append(names, m)
	}
	text := head + strings.Join(names, " ")
	if more := dg.MoreNudge + len(dg.Nudge) - len(ids); more > 0 {
		text += t.S("nudge.more", more)
	}
	return text + tail, ids
}

// fitWithRest joins as many items as fit in budget and says how many are
// left out, rest more than the items given.
func fitWithRest(t *Tr, items []string, sep string, budget, rest int) string {
	more := func(n int) string { return t.S("list.more", n+rest) }
	const tailRoom = 20
	text, kept := fitLines(items, sep, budget-tailRoom, more)
	if kept == len(items) && rest > 0 {
		text += sep + more(0)
	}
	return text
}

// boardText renders ranked standings: medals for the first three, the
// first boardSize as far as they fit in budget, then a count of the rest.
func boardText(t *Tr, board []coach.Standing, budget int) string {
	shown := board[:min(len(board), boardSize)]
	lines := make([]string, len(shown))
	for i, s := range shown {
		rank := fmt.Sprintf("%d.", i+1)
		if i < 3 {
			rank = []string{"🥇", "🥈", "🥉"}[i]
		}
		lines[i] = fmt.Sprintf("%s %s · **%s** · %s · %s%s", rank, mention(s.UserID), t.S("unit.days", s.Days), formatTotal(t, s.Total), t.S("unit.hangs", s.Hangs), streakBadge(t, s))
	}
	return fitWithRest(t, lines, "\n", budget, len(board)-len(shown))
}

// boardSummary is a leaderboard's first line.
func boardSummary(t *Tr, board []coach.Standing, members int, period string) string {
	if len(board) == 0 {
		return t.S("board.nobody", t.S("unit.members", members), period)
	}
	var total time.Duration
	for _, s := range board {
		total += s.Total
	}
	return t.S("board.hung", len(board), t.S("unit.members_of", members), period, formatTotal(t, total))
}

// groupJobTarget reads a digest or recap job's day and loads its group.
// done is set, with the job's outcome, when the job ends here: an
// unreadable day, or a group that no longer exists.
func (b *groupFeature) groupJobTarget(ctx context.Context, j coach.Job, p groupJob) (day coach.Day, g coach.Group, out coach.JobOutcome, done bool, err error) {
	if day, err = coach.ParseDay("day", p.Day); err != nil {
		return day, g, coach.JobOutcome{State: coach.JobFailed, Note: english.S("note.unreadable", j.Kind)}, true, nil
	}
	g, ok, err := b.store.Group(ctx, p.GuildID)
	if err != nil {
		return day, g, out, true, err
	}
	if !ok {
		return day, g, coach.JobOutcome{State: coach.JobCancelled, Note: english.S("note.group_gone")}, true, nil
	}
	return day, g, out, false, nil
}

// runDigest is the runner of digest jobs. It first queues the group's next
// digest, then posts this one in the group channel unless it was posted
// already (another process, a retry) or is more than digestGrace late
// (then it is missed). An error means try again later, with the same nonce.
func (b *groupFeature) runDigest(ctx context.Context, j coach.Job, p groupJob, now time.Time) (coach.JobOutcome, error) {
	d, g, out, done, err := b.groupJobTarget(ctx, j, p)
	if done || err != nil {
		return out, err
	}
	loc := g.Location()
	if _, _, err := b.store.AddJob(ctx, digestJob(g, coach.NextDigest(d.AddDays(1), g.DigestMinute, loc, now.Add(-digestGrace))), now); err != nil {
		return coach.JobOutcome{}, err
	}
	return b.postOnce(ctx, j, g, coach.DigestAt(d, g.DigestMinute, loc), now, func(at time.Time) (Reply, bool, error) {
		return b.composeDigest(ctx, g, d, at)
	})
}

// runRecap is the runner of weekly recap jobs; it behaves as runDigest,
// for the week (Monday to Sunday) that the job's Sunday closes.
func (b *groupFeature) runRecap(ctx context.Context, j coach.Job, p groupJob, now time.Time) (coach.JobOutcome, error) {
	sunday, g, out, done, err := b.groupJobTarget(ctx, j, p)
	if done || err != nil {
		return out, err
	}
	loc := g.Location()
	if _, _, err := b.store.AddJob(ctx, recapJob(g, coach.NextRecap(sunday.AddDays(1), g.DigestMinute, loc, now.Add(-digestGrace))), now); err != nil {
		return coach.JobOutcome{}, err
	}
	return b.postOnce(ctx, j, g, coach.DigestAt(sunday, g.DigestMinute, loc), now, func(at time.Time) (Reply, bool, error) {
		monday := sunday.AddDays(-6)
		from, _ := groupDay(monday, loc)
		_, to := groupDay(sunday, loc)
		st, err := b.standings(ctx, g.GuildID, from, to, at)
		if err != nil || len(st) == 0 {
			return Reply{}, false, err
		}
		board := coach.Leaderboard(st)
		t := b.groupTr(ctx, g.GuildID)
		return Reply{Embeds: []*discordgo.MessageEmbed{{
			Title:       t.S("recap.title", t.Day(monday), t.Day(sunday)),
			Description: boardSummary(t, board, len(st), t.S("board.this_week")) + "\n\n" + boardText(t, board, descBudget-300),
			Color:       colorOK,
			Footer:      &discordgo.MessageEmbedFooter{Text: t.S("recap.footer", g.Timezone)},
		}}}, true, nil
	})
}

// runShoutout is the runner of milestone shout-out jobs: it congratulates
// the member in the group channel, once, if they are still a member.
func (b *groupFeature) runShoutout(ctx context.Context, j coach.Job, p groupJob, now time.Time) (coach.JobOutcome, error) {
	g, ok, err := b.store.Group(ctx, p.GuildID)
	if err != nil {
		return coach.JobOutcome{}, err
	}
	if !ok {
		return coach.JobOutcome{State: coach.JobCancelled, Note: english.S("note.group_gone")}, nil
	}
	_, member, err := b.store.Membership(ctx, p.GuildID, p.UserID)
	if err != nil {
		return coach.JobOutcome{}, err
	}
	if !member {
		return coach.JobOutcome{State: coach.JobCancelled, Note: english.S("note.not_member")}, nil
	}
	return b.postOnce(ctx, j, g, j.Due, now, func(time.Time) (Reply, bool, error) {
		key := "shoutout.days"
		if p.Weeks {
			key = "shoutout.weeks"
		}
		return Reply{Content: b.groupTr(ctx, g.GuildID).S(key, p.Days, mention(p.UserID))}, true, nil
	})
}

// postOnce posts what compose makes as job j in g's channel, exactly once
// per job key: a key already recorded is not posted again, a post more
// than digestGrace after at is missed, and the message carries the job's
// nonce, so a retry after a crash between sending and recording returns
// the first message instead of posting a second.
func (b *groupFeature) postOnce(ctx context.Context, j coach.Job, g coach.Group, at, now time.Time, compose func(at time.Time) (Reply, bool, error)) (coach.JobOutcome, error) {
	posted, err := b.store.GroupPosted(ctx, j.Key)
	if err != nil {
		return coach.JobOutcome{}, err
	}
	if posted {
		return coach.JobOutcome{State: coach.JobDone, Note: english.S("note.already_posted")}, nil
	}
	late := now.Sub(at)
	if late > digestGrace {
		return coach.JobOutcome{State: coach.JobMissed, Note: english.S("note.missed")}, nil
	}
	if b.outbox == nil {
		return coach.JobOutcome{State: coach.JobUndeliverable, Note: noOutboxNote}, nil
	}
	r, ok, err := compose(now)
	if err != nil {
		return coach.JobOutcome{}, err
	}
	if !ok {
		return coach.JobOutcome{State: coach.JobDone, Note: english.S("note.no_members")}, nil
	}
	id, err := b.outbox.Send(ctx, g.ChannelID, r, groupNonce(j))
	if errors.Is(err, ErrNoAccess) {
		b.log.Warn("group channel unreachable", "guild_id", g.GuildID, "channel_id", g.ChannelID, "job", j.Kind, "err", err)
		return coach.JobOutcome{State: coach.JobUndeliverable, Note: english.S("note.cannot_post_group", g.ChannelID)}, nil
	}
	if err != nil {
		return coach.JobOutcome{}, err
	}
	if _, err := b.store.RecordGroupPost(ctx, j.Key, g.GuildID, id, now); err != nil {
		return coach.JobOutcome{}, err
	}
	if late > time.Minute {
		return coach.JobOutcome{State: coach.JobDone, Note: english.S("note.posted_late")}, nil
	}
	return coach.JobOutcome{State: coach.JobDone}, nil
}
