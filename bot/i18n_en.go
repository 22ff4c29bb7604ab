package bot

import (
	"strings"

	"github.com/hangtime/hangtime/coach"
)

// catalogEN is the default language's catalog: every key Hangtime uses.
// Command names and descriptions are not here: the command table holds
// them in English, and the other catalogs translate them under "name:" and
// "desc:" keys.
var catalogEN = map[string]msg{
	// Dates, durations, devices.
	"date.long": "%[2]s %[1]s, %[3]s",
	"date.day":  "%[1]s, %[3]s %[2]s",
	"month.1":   "Jan", "month.2": "Feb", "month.3": "Mar", "month.4": "Apr", "month.5": "May", "month.6": "Jun",
	"month.7": "Jul", "month.8": "Aug", "month.9": "Sep", "month.10": "Oct", "month.11": "Nov", "month.12": "Dec",
	"weekday.0": "Sun", "weekday.1": "Mon", "weekday.2": "Tue", "weekday.3": "Wed", "weekday.4": "Thu", "weekday.5": "Fri", "weekday.6": "Sat",
	"dur.h":           "%dh",
	"dur.m":           "%dm",
	"dur.s":           "%ds",
	"device.table":    coach.Table.Label(),
	"device.chair":    coach.Chair.Label(),
	"device.boots":    coach.Boots.Label(),
	"device.bentknee": coach.BentKnee.Label(),
	"on.table":        "on the " + coach.Table.Label(),
	"on.chair":        "on the " + coach.Chair.Label(),
	"on.boots":        "on the " + coach.Boots.Label(),
	"on.bentknee":     "on the " + coach.BentKnee.Label(),
	"ordinal":         "%s",
	"unit.days":       plurals{One: "%d day", Other: "%d days"},
	"unit.weeks":      plurals{One: "%d week", Other: "%d weeks"},
	"unit.members":    plurals{One: "%d member", Other: "%d members"},
	"unit.hangs":      plurals{One: "%d hang", Other: "%d hangs"},

	// Dispatcher.
	"err.internal":           msgInternal,
	"err.shutting_down":      msgShuttingDown,
	"err.not_your_button":    msgNotYourButton,
	"err.stale_button":       msgStaleButton,
	"msg.answered_privately": msgAnsweredPrivately,
	"err.unknown_command":    "I don't know the command `/%s` (yet). Try `/help`.",
	"err.input":              "⚠️ **%s** %s.",
	"err.nothing_saved":      "Nothing was saved.",

	// /help.
	"help.title": "Hangtime — your inversion habit, kept consistently",
	"help.intro": "Hangtime coaches you through inversion (table, chair, gravity boots or a bent-knee device) " +
		"and keeps the habit going: log hangs, see your history, and build a streak that follows your plan. " +
		"Many lifters hang for a minute or two right after squats or deadlifts, with a gentle rotation now and then. " +
		"Inversion is one tool beside core strength, posture and mobility work, not a replacement for them.\n\n" +
		"**Start:** `/profile set timezone:` your zone, then `/hang log duration:2m`.",
	"help.commands":      "Commands",
	"help.safety.title":  "Safety",
	"help.safety":        "Inversion is not for everyone (high blood pressure, heart or eye conditions, pregnancy, recent surgery…). Ask a health-care provider first. Hangtime is a habit coach, not a medical device.",
	"help.streaks.title": "Streaks and consistency",
	"help.streaks": "Your **streak** follows your plan, in your time zone. With gym days (`/gym schedule`) it counts the planned days you kept in a row: " +
		"a day off the plan never breaks it, and a hang on one still counts. With a weekly target (`/profile set weekly:` 1–7) it counts the weeks in a row that met it. " +
		"With neither, it counts calendar days with at least one hang. Today (this week) keeps it alive until it is over. " +
		"`/streak rest day:` marks a rest day, today (the default) or one of the last 7 days (%d per week, Monday to Sunday), and `/streak pause days:` pauses it for up to %d days while you are injured or ill: " +
		"both keep the streak without adding to it, because a sore back never has to be pushed for a number.",
	"help.consistency.title": "Consistency score",
	"help.consistency":       strings.ReplaceAll(coach.ConsistencyExplained, "%", "%%"),

	// Safety card and one-step setup.
	"safety.title":          coach.SafetyTitle,
	"safety.card":           coach.SafetyCard,
	"safety.quick_setup":    "**Quick setup (optional):** pick your device and level below so the plan fits you; skip it and the defaults apply. `/profile set` changes them any time.",
	"safety.device":         "Device",
	"safety.level":          "Level",
	"safety.timezone":       "Time zone",
	"safety.device_default": "inversion table (default)",
	"safety.level_default":  "beginner (default)",
	"safety.tz_unset":       "not set: days count in UTC — `/profile set timezone:` (autocompleted) sets yours",
	"safety.footer":         "Press the button to confirm; your /%s will then go ahead.",
	"safety.ack":            "I understand",
	"safety.thanks":         "Thanks — noted. You're all set; go gently.",
	"level.beginner":        "beginner",
	"level.intermediate":    "intermediate",
	"level.advanced":        "advanced",

	// /hang log and /hang undo.
	"hang.logged":            "✅ Logged a **%[1]s** hang %[2]s, ended %[3]s.",
	"hang.logged_angle":      "✅ Logged a **%[1]s** hang %[2]s at %[3]d°, ended %[4]s.",
	"caution.cap.partial":    "That is past the top of the plan (%d minutes on a table or chair): longer adds little and raises pressure in the head and eyes. After lifting, 1–2 minutes is the usual dose.",
	"caution.cap.full":       "That is past the top of the plan (%d minutes on boots or a bent-knee device): longer adds little and raises pressure in the head and eyes. After lifting, 1–2 minutes is the usual dose.",
	"caution.guard":          "That is well beyond your plan for your first weeks (%s). Build up by small steps — angle first, then time — and stop at once if you feel dizzy, a headache or pain.",
	"plan.text":              "%[1]s at %[2]d° %[3]s",
	"session.routine":        "%s routine",
	"session.stopped_early":  "stopped early",
	"undo.none":              "You have no logged hangs to undo.",
	"undo.confirm":           "Remove this hang?",
	"undo.remove":            "Remove it",
	"undo.keep":              "Keep it",
	"undo.gone":              "That hang is already gone.",
	"undo.removed":           "🗑️ Removed: %s",
	"undo.kept":              "Kept it; nothing changed.",
	"milestone.streak_days":  plurals{One: "🏅 **Milestone: a %d-day streak.** Consistency beats intensity — well kept.", Other: "🏅 **Milestone: a %d-day streak.** Consistency beats intensity — well kept."},
	"milestone.streak_weeks": plurals{One: "🏅 **Milestone: a %d-week streak.** Consistency beats intensity — well kept.", Other: "🏅 **Milestone: a %d-week streak.** Consistency beats intensity — well kept."},
	"milestone.hang":         "🏅 **Milestone: your %s hang.** Habit built one hang at a time.",

	// /stats.
	"stats.empty": "No hangs yet, so no stats either. Log your first with `/hang log duration:2m` " +
		"(or see `/plan` for where to start) and your totals, streak and chart will show up here.",
	"stats.last7":          "Last 7 days",
	"stats.last30":         "Last 30 days",
	"stats.chart7":         "Minutes per day, last 7 days",
	"stats.chart30":        "Minutes per day, last 30 days",
	"stats.all_since":      "All time, since %s",
	"stats.chart_since":    "Minutes per day since %s",
	"stats.chart_last":     "Minutes per day, last %d days",
	"stats.title":          "Your stats · %s",
	"stats.time":           "Time inverted",
	"stats.hangs":          "Hangs",
	"stats.average":        "Average",
	"stats.longest":        "Longest",
	"stats.current":        "Current streak",
	"stats.best":           "Best streak",
	"stats.consistency":    "Consistency",
	"stats.percent":        "%d%%",
	"stats.footer":         "Your streak follows %[1]s. %[2]s How consistency works: /help.",
	"stats.none_in_period": "No hangs in this period; your last was %s. `/plan` suggests a gentle restart.",
	"stats.chart_note":     "The chart shows the last %d days; the numbers cover all time.",
	"chart.minutes":        "minutes",
	"rule.gym":             "your gym days (%s): days off the plan never break it, and a hang on one still counts",
	"rule.weekly":          "your weekly target (%s a week)",
	"rule.calendar":        "calendar days: `/gym schedule` or `/profile set weekly:` makes it follow your plan",
	"zone.group":           "Days are counted in %s, your server group's time zone: /profile set timezone: counts them in yours.",
	"zone.utc":             "Days are counted in UTC because you have no time zone set: /profile set timezone: counts them in yours.",
	"zone.own":             "Days are counted in %s.",

	// Reminders.
	"rem.postlift": "🙃 **Time to decompress.** Your workout is done: this is your post-lift routine, 1–2 minutes inverted with a gentle rotation or two.\nToday's plan: **%[1]s** at %[2]d° %[3]s.",
	"rem.plain":    "🙃 **Time for your hang.** Today's plan: **%[1]s** at %[2]d° %[3]s.",
	"rem.late":     "_(This was due %s; Hangtime was offline.)_",
	"rem.start":    "Start hang",
	"rem.snooze10": "Snooze 10m",
	"rem.skip":     "Skip",
	"rem.snooze30": "Snooze 30m",
	"rem.snooze1h": "Snooze 1h",
	"rem.tomorrow": "Tomorrow",
	"rem.snoozed":  "😴 Snoozed. I'll remind you again %[1]s (%[2]s).",
	"rem.skipped":  "Skipped this one. See you after your next workout.",
	"live.timesup": "⏰ Time's up — %[1]s\nLogged **%[2]s** %[3]s",
	"live.offline": " (finished %s, while Hangtime was offline)",

	// Group posts.
	"digest.nobody":        "Nobody in the group has hung yet today (%s). A minute counts — go gently.",
	"digest.hung":          "**%[1]d of %[2]s** hung today — **%[3]s** in all.",
	"digest.today":         "Today",
	"digest.alive":         "**Streaks still alive** — today still counts for them",
	"digest.title":         "📅 Daily digest — %s",
	"digest.footer":        "Days are counted in %s · /group join to take part · /leaderboard for the week",
	"nudge.head":           "🌱 Gentle nudge: ",
	"nudge.tail":           " — there is still time today for a short, easy hang. Skip it if your back says no.",
	"nudge.more":           " (and %d more with nudges on)",
	"list.more":            "…and %d more.",
	"board.nobody":         "Nobody in the group (%[1]s) hung %[2]s.",
	"board.hung":           "**%[1]d of %[2]s** hung %[3]s — **%[4]s** in all.",
	"board.this_week":      "this week",
	"recap.title":          "🏆 Weekly recap — %[1]s to %[2]s",
	"recap.footer":         "Days are counted in %s · /leaderboard period:month for the last 30 days",
	"shoutout.days":        plurals{One: "🎉 Shout-out to %[2]s for a **%[1]d-day** streak! Consistency beats intensity — well hung.", Other: "🎉 Shout-out to %[2]s for a **%[1]d-day** streak! Consistency beats intensity — well hung."},
	"shoutout.weeks":       plurals{One: "🎉 Shout-out to %[2]s for a **%[1]d-week** streak! Consistency beats intensity — well hung.", Other: "🎉 Shout-out to %[2]s for a **%[1]d-week** streak! Consistency beats intensity — well hung."},
	"comeup.table":         coach.Table.ComeUp(),
	"comeup.chair":         coach.Chair.ComeUp(),
	"comeup.boots":         coach.Boots.ComeUp(),
	"comeup.bentknee":      coach.BentKnee.ComeUp(),
	"live.angle":           " at %d°",
	"milestone.first_week": "🏅 **Milestone: your first week.** A week on and still hanging — that is how habits start.",
	"live.running":         "You already have a hang running (ends %s). Finish it with **Done** or `/hang stop` first.",
	"live.told_channel":    "When time's up, I'll mention you in this channel (only you). /profile set notify:dm sends a DM instead.",
	"live.told_dm":         "When time's up, I'll send you a DM, so your phone tells you. /profile set notify:channel mentions you here instead.",
	"live.body":            "Time's up %[1]s (%[2]s).\n\nBreathe slowly and let your back go loose; rotate your torso gently now and then. To end: %[3]s Press **Done** when you are up.",
	"live.title":           "🙃 Hanging",
	"live.done":            "Done",
	"live.cancel":          "Cancel",
	"live.cancelled":       "Cancelled — nothing logged.",
	"live.too_short":       "Stopped within a few seconds — nothing logged.",
	"live.done_early":      "✅ Done — logged **%[1]s** (target %[2]s). %[3]s",
	"live.done_text":       "✅ Done — logged **%[1]s**. %[2]s",
	"live.ended":           "This hang has already ended.",
	"live.none":            "You have no hang running. Start one with `/hang start`.",
	"guard.hang":           "a **%[1]s** hang at %[2]d°",
	"guard.routine":        "the **%[1]s** routine (about %[2]s inverted)",
	"guard.title":          "⚠️ Beyond your plan — sure?",
	"guard.body":           "You asked for %[1]s. In your first two weeks, or until you have %[2]d hangs, the plan keeps things short and shallow: today it is **%[3]s**. Going much longer or steeper at once is where dizziness and headaches come from.\n\n**Use my plan** starts today's planned hang; **Start anyway** starts what you asked for.",
	"guard.use_plan":       "Use my plan",
	"guard.anyway":         "Start anyway",
}
