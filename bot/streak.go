package bot

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/hangtime/hangtime/coach"
)

// StreakStore keeps the rest days and pauses that keep a streak alive.
type StreakStore interface {
	AddRest(ctx context.Context, userID string, day coach.Day, now time.Time) error
	Rests(ctx context.Context, userID string) ([]coach.Day, error)
	// StartPause stores p unless a pause of the user's is open-ended or
	// overlaps it; then ok is false and existing is that pause.
	StartPause(ctx context.Context, userID string, p coach.Pause, now time.Time) (existing coach.Pause, ok bool, err error)
	// EndPause ends the current pause yesterday, so the streak is kept
	// and today counts again; false when there was none.
	EndPause(ctx context.Context, userID string, today coach.Day) (bool, error)
	Pauses(ctx context.Context, userID string) ([]coach.Pause, error)
}

// pauseDaysOption is /streak pause's days option; Discord enforces the
// range in its form, and the handler checks it again.
func pauseDaysOption() *discordgo.ApplicationCommandOption {
	lo := 1.0
	return &discordgo.ApplicationCommandOption{
		Type: discordgo.ApplicationCommandOptionInteger, Name: "days", Required: true,
		Description: fmt.Sprintf("For how many days, today included (1–%d)", coach.MaxPauseDays),
		MinValue:    &lo, MaxValue: coach.MaxPauseDays,
	}
}

// streakState is everything streaks and the consistency score are computed
// from, loaded for one user at one instant.
type streakState struct {
	profile  coach.Profile
	loc      *time.Location
	today    coach.Day
	sessions []coach.Session // all of them, newest first
	in       coach.StreakInput
}

// loadStreak reads the profile (unless the request has it already),
// sessions, rest days and pauses of req's user.
func (b *Bot) loadStreak(ctx context.Context, req *Request, now time.Time) (streakState, error) {
	var st streakState
	var err error
	userID := req.UserID
	if st.profile, err = b.profileOf(ctx, req); err != nil {
		return st, err
	}
	st.loc = st.profile.Location()
	st.today = coach.DayOf(now, st.loc)
	if st.sessions, err = b.store.SessionsSince(ctx, userID, time.Time{}); err != nil {
		return st, err
	}
	rests, err := b.store.Rests(ctx, userID)
	if err != nil {
		return st, err
	}
	pauses, err := b.store.Pauses(ctx, userID)
	if err != nil {
		return st, err
	}
	starts := make([]time.Time, len(st.sessions))
	for i, s := range st.sessions {
		starts[i] = s.Start
	}
	st.in = coach.StreakInput{Sessions: starts, Rests: rests, Pauses: pauses, Loc: st.loc, Today: st.today}
	return st, nil
}

// hungToday reports whether a session started today in the user's zone.
func (st streakState) hungToday() bool {
	// Sessions are newest first: the first one not after today decides.
	for _, s := range st.sessions {
		switch d := coach.DayOf(s.Start, st.loc); {
		case d == st.today:
			return true
		case d.Before(st.today):
			return false
		}
	}
	return false
}

// pausedOn returns the pause that covers d, if any.
func (st streakState) pausedOn(d coach.Day) (coach.Pause, bool) {
	for _, p := range st.in.Pauses {
		if p.Contains(d) {
			return p, true
		}
	}
	return coach.Pause{}, false
}

// zoneNote says which calendar the days are counted in; it is plain text,
// for embed footers.
func (st streakState) zoneNote() string {
	if st.profile.Timezone == "" {
		return "Days are counted in UTC because you have no time zone set: /profile set timezone: counts them in yours."
	}
	return "Days are counted in " + st.profile.Timezone + "."
}

// streakLine renders the current and best streak.
func streakLine(in coach.StreakInput) string {
	cur, best := coach.Streaks(in)
	return fmt.Sprintf("🔥 Current streak: **%s** · best: %s", plural(cur, "day"), plural(best, "day"))
}

// dayText renders a calendar day as "Tue, Nov 24".
func dayText(d coach.Day) string {
	return d.Start(time.UTC).Format("Mon, Jan 2")
}

func (b *Bot) streakRest(ctx context.Context, req *Request) (Reply, error) {
	now := b.now()
	st, err := b.loadStreak(ctx, req, now)
	if err != nil {
		return Reply{}, err
	}
	if p, ok := st.pausedOn(st.today); ok {
		return Reply{}, userErr("Your streak is paused %s, so today needs no rest day. Nothing was saved.", pauseSpan(p))
	}
	if st.hungToday() {
		return Reply{}, userErr("You already hung today, so today counts for your streak anyway: keep your rest day for when you need it. Nothing was saved.")
	}
	switch err := coach.CanRest(st.in.Rests, st.today); {
	case errors.Is(err, coach.ErrAlreadyRested):
		return Reply{}, userErr("Today (%s) is already a rest day. Nothing changed.", dayText(st.today))
	case errors.Is(err, coach.ErrRestAllowanceUsed):
		return Reply{}, userErr("You have already used this week's rest allowance (%s per week, Monday to Sunday). "+
			"If you are injured or ill, `/streak pause days:` keeps your streak instead. Nothing was saved.", plural(coach.RestDaysPerWeek, "rest day"))
	case err != nil:
		return Reply{}, err
	}
	if err := b.store.AddRest(ctx, req.UserID, st.today, now); err != nil {
		return Reply{}, err
	}
	st.in.Rests = append(st.in.Rests, st.today)
	text := fmt.Sprintf("😌 Today (%s) is a rest day: it keeps your streak without adding to it. Rest well.", dayText(st.today))
	return streakReply(st, colorOK, text), nil
}

func (b *Bot) streakPause(ctx context.Context, req *Request) (Reply, error) {
	raw, _ := req.Options.Int("days")
	n, err := coach.ParsePauseDays("days", raw)
	if err != nil {
		return Reply{}, err
	}
	now := b.now()
	st, err := b.loadStreak(ctx, req, now)
	if err != nil {
		return Reply{}, err
	}
	p := coach.NewPause(st.today, n)
	existing, ok, err := b.store.StartPause(ctx, req.UserID, p, now)
	if err != nil {
		return Reply{}, err
	}
	if !ok {
		return Reply{}, userErr("Your streak is already paused %s. Use `/streak resume` first, then pause again for as long as you need. Nothing was saved.", pauseSpan(existing))
	}
	st.in.Pauses = append(st.in.Pauses, p)
	text := fmt.Sprintf("🩹 Your streak is paused %s (%s). It will neither grow nor break while you recover; "+
		"use `/streak resume` when you are back. Get well soon — a sore back never has to be pushed for a number.",
		pauseSpan(p), plural(n, "day"))
	return streakReply(st, colorBrand, text), nil
}

func (b *Bot) streakResume(ctx context.Context, req *Request) (Reply, error) {
	now := b.now()
	st, err := b.loadStreak(ctx, req, now)
	if err != nil {
		return Reply{}, err
	}
	ended, err := b.store.EndPause(ctx, req.UserID, st.today)
	if err != nil {
		return Reply{}, err
	}
	if !ended {
		return Reply{}, userErr("Your streak is not paused, so there is nothing to resume. `/streak pause days:` pauses it.")
	}
	if st.in.Pauses, err = b.store.Pauses(ctx, req.UserID); err != nil {
		return Reply{}, err
	}
	text := "💪 Welcome back: your pause is over and today counts again. Start gently: `/plan` suggests today's hang."
	if cur, _ := coach.Streaks(st.in); cur > 0 {
		text = "💪 Welcome back: your pause is over and your streak is kept. Today counts again — start gently with `/plan`."
	}
	return streakReply(st, colorOK, text), nil
}

// pauseSpan renders a pause as "from Tue, Nov 24 through Sat, Nov 28".
func pauseSpan(p coach.Pause) string {
	if p.To.IsZero() {
		return "since " + dayText(p.From)
	}
	if p.From == p.To {
		return "for " + dayText(p.From)
	}
	return "from " + dayText(p.From) + " through " + dayText(p.To)
}

func streakReply(st streakState, color int, text string) Reply {
	return Reply{Ephemeral: true, Embeds: []*discordgo.MessageEmbed{{
		Description: text + "\n\n" + streakLine(st.in),
		Color:       color,
		Footer:      &discordgo.MessageEmbedFooter{Text: st.zoneNote()},
	}}}
}
