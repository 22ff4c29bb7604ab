package coach

import (
	"fmt"
	"strings"
	"time"
)

// Text is a sentence the coach says to a user: a stable code, which the
// bot translates (its catalogs hold a message under each code), and the
// code's parameters. Its String is the English. A parameter may be a
// string, an int, a Dur, a Device, a Level, a Day, a list (Or) or another
// Text, each rendered in the language of the sentence.
type Text struct {
	Code string
	Args []any
}

// Dur is a duration as a Text parameter: FormatDuration in English.
type Dur time.Duration

// String renders d as FormatDuration does.
func (d Dur) String() string { return FormatDuration(time.Duration(d)) }

// Or is a list as a Text parameter: "a, b or c" in English.
type Or []any

// text makes a Text; the code must be in textFormats or textPlurals.
func text(code string, args ...any) Text { return Text{Code: code, Args: args} }

// IsZero reports whether t says nothing.
func (t Text) IsZero() bool { return t.Code == "" }

// String is the English of t.
func (t Text) String() string {
	if t.Code == "" {
		return ""
	}
	args := make([]any, len(t.Args))
	for i, a := range t.Args {
		args[i] = englishArg(a)
	}
	format, ok := textFormats[t.Code]
	if p, isPlural := textPlurals[t.Code]; isPlural {
		format, ok = p[1], true
		if n, _ := t.Args[0].(int); n == 1 {
			format = p[0]
		}
	}
	if !ok {
		return t.Code
	}
	return fmt.Sprintf(format, args...)
}

func englishArg(a any) any {
	switch a := a.(type) {
	case Text:
		return a.String()
	case Device:
		return a.Label()
	case Level:
		return string(a)
	case Day:
		return a.String()
	case Or:
		items := make([]string, len(a))
		for i, x := range a {
			items[i] = fmt.Sprint(englishArg(x))
		}
		return joinOr(items)
	}
	return a
}

// TextFormats returns the English format of every Text code that is not a
// plural, for the bot's English catalog.
func TextFormats() map[string]string {
	out := make(map[string]string, len(textFormats))
	for k, v := range textFormats {
		out[k] = v
	}
	return out
}

// TextPlurals returns the English of every Text code whose wording follows
// the plural of its first parameter, an int: its "one" and "other" forms.
func TextPlurals() map[string][2]string {
	out := make(map[string][2]string, len(textPlurals))
	for k, v := range textPlurals {
		out[k] = v
	}
	return out
}

// textError is a parse failure worded as a Text, for an InputError's
// problem.
type textError struct{ t Text }

func (e textError) Error() string { return e.t.String() }

// problemOf words err as a Text: its own when it has one.
func problemOf(err error) Text {
	if te, ok := err.(textError); ok {
		return te.t
	}
	return text("c.in.invalid")
}

// textFormats are the English of every code; the bot's catalogs translate
// each. Codes are stable: change the words, not the code, unless the
// parameters change.
var textFormats = map[string]string{
	// Input errors: problems, then what is accepted.
	"c.in.invalid":        "is not valid",
	"c.in.empty":          "is empty",
	"c.in.too_long":       "is too long",
	"c.in.not_device":     "%q is not a device",
	"c.in.devices":        "choose table, chair, boots or bentknee",
	"c.in.angle_range":    "%d° is out of range",
	"c.in.angle_goes":     "%s goes from %d° to %d°",
	"c.in.angle_full":     "%s is full inversion only: %d°",
	"c.in.over_cap":       "is over the 10-minute cap",
	"c.in.dur_over_cap":   "%s is over the 10-minute cap",
	"c.in.hang_max":       "hang 10 minutes at most",
	"c.in.not_duration":   "%q is not a duration",
	"c.in.not_mmss":       "%q is not minutes:seconds",
	"c.in.negative":       "cannot be negative",
	"c.in.zero":           "must be longer than zero",
	"c.in.durations":      strings.TrimSpace(durationFormats),
	"c.in.at_most":        "at most %s",
	"c.in.ago_over":       "is more than 7 days ago",
	"c.in.agos":           agoAccepted,
	"c.in.not_day":        "%q is not a day",
	"c.in.not_day_range":  "%q is not a day range",
	"c.in.no_day":         "names no day",
	"c.in.days":           daysAccepted,
	"c.in.not_time":       "%q is not a time of day",
	"c.in.not_time_hm":    "%s:%s is not a time of day",
	"c.in.not_hour12":     "%d is not an hour on a 12-hour clock",
	"c.in.clock":          clockAccepted,
	"c.in.note_len":       "is %d characters long",
	"c.in.note_max":       "at most %d characters",
	"c.in.not_zone":       "%q is not a time zone",
	"c.in.zone_abbr":      "%q is an abbreviation with a fixed offset, which ignores daylight saving time",
	"c.in.zone_maybe":     "it may mean %s; pick your zone",
	"c.in.zone_mean":      "did you mean %s?",
	"c.in.zone_several":   "%q names several zones",
	"c.in.zone_pick":      "pick one: %s",
	"c.in.zones":          zoneAccepted,
	"c.in.not_level":      "%q is not a level",
	"c.in.levels":         "choose beginner, intermediate or advanced",
	"c.in.not_routine":    "%q is not a routine",
	"c.in.routines":       "choose %s",
	"c.in.routine_device": "the %s routine does not work on the %s",
	"c.in.core_angle":     "the core routine needs a table at %d° or more, and your plan is at %d°",
	"c.in.routine_fits":   "%s fits %s",
	"c.in.table_at":       "a table at %d° or more",
	"c.in.chair_reduced":  "a chair (a reduced variant)",
	"c.a.table":           "an inversion table",
	"c.a.chair":           "an inversion chair",
	"c.a.boots":           "gravity boots",
	"c.a.bentknee":        "a bent-knee device",
	"c.in.not_notify":     "%q is not a way to notify",
	"c.in.notify_use":     "use dm or channel",
	"c.in.not_period":     "%q is not a period",
	"c.in.periods":        "choose week, month or all",
	"c.in.not_date":       "%q is not a date",
	"c.in.date_use":       "use a date such as 2026-11-24",
	"c.in.pause_range":    "%d days is out of range",
	"c.in.pause_use":      "pause for 1 to %d days",
	"c.in.weekly_range":   "%d days a week is out of range",
	"c.in.weekly_use":     "set a target of 1 to 7 days a week",
	"c.in.rest_days":      restAccepted,
	"c.in.future":         "%s is in the future",
	"c.in.day_too_old":    "%s is more than 7 days ago",

	// Plans: reasons, steps, the next step and cautions.
	"c.plan.first":        "First hang: start short and shallow.",
	"c.plan.first_level":  "First hang: a moderate start for the %s level.",
	"c.plan.first_device": "First hang on the %s: start short and build up.",
	"c.plan.easiest":      "stay at the easiest level",
	"c.plan.gap_early":    "It has been %d days and you stopped early last time, so %s.",
	"c.plan.gap":          "It has been %d days since your last hang, so %s.",
	"c.plan.early":        "You stopped early last time, so %s.",
	"c.plan.top":          "You are at the top of the progression: keep it steady, longer adds little.",
	"c.plan.up_to":        "Your last %d hangs were completed, so step up to %s.",
	"c.plan.up":           "Your last %d hangs were completed, so step up: %s.",
	"c.plan.gentle":       "Your first two weeks stay short and shallow: keep this steady.",
	"c.rung":              "%d° at %s",
	"c.rung.full":         "%s at full inversion",
	"c.step.angle":        "+%d°",
	"c.step.time":         "+%s",
	"c.next.top":          "keep %s; this is the top",
	"c.next.gentle":       "%s, after your first two weeks",
	"c.caution.early":     "You stopped early twice in a row. If you felt dizzy, a headache or pain, rest and talk to a health-care provider before hanging again.",
	"c.caution.boots":     "Gravity boots are not for beginners: use a sturdy pull-up bar, have someone nearby, and consider building up on a table first.",
	"c.caution.cap":       "That is past the top of the plan (%d minutes on a table or chair): longer adds little and raises pressure in the head and eyes. After lifting, 1–2 minutes is the usual dose.",
	"c.caution.cap_full":  "That is past the top of the plan (%d minutes on boots or a bent-knee device): longer adds little and raises pressure in the head and eyes. After lifting, 1–2 minutes is the usual dose.",
}

// textPlurals are the codes worded by the plural of their first
// parameter: the English "one" and "other" forms.
var textPlurals = map[string][2]string{
	"c.plan.easier": {"this one is one step easier", "this one is %d steps easier"},
	"c.plan.repeat": {"Repeat this level: %d more completed hang before stepping up.", "Repeat this level: %d more completed hangs before stepping up."},
}
