package coach

import "time"

// SkippedDays returns the local days loc skipped entirely between from and
// to, such as 2011-12-30 in Pacific/Apia, when it moved across the date
// line. It walks the zone's changes of offset, a few a year.
func SkippedDays(loc *time.Location, from, to time.Time) []Day {
	if loc == nil || !from.Before(to) {
		return nil
	}
	var out []Day
	t := from.In(loc)
	for range 10_000 {
		_, end := t.ZoneBounds()
		if end.IsZero() || end.After(to) {
			break
		}
		before, after := DayOf(end.Add(-time.Nanosecond), loc), DayOf(end, loc)
		for d := before.AddDays(1); d.Before(after); d = d.AddDays(1) {
			out = append(out, d)
		}
		t = end.In(loc)
	}
	return out
}
