package coach

import (
	"testing"
	"time"
)

// The zones whose transitions skip or repeat midnight, move by half an
// hour, jump across the date line or have a negative DST (the issue's list).
var trickyZones = []string{"Australia/Lord_Howe", "Pacific/Chatham", "America/Santiago", "America/Sao_Paulo",
	"Africa/Casablanca", "Pacific/Apia", "Europe/Dublin"}

// transitionDays returns the local days around each change of UTC offset in
// loc between from and to, found by scanning offsets hour by hour.
func transitionDays(loc *time.Location, from, to time.Time) []Day {
	var days []Day
	seen := map[Day]bool{}
	_, prev := from.In(loc).Zone()
	for t := from; t.Before(to); t = t.Add(time.Hour) {
		_, off := t.In(loc).Zone()
		if off == prev {
			continue
		}
		prev = off
		for _, u := range []time.Time{t.Add(-2 * time.Hour), t.Add(2 * time.Hour)} {
			d := DayOf(u, loc)
			for _, e := range []Day{d.AddDays(-1), d, d.AddDays(1)} {
				if !seen[e] {
					seen[e] = true
					days = append(days, e)
				}
			}
		}
	}
	return days
}

// local is the local date and minute of the day of t, comparable in order.
func local(t time.Time, loc *time.Location) (Day, int) {
	lt := t.In(loc)
	return Day{lt.Year(), lt.Month(), lt.Day()}, lt.Hour()*60 + lt.Minute()
}

func localBefore(d Day, m int, e Day, n int) bool { return d.Before(e) || d == e && m < n }

// expected computes, by scanning UTC minute by minute around day d, the
// first instant of d (the first minute whose local day is d or later),
// whether d exists at all, and the instant of each wall time: its first
// occurrence, or, when skipped, the wall time read with the offset in force
// just before the skip.
func expected(d Day, loc *time.Location, minutes []int) (start time.Time, exists bool, at []time.Time) {
	wall := time.Date(d.Y, d.M, d.D, 0, 0, 0, 0, time.UTC)
	lo, hi := wall.Add(-16*time.Hour), wall.Add(40*time.Hour)
	at = make([]time.Time, len(minutes))
	found := make([]bool, len(minutes))
	for t := lo; t.Before(hi); t = t.Add(time.Minute) {
		ld, lm := local(t, loc)
		if start.IsZero() && !ld.Before(d) {
			start = t
		}
		if ld == d {
			exists = true
		}
		for i, m := range minutes {
			if found[i] {
				continue
			}
			if ld == d && lm == m {
				at[i], found[i] = t, true
			} else if localBefore(d, m, ld, lm) {
				// Skipped: the first minute already past the wall time.
				_, before := t.Add(-time.Minute).In(loc).Zone()
				at[i], found[i] = wall.Add(time.Duration(m)*time.Minute-time.Duration(before)*time.Second), true
			}
		}
	}
	return start, exists, at
}

func TestCalendarAroundTransitions(t *testing.T) {
	minutes := []int{0, 30, 60, 90, 120, 150, 180, 210, 240, 20 * 60, 23*60 + 30, 23*60 + 59}
	checked := 0
	for _, name := range trickyZones {
		loc, err := time.LoadLocation(name)
		if err != nil {
			t.Fatal(err)
		}
		from, to := time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2028, 1, 1, 0, 0, 0, 0, time.UTC)
		if name == "America/Sao_Paulo" {
			to = time.Date(2019, 6, 1, 0, 0, 0, 0, time.UTC) // no DST since
		}
		for _, d := range transitionDays(loc, from, to) {
			start, exists, at := expected(d, loc, minutes)
			if got := d.Start(loc); !got.Equal(start) {
				t.Errorf("%s: Day(%s).Start = %s, want %s", name, d, got.UTC().Format(time.RFC3339), start.UTC().Format(time.RFC3339))
			}
			if got := d.Exists(loc); got != exists {
				t.Errorf("%s: Day(%s).Exists = %v, want %v", name, d, got, exists)
			}
			for i, m := range minutes {
				if got := DigestAt(d, m, loc); !got.Equal(at[i]) {
					t.Errorf("%s: DigestAt(%s, %s) = %s, want %s", name, d, FormatClock(m), got.UTC().Format(time.RFC3339), at[i].UTC().Format(time.RFC3339))
				}
			}
			checked++
		}
	}
	if checked < 200 {
		t.Errorf("checked %d days around transitions, want many", checked)
	}
}

func TestCalendarTheIssuesDays(t *testing.T) {
	santiago, _ := time.LoadLocation("America/Santiago")
	if got, want := (Day{2026, time.September, 6}).Start(santiago), time.Date(2026, 9, 6, 4, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("Santiago 2026-09-06 starts at %s, want %s", got.UTC(), want)
	}
	// A Saturday-night hang belongs to Saturday, not to Sunday's digest.
	if d := DayOf(time.Date(2026, 9, 6, 3, 30, 0, 0, time.UTC), santiago); d != (Day{2026, time.September, 5}) {
		t.Errorf("03:30Z on 6 September is %s in Santiago, want 2026-09-05", d)
	}
	apia, _ := time.LoadLocation("Pacific/Apia")
	skipped := Day{2011, time.December, 30}
	if skipped.Exists(apia) {
		t.Error("2011-12-30 exists in Pacific/Apia")
	}
	// Digests: the skipped day has none, and none goes back a day.
	d := NextDigest(Day{2011, time.December, 29}, 20*60, apia, time.Date(2011, 12, 30, 7, 0, 0, 0, time.UTC))
	if want := (Day{2011, time.December, 31}); d != want {
		t.Errorf("NextDigest after the 29th's in Apia = %s, want %s", d, want)
	}
	if got, want := DigestAt(d, 20*60, apia), time.Date(2011, 12, 31, 6, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("DigestAt(2011-12-31 20:00 Apia) = %s, want %s", got, want)
	}
	// A daily 23:30 reminder with a 2-hour delay comes every day across the
	// skip, none lost and none twice.
	g := GymSchedule{Days: 0x7f, End: 23*60 + 30, Delay: 2 * time.Hour}
	var got []time.Time
	for at := time.Date(2011, 12, 28, 12, 0, 0, 0, time.UTC); len(got) < 4; {
		at = g.Next(at, apia)
		got = append(got, at)
	}
	want := []time.Time{
		time.Date(2011, 12, 29, 11, 30, 0, 0, time.UTC), // 28th 23:30 -10, +2h
		time.Date(2011, 12, 30, 11, 30, 0, 0, time.UTC), // 29th 23:30 -10, +2h: across the skip
		time.Date(2011, 12, 31, 11, 30, 0, 0, time.UTC), // 31st 23:30 +14 (the 30th's moved onto it), +2h
		time.Date(2012, 1, 1, 11, 30, 0, 0, time.UTC),
	}
	for i := range want {
		if !got[i].Equal(want[i]) {
			t.Errorf("reminder %d across the Apia skip = %s, want %s", i, got[i], want[i])
		}
	}
}

func TestStreakAcrossTheDaySamoaSkipped(t *testing.T) {
	apia, _ := time.LoadLocation("Pacific/Apia")
	if got := SkippedDays(apia, time.Date(2011, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2013, 1, 1, 0, 0, 0, 0, time.UTC)); len(got) != 1 || got[0] != (Day{2011, time.December, 30}) {
		t.Errorf("SkippedDays(Apia, 2011–2012) = %v, want [2011-12-30]", got)
	}
	ny, _ := time.LoadLocation("America/New_York")
	if got := SkippedDays(ny, time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)); len(got) != 0 {
		t.Errorf("SkippedDays(New York) = %v, want none", got)
	}
	in := StreakInput{
		Sessions: []time.Time{
			time.Date(2011, 12, 29, 8, 0, 0, 0, apia), // Thursday
			time.Date(2011, 12, 31, 8, 0, 0, 0, apia), // Saturday: Friday never happened
		},
		Loc: apia, Today: Day{2011, time.December, 31},
	}
	if cur, best := Streaks(in); cur != 2 || best != 2 {
		t.Errorf("Streaks across the skipped day = %d, %d, want 2, 2", cur, best)
	}
}
