package bot

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/hangtime/hangtime/coach"
)

// streakStore is what streaks need from storage: the profile's time zone,
// the hangs, and the rest days and pauses that keep a streak alive.
type streakStore interface {
	zoneStore
	Profile(ctx context.Context, userID string) (coach.Profile, error)
	// StreakRecord reads the starts of the hangs (newest first), the rest
	// days, the pauses and the gym schedules together.
	StreakRecord(ctx context.Context, userID string) (coach.StreakRecord, error)
	AddRest(ctx context.Context, userID string, day coach.Day, now time.Time) error
	// StartPause stores p unless a pause of the user's is open-ended or
	// overlaps it; then ok is false and existing is that pause.
	StartPause(ctx context.Context, userID string, p coach.Pause, now time.Time) (existing coach.Pause, ok bool, err error)
	// EndPause ends the current pause yesterday, so the streak is kept
	// and today counts again; false when there was none.
	EndPause(ctx context.Context, userID string, today coach.Day) (bool, error)
	Pauses(ctx context.Context, userID string) ([]coach.Pause, error)
}

// streakFeature is /streak, and the streakLoader of the features that
// show or celebrate streaks.
type streakFeature struct {
	*Bot
	store streakStore
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
	profile coach.Profile
	zone    zone
	loc     *time.Location
	today   coach.Day
	in      coach.StreakInput // its Sessions newest first
}

// loadStreak reads the user's profile (unless known gives it) and
// streak record.
func (b *streakFeature) loadStreak(ctx context.Context, userID string, known *coach.Profile, now time.Time) (streakState, error) {
	var st streakState
	var err error
	if known != nil {
		st.profile = *known
	} else if st.profile, err = b.store.Profile(ctx, userID); err != nil {
		return st, err
	}
	if st.zone, err = userZone(ctx, b.store, userID, st.profile, ""); err != nil {
		return st, err
	}
	st.loc = st.zone.loc
	st.today = coach.DayOf(now, st.loc)
	rec, err := b.store.StreakRecord(ctx, userID)
	if err != nil {
		return st, err
	}
	st.in = coach.StreakInput{Sessions: rec.Starts, Rests: rec.Rests, Pauses: rec.Pauses, Loc: st.loc, Today: st.today,
		Plan: coach.StreakPlan{Weekly: st.profile.Weekly, GymDays: gymDays(rec.Gym)}}
	return st, nil
}

// streakUnit is what a streak under the plan counts: "day" (kept days, or
// calendar days) or "week".
func streakUnit(p coach.StreakPlan) string {
	if p.ByWeek() {
		return "week"
	}
	return "day"
}

// planRule says in a few words what the streak follows.
func planRule(t *Tr, p coach.StreakPlan) string {
	switch {
	case p.GymDays != 0:
		return t.S("rule.gym", t.Days(p.GymDays))
	case p.Weekly > 0:
		return t.S("rule.weekly", t.S("unit.days", p.Weekly))
	}
	return t.S("rule.calendar")
}

// streakUnitKey is the catalog key of the unit a streak under the plan
// counts: days or weeks.
func streakUnitKey(p coach.StreakPlan) string {
	if p.ByWeek() {
		return "unit.weeks"
	}
	return "unit.days"
}

// hungOn reports whether a session started on day in the user's zone.
func (st streakState) hungOn(day coach.Day) bool {
	// Starts are newest first: the first one not after day decides.
	for _, start := range st.in.Sessions {
		switch d := coach.DayOf(start, st.loc); {
		case d == day:
			return true
		case d.Before(day):
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
func (st streakState) zoneNote(t *Tr) string {
	return st.zone.note(t)
}

// streakLine renders the current and best streak.
func streakLine(t *Tr, in coach.StreakInput) string {
	cur, best := coach.Streaks(in)
	u := streakUnitKey(in.Plan)
	return t.S("streak.line", t.S(u, cur), t.S(u, best))
}

func (b *streakFeature) streakRest(ctx context.Context, req *Request) (Reply, error) {
	now := b.now()
	st, err := b.loadStreak(ctx, req.UserID, req.profile, now)
	if err != nil {
		return Reply{}, err
	}
	day, err := coach.ParseRestDay("day", req.Options.String("day"), st.today)
	if err != nil {
		return Reply{}, err
	}
	t := req.T()
	which, whichLower := t.Day(day), t.Day(day)
	if day == st.today {
		which, whichLower = t.S("streak.today", t.Day(day)), t.S("streak.today_lower", t.Day(day))
	}
	if p, ok := st.pausedOn(day); ok {
		return Reply{}, userKey("streak.paused_no_rest", pauseSpan(t, p), whichLower)
	}
	if st.hungOn(day) {
		if day == st.today {
			return Reply{}, userKey("streak.hung_today")
		}
		return Reply{}, userKey("streak.hung_on", t.Day(day))
	}
	switch err := coach.CanRest(st.in.Rests, day); {
	case errors.Is(err, coach.ErrAlreadyRested):
		return Reply{}, userKey("streak.already_rest", which)
	case errors.Is(err, coach.ErrRestAllowanceUsed):
		key := "streak.allowance_this"
		if coach.WeekKey(day) != coach.WeekKey(st.today) {
			key = "streak.allowance_that"
		}
		return Reply{}, userKey(key, t.S("unit.rest_days", coach.RestDaysPerWeek))
	case err != nil:
		return Reply{}, err
	}
	if err := b.store.AddRest(ctx, req.UserID, day, now); err != nil {
		return Reply{}, err
	}
	st.in.Rests = append(st.in.Rests, day)
	return streakReply(t, st, colorOK, t.S("streak.rested", which)), nil
}

func (b *streakFeature) streakPause(ctx context.Context, req *Request) (Reply, error) {
	raw, _ := req.Options.Int("days")
	n, err := coach.ParsePauseDays("days", raw)
	if err != nil {
		return Reply{}, err
	}
	now := b.now()
	st, err := b.loadStreak(ctx, req.UserID, req.profile, now)
	if err != nil {
		return Reply{}, err
	}
	t := req.T()
	p := coach.NewPause(st.today, n)
	existing, ok, err := b.store.StartPause(ctx, req.UserID, p, now)
	if err != nil {
		return Reply{}, err
	}
	if !ok {
		return Reply{}, userKey("streak.already_paused", pauseSpan(t, existing))
	}
	st.in.Pauses = append(st.in.Pauses, p)
	return streakReply(t, st, colorBrand, t.S("streak.paused", pauseSpan(t, p), t.S("unit.days", n))), nil
}

func (b *streakFeature) streakResume(ctx context.Context, req *Request) (Reply, error) {
	now := b.now()
	st, err := b.loadStreak(ctx, req.UserID, req.profile, now)
	if err != nil {
		return Reply{}, err
	}
	ended, err := b.store.EndPause(ctx, req.UserID, st.today)
	if err != nil {
		return Reply{}, err
	}
	if !ended {
		return Reply{}, userKey("streak.not_paused")
	}
	if st.in.Pauses, err = b.store.Pauses(ctx, req.UserID); err != nil {
		return Reply{}, err
	}
	t := req.T()
	text := t.S("streak.welcome_back")
	if cur, _ := coach.Streaks(st.in); cur > 0 {
		text = t.S("streak.welcome_back_kept")
	}
	return streakReply(t, st, colorOK, text), nil
}

// pauseSpan renders a pause as "from Tue, Nov 24 through Sat, Nov 28".
func pauseSpan(t *Tr, p coach.Pause) string {
	if p.To.IsZero() {
		return t.S("pause.since", t.Day(p.From))
	}
	if p.From == p.To {
		return t.S("pause.for", t.Day(p.From))
	}
	return t.S("pause.from_to", t.Day(p.From), t.Day(p.To))
}

func streakReply(t *Tr, st streakState, color int, text string) Reply {
	return Reply{Ephemeral: true, Embeds: []*discordgo.MessageEmbed{{
		Description: text + "\n\n" + streakLine(t, st.in),
		Color:       color,
		Footer:      &discordgo.MessageEmbedFooter{Text: st.zoneNote(t)},
	}}}
}
