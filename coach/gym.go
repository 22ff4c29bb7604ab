package coach

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Weekdays is a set of days of the week, bit i for time.Weekday(i).
type Weekdays uint8

// Has reports whether d is in the set.
func (w Weekdays) Has(d time.Weekday) bool { return w&(1<<d) != 0 }

// dayName is the three-letter name of d.
func dayName(d time.Weekday) string { return "sunmontuewedthufrisat"[3*d : 3*d+3] }

// String renders the set in canonical form, Monday first: "mon,wed,fri".
func (w Weekdays) String() string {
	var out []string
	for i := 1; i <= 7; i++ {
		d := time.Weekday(i % 7)
		if w.Has(d) {
			out = append(out, dayName(d))
		}
	}
	return strings.Join(out, ",")
}

// Label renders the set for people: "every day", "weekdays", "Mon, Wed, Fri".
func (w Weekdays) Label() string {
	switch w {
	case 0x7f:
		return "every day"
	case 0x3e:
		return "weekdays"
	case 0x41:
		return "weekends"
	}
	parts := strings.Split(w.String(), ",")
	for i, p := range parts {
		parts[i] = strings.ToUpper(p[:1]) + p[1:]
	}
	return strings.Join(parts, ", ")
}

const daysAccepted = "use days such as mon,wed,fri, or weekdays, weekends or daily"

// ParseDays reads a list of weekdays: "mon,wed,fri" (names or three-letter
// abbreviations, separated by commas or spaces, ranges such as mon-fri),
// "weekdays", "weekends" or "daily".
func ParseDays(field, s string) (Weekdays, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return 0, inputErr(field, text("c.in.empty"), text("c.in.days"))
	}
	if len(s) > 80 {
		return 0, inputErr(field, text("c.in.too_long"), text("c.in.days"))
	}
	switch s {
	case "daily", "everyday", "every day", "all":
		return 0x7f, nil
	case "weekdays":
		return 0x3e, nil
	case "weekends", "weekend":
		return 0x41, nil
	}
	var w Weekdays
	for _, tok := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
		if from, to, ok := strings.Cut(tok, "-"); ok {
			a, err1 := parseDay(from)
			b, err2 := parseDay(to)
			if err1 != nil || err2 != nil {
				return 0, inputErr(field, text("c.in.not_day_range", truncate(tok, 20)), text("c.in.days"))
			}
			for d := a; ; d = (d + 1) % 7 {
				w |= 1 << d
				if d == b {
					break
				}
			}
			continue
		}
		d, err := parseDay(tok)
		if err != nil {
			return 0, inputErr(field, text("c.in.not_day", truncate(tok, 20)), text("c.in.days"))
		}
		w |= 1 << d
	}
	if w == 0 {
		return 0, inputErr(field, text("c.in.no_day"), text("c.in.days"))
	}
	return w, nil
}

func parseDay(s string) (time.Weekday, error) {
	s = strings.TrimSpace(s)
	if len(s) < 3 {
		return 0, fmt.Errorf("not a day")
	}
	full := [7]string{"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"}
	for i, f := range full {
		if strings.HasPrefix(f, s) {
			return time.Weekday(i), nil
		}
	}
	switch s {
	case "tues":
		return time.Tuesday, nil
	case "thur", "thurs":
		return time.Thursday, nil
	}
	return 0, fmt.Errorf("not a day")
}

const clockAccepted = "use 24-hour HH:MM such as 07:30 or 18:45 (or 6:45pm)"

// ParseClock reads a local time of day, "18:45", "7:30", "6:45pm", and
// returns minutes after midnight.
func ParseClock(field, s string) (int, error) {
	s = strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), " ", ""))
	if s == "" {
		return 0, inputErr(field, text("c.in.empty"), text("c.in.clock"))
	}
	if len(s) > 8 {
		return 0, inputErr(field, text("c.in.not_time", truncate(s, 12)), text("c.in.clock"))
	}
	pm, am := strings.HasSuffix(s, "pm"), strings.HasSuffix(s, "am")
	if pm || am {
		s = s[:len(s)-2]
	}
	hs, ms, ok := strings.Cut(s, ":")
	if !ok && (am || pm) {
		hs, ms = s, "00"
	}
	h, err1 := strconv.Atoi(hs)
	m, err2 := strconv.Atoi(ms)
	if !ok && !(am || pm) || err1 != nil || err2 != nil || len(ms) != 2 || len(hs) == 0 || len(hs) > 2 || strings.ContainsAny(hs+ms, "+-") {
		return 0, inputErr(field, text("c.in.not_time", truncate(s, 12)), text("c.in.clock"))
	}
	if am || pm {
		if h < 1 || h > 12 {
			return 0, inputErr(field, text("c.in.not_hour12", h), text("c.in.clock"))
		}
		h %= 12
		if pm {
			h += 12
		}
	}
	if h > 23 || m > 59 {
		return 0, inputErr(field, text("c.in.not_time_hm", hs, ms), text("c.in.clock"))
	}
	return h*60 + m, nil
}

// FormatClock renders minutes after midnight as HH:MM.
func FormatClock(minute int) string { return fmt.Sprintf("%02d:%02d", minute/60, minute%60) }

// GymSchedule is a recurring post-workout reminder: on Days, at End (local
// minutes after midnight) plus Delay.
type GymSchedule struct {
	ID          int64 // the store's; 0 before it is saved
	UserID      string
	Days        Weekdays
	End         int
	Delay       time.Duration
	Destination string // "dm" or "channel"
	GuildID     string
	ChannelID   string
}

// MaxGymSchedules is how many post-workout schedules a user may keep.
const MaxGymSchedules = 5

// MaxGymDelay bounds the delay between the end of a workout and the reminder.
const MaxGymDelay = 3 * time.Hour

// Next returns the first reminder strictly after after: the local end time
// on a listed day, plus the delay. Wall-clock times are built in loc, so a
// 07:30 reminder stays 07:30 across DST changes; a time that DST skips
// fires once, shifted forward by the gap (02:30 becomes 03:30), and a
// repeated hour fires once, at its first occurrence.
func (g GymSchedule) Next(after time.Time, loc *time.Location) time.Time {
	if g.Days == 0 {
		return time.Time{}
	}
	// Start a day early: yesterday's end plus a long delay may still be
	// ahead. Days are counted as calendar days, not by adding 24 hours to a
	// local time, so a day the zone skips does not shift the weekdays.
	day := DayOf(after, loc).AddDays(-1)
	for i := 0; i < 16; i++ {
		d := day.AddDays(i)
		if !g.Days.Has(d.Weekday()) {
			continue
		}
		t := wallClock(d.Y, d.M, d.D, g.End, loc).Add(g.Delay)
		if t.After(after) {
			return t.UTC()
		}
	}
	return time.Time{}
}

// wallClock is the instant of minute past local midnight on that date. A
// wall time inside a DST gap is read with the offset in force before the
// gap, which moves it forward by the gap (time.Date alone would move it
// back); a wall time that happens twice is its first occurrence (time.Date
// does not promise which). On a day the zone skipped entirely the gap is the
// whole day: the time comes on the next day's date.
func wallClock(y int, m time.Month, d, minute int, loc *time.Location) time.Time {
	wall := time.Date(y, m, d, minute/60, minute%60, 0, 0, time.UTC)
	t, exact, before := findWall(wall, loc)
	if exact {
		return t
	}
	return wall.Add(-time.Duration(before) * time.Second)
}

// MaxReminders is how many plain reminders (/remind) a user may keep.
const MaxReminders = 10

// Reminder is a plain hang reminder, not tied to the gym: on Days at Minute
// (local minutes after midnight).
type Reminder struct {
	ID     int64 // the store's; 0 before it is saved
	UserID string
	Days   Weekdays
	Minute int
}

// Next returns the first time of the reminder strictly after after, with
// the same rules for DST as GymSchedule.Next.
func (r Reminder) Next(after time.Time, loc *time.Location) time.Time {
	return GymSchedule{Days: r.Days, End: r.Minute}.Next(after, loc)
}

// Tomorrow returns the same local time as now on the next calendar day in
// loc (moved forward when DST skips it).
func Tomorrow(now time.Time, loc *time.Location) time.Time {
	d := DayOf(now, loc).AddDays(1)
	lt := now.In(loc)
	return wallClock(d.Y, d.M, d.D, lt.Hour()*60+lt.Minute(), loc).Add(time.Duration(lt.Second()) * time.Second)
}
