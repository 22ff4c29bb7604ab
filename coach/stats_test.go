package coach

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestSummarize(t *testing.T) {
	tests := []struct {
		name     string
		sessions []Session
		want     Totals
	}{
		{"none", nil, Totals{}},
		{"one", []Session{{Duration: 90 * time.Second}}, Totals{Sessions: 1, Total: 90 * time.Second, Average: 90 * time.Second, Longest: 90 * time.Second}},
		{
			"several",
			[]Session{{Duration: time.Minute}, {Duration: 3 * time.Minute}, {Duration: 2 * time.Minute}},
			Totals{Sessions: 3, Total: 6 * time.Minute, Average: 2 * time.Minute, Longest: 3 * time.Minute},
		},
		{
			"average rounded to the second",
			[]Session{{Duration: time.Minute}, {Duration: time.Minute}, {Duration: 2 * time.Minute}},
			Totals{Sessions: 3, Total: 4 * time.Minute, Average: 80 * time.Second, Longest: 2 * time.Minute},
		},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, Summarize(tt.sessions)); diff != "" {
			t.Errorf("Summarize(%s) mismatch (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestMinutesPerDay(t *testing.T) {
	ny := zone(t, "America/New_York")
	sessions := []Session{
		{Start: at(t, ny, "2026-03-09 00:10"), Duration: 90 * time.Second},
		{Start: at(t, ny, "2026-03-07 23:59"), Duration: 2 * time.Minute}, // counts for its start day
		{Start: at(t, ny, "2026-03-08 01:59"), Duration: time.Minute},
		{Start: at(t, ny, "2026-03-08 03:01"), Duration: 3 * time.Minute},
		{Start: at(t, ny, "2026-03-11 12:00"), Duration: 30 * time.Second},
	}
	tests := []struct {
		name     string
		sessions []Session
		loc      *time.Location
		from, to Day
		want     []DayMinutes
	}{
		{
			name: "DST week with empty days", sessions: sessions, loc: ny,
			from: day(t, "2026-03-06"), to: day(t, "2026-03-12"),
			want: []DayMinutes{
				{day(t, "2026-03-06"), 0},
				{day(t, "2026-03-07"), 2},
				{day(t, "2026-03-08"), 4},
				{day(t, "2026-03-09"), 1.5},
				{day(t, "2026-03-10"), 0},
				{day(t, "2026-03-11"), 0.5},
				{day(t, "2026-03-12"), 0},
			},
		},
		{
			name: "zero from starts at the first session", sessions: sessions, loc: ny,
			to: day(t, "2026-03-09"),
			want: []DayMinutes{
				{day(t, "2026-03-07"), 2},
				{day(t, "2026-03-08"), 4},
				{day(t, "2026-03-09"), 1.5},
			},
		},
		{
			name: "UTC days differ", sessions: sessions[:2], loc: nil,
			from: day(t, "2026-03-08"), to: day(t, "2026-03-09"),
			want: []DayMinutes{
				{day(t, "2026-03-08"), 2},
				{day(t, "2026-03-09"), 1.5},
			},
		},
		{
			name: "one day", sessions: sessions, loc: ny,
			from: day(t, "2026-03-08"), to: day(t, "2026-03-08"),
			want: []DayMinutes{{day(t, "2026-03-08"), 4}},
		},
		{name: "to before from", sessions: sessions, loc: ny, from: day(t, "2026-03-09"), to: day(t, "2026-03-08")},
		{name: "no sessions since the first", loc: ny, to: day(t, "2026-03-08")},
		{
			name: "no sessions in range", loc: ny,
			from: day(t, "2026-03-08"), to: day(t, "2026-03-09"),
			want: []DayMinutes{{day(t, "2026-03-08"), 0}, {day(t, "2026-03-09"), 0}},
		},
	}
	for _, tt := range tests {
		got := MinutesPerDay(tt.sessions, tt.loc, tt.from, tt.to)
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("MinutesPerDay(%s) mismatch (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestPeriodStart(t *testing.T) {
	today := day(t, "2026-03-01")
	tests := []struct {
		in   string
		want Day
		ok   bool
	}{
		{"week", day(t, "2026-02-23"), true},
		{" Month ", day(t, "2026-01-31"), true},
		{"all", Day{}, true},
		{"year", Day{}, false},
		{"", Day{}, false},
	}
	for _, tt := range tests {
		got, err := PeriodStart(tt.in, today)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("PeriodStart(%q) = %v, %v, want %v (ok %v)", tt.in, got, err, tt.want, tt.ok)
		}
		if err != nil {
			inputError(t, err, "period")
		}
	}
	// A week is 7 days including today, a month 30.
	for _, tt := range []struct {
		period string
		n      int
	}{{"week", 7}, {"month", 30}} {
		from, _ := PeriodStart(tt.period, today)
		if got := len(MinutesPerDay(nil, time.UTC, from, today)); got != tt.n {
			t.Errorf("len(MinutesPerDay(PeriodStart(%q))) = %d, want %d", tt.period, got, tt.n)
		}
	}
}
