package coach

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestReached(t *testing.T) {
	berlin := zone(t, "Europe/Berlin")
	mwf := StreakPlan{GymDays: weekdaysOf(t, "mon,wed,fri")}
	tests := []struct {
		name  string
		in    StreakInput
		added string // the day of the hang just logged, at 18:30
		want  []Milestone
	}{
		{
			name:  "the seventh day in a row",
			in:    StreakInput{Sessions: noonEach(t, berlin, "2026-11-18", "2026-11-23"), Loc: berlin, Today: day(t, "2026-11-24")},
			added: "2026-11-24",
			want:  []Milestone{{Kind: StreakMilestone, N: 7}},
		},
		{
			name:  "a second hang on the seventh day reaches nothing",
			in:    StreakInput{Sessions: append(noonEach(t, berlin, "2026-11-18", "2026-11-24"), onDays(t, berlin, "2026-11-24")...)[1:], Loc: berlin, Today: day(t, "2026-11-24")},
			added: "2026-11-24",
		},
		{
			name:  "the tenth hang",
			in:    StreakInput{Sessions: noonEach(t, berlin, "2026-11-10", "2026-11-18"), Loc: berlin, Today: day(t, "2026-11-24")},
			added: "2026-11-24",
			want:  []Milestone{{Kind: HangsMilestone, N: 10}},
		},
		{
			name:  "a week after the first hang",
			in:    StreakInput{Sessions: onDays(t, berlin, "2026-11-17"), Loc: berlin, Today: day(t, "2026-11-24")},
			added: "2026-11-24",
			want:  []Milestone{{Kind: FirstWeekMilestone}},
		},
		{
			name:  "four weeks that met a weekly target",
			in:    StreakInput{Sessions: onDays(t, berlin, "2026-11-02", "2026-11-03", "2026-11-09", "2026-11-10", "2026-11-16", "2026-11-17", "2026-11-23"), Loc: berlin, Today: day(t, "2026-11-24"), Plan: StreakPlan{Weekly: 2}},
			added: "2026-11-24",
			want:  []Milestone{{Kind: StreakMilestone, N: 4, ByWeek: true}},
		},
		{
			name:  "a Mon/Wed/Fri lifter's seventh kept day",
			in:    StreakInput{Sessions: onDays(t, berlin, liftDays(t, "2026-11-09", "2026-11-20")...), Loc: berlin, Today: day(t, "2026-11-23"), Plan: mwf},
			added: "2026-11-23",
			want:  []Milestone{{Kind: StreakMilestone, N: 7}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			added := onDays(t, berlin, tt.added)[0]
			in := tt.in
			in.Sessions = append(append([]time.Time(nil), in.Sessions...), added)
			if diff := cmp.Diff(tt.want, Reached(in, added)); diff != "" {
				t.Errorf("Reached(%s) mismatch (-want +got):\n%s", tt.name, diff)
			}
		})
	}
}
