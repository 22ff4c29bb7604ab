package coach

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// hang describes a past session relative to now, for building histories.
type hang struct {
	daysAgo float64
	device  Device
	angle   int
	dur     time.Duration
	early   bool
	routine string
}

// history builds a newest-first history from hangs given newest first.
func history(now time.Time, hs ...hang) []Session {
	out := make([]Session, len(hs))
	for i, h := range hs {
		out[i] = Session{
			ID:           int64(len(hs) - i),
			Start:        now.Add(-time.Duration(h.daysAgo * float64(24*time.Hour))),
			Duration:     h.dur,
			Device:       h.device,
			Angle:        h.angle,
			StoppedEarly: h.early,
			Routine:      h.routine,
		}
	}
	return out
}

// daily returns n completed hangs at angle and d, one a day, the newest
// newest days ago, on the profile's device.
func daily(newest float64, n, angle int, d time.Duration) []hang {
	out := make([]hang, n)
	for i := range out {
		out[i] = hang{daysAgo: newest + float64(i), angle: angle, dur: d}
	}
	return out
}

func cat(parts ...[]hang) []hang { return slices.Concat(parts...) }

func TestLadder(t *testing.T) {
	tests := []struct {
		device Device
		level  Level
		want   []string
	}{
		{Table, Beginner, []string{"20° at 1m", "30° at 1m", "30° at 1m30s", "30° at 2m", "40° at 2m", "50° at 2m", "60° at 2m",
			"60° at 2m30s", "60° at 3m", "60° at 3m30s", "60° at 4m", "60° at 4m30s", "60° at 5m"}},
		{Table, Advanced, []string{"20° at 1m", "30° at 1m", "30° at 1m30s", "30° at 2m", "40° at 2m", "50° at 2m", "60° at 2m",
			"70° at 2m", "80° at 2m", "2m at full inversion", "2m30s at full inversion", "3m at full inversion", "3m30s at full inversion",
			"4m at full inversion", "4m30s at full inversion", "5m at full inversion"}},
		{Chair, Advanced, []string{"20° at 1m", "30° at 1m", "30° at 1m30s", "30° at 2m", "40° at 2m", "50° at 2m", "60° at 2m",
			"70° at 2m", "70° at 2m30s", "70° at 3m", "70° at 3m30s", "70° at 4m", "70° at 4m30s", "70° at 5m"}},
		{Boots, Beginner, []string{"1m at full inversion", "1m30s at full inversion", "2m at full inversion", "2m30s at full inversion",
			"3m at full inversion"}},
	}
	for _, tt := range tests {
		var got []string
		for _, r := range makeLadder(tt.device, tt.level) {
			got = append(got, r.String())
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("makeLadder(%s, %s) mismatch (-want +got):\n%s", tt.device, tt.level, diff)
		}
	}
}

func TestMakePlan(t *testing.T) {
	now := time.Date(2026, 11, 24, 18, 0, 0, 0, time.UTC)
	type want struct {
		Device   Device
		Angle    int
		Duration time.Duration
		Next     string
		Reason   string // a part of the reason
		Caution  string // a part of the caution; empty for none
	}
	tests := []struct {
		name    string
		profile Profile
		hangs   []hang
		want    want
	}{
		{
			name: "first ever hang",
			want: want{Table, 20, time.Minute, "next: 30° at 1m", "First hang: start short and shallow", ""},
		},
		{
			name:    "first hang, intermediate",
			profile: Profile{Level: Intermediate},
			want:    want{Table, 40, 2 * time.Minute, "next: 50° at 2m", "moderate start", ""},
		},
		{
			name:    "first hang, advanced",
			profile: Profile{Level: Advanced},
			want:    want{Table, 60, 2 * time.Minute, "next: 70° at 2m", "moderate start", ""},
		},
		{
			name:    "first hang on a chair",
			profile: Profile{Device: Chair},
			want:    want{Chair, 20, time.Minute, "next: 30° at 1m", "First hang", ""},
		},
		{
			name:    "boots are full inversion, short, and not for beginners",
			profile: Profile{Device: Boots},
			want:    want{Boots, 90, time.Minute, "next: 1m30s at full inversion", "First hang", "not for beginners"},
		},
		{
			name:    "bent-knee device, advanced",
			profile: Profile{Device: BentKnee, Level: Advanced},
			want:    want{BentKnee, 90, 2 * time.Minute, "next: 2m30s at full inversion", "First hang", ""},
		},
		{
			name:  "two completed: repeat",
			hangs: daily(1, 2, 20, time.Minute),
			want:  want{Table, 20, time.Minute, "next: 30° at 1m", "1 more completed hang", ""},
		},
		{
			name:  "three completed: angle first",
			hangs: daily(1, 3, 20, time.Minute),
			want:  want{Table, 30, time.Minute, "next: 30° at 1m30s", "step up: +10°", ""},
		},
		{
			name:  "three completed at 30°: then time",
			hangs: cat(daily(1, 3, 30, time.Minute), daily(4, 3, 20, time.Minute)),
			want:  want{Table, 30, 90 * time.Second, "next: 30° at 2m", "step up: +30s", ""},
		},
		{
			name:  "a step up needs three hangs at the new level",
			hangs: cat(daily(1, 1, 30, time.Minute), daily(2, 3, 20, time.Minute)),
			want:  want{Table, 30, time.Minute, "next: 30° at 1m30s", "2 more completed hangs", ""},
		},
		{
			name:  "reaching the end of the gentle weeks' range",
			hangs: cat(daily(1, 3, 30, 90*time.Second), daily(4, 3, 30, time.Minute)),
			want:  want{Table, 30, 2 * time.Minute, "next: 40° at 2m, after your first two weeks", "step up: +30s", ""},
		},
		{
			name:  "repeating at the end of the gentle weeks' range",
			hangs: cat(daily(1, 1, 30, 2*time.Minute), daily(2, 3, 30, 90*time.Second)),
			want:  want{Table, 30, 2 * time.Minute, "next: 40° at 2m, after your first two weeks", "2 more completed hangs", ""},
		},
		{
			name:  "the first two weeks stay within 30° and 2m",
			hangs: daily(1, 10, 30, 2*time.Minute),
			want:  want{Table, 30, 2 * time.Minute, "next: 40° at 2m, after your first two weeks", "first two weeks", ""},
		},
		{
			name:  "after two weeks the angle grows again",
			hangs: daily(1, 15, 30, 2*time.Minute),
			want:  want{Table, 40, 2 * time.Minute, "next: 50° at 2m", "step up: +10°", ""},
		},
		{
			name:  "a beginner logging big hangs in week one is held back",
			hangs: daily(0.5, 3, 80, 9*time.Minute),
			want:  want{Table, 30, 2 * time.Minute, "next: 40° at 2m, after your first two weeks", "first two weeks", "past the top of the plan (5 minutes"},
		},
		{
			name:  "angle growth stops at 60° on a table",
			hangs: daily(1, 30, 60, 2*time.Minute),
			want:  want{Table, 60, 150 * time.Second, "next: 60° at 3m", "step up: +30s", ""},
		},
		{
			name:    "unless advanced",
			profile: Profile{Level: Advanced},
			hangs:   daily(1, 30, 60, 2*time.Minute),
			want:    want{Table, 70, 2 * time.Minute, "next: 80° at 2m", "step up: +10°", ""},
		},
		{
			name:  "the top of the progression",
			hangs: daily(1, 30, 60, 5*time.Minute),
			want:  want{Table, 60, 5 * time.Minute, "next: keep 60° at 5m; this is the top", "top of the progression", ""},
		},
		{
			name:    "a chair never goes above 70°",
			profile: Profile{Device: Chair, Level: Advanced},
			hangs:   daily(1, 30, 70, 3*time.Minute),
			want:    want{Chair, 70, 210 * time.Second, "next: 70° at 4m", "step up: +30s", ""},
		},
		{
			name:    "boots grow by time only",
			profile: Profile{Device: Boots, Level: Intermediate},
			hangs:   cat([]hang{{daysAgo: 1, device: Boots, dur: 2 * time.Minute}, {daysAgo: 2, device: Boots, angle: 90, dur: 2 * time.Minute}}, daily(3, 1, 90, 2*time.Minute)),
			want:    want{Boots, 90, 150 * time.Second, "next: 3m at full inversion", "step up: +30s", ""},
		},
		{
			name:  "stopped early: one step back",
			hangs: cat([]hang{{daysAgo: 1, device: Table, angle: 60, dur: 80 * time.Second, early: true}}, daily(2, 20, 60, 3*time.Minute)),
			want:  want{Table, 60, 150 * time.Second, "next: 60° at 3m", "stopped early last time, so this one is one step easier", ""},
		},
		{
			name: "stopped early twice: two steps back and a caution",
			hangs: cat([]hang{
				{daysAgo: 1, device: Table, angle: 60, dur: 80 * time.Second, early: true},
				{daysAgo: 2, device: Table, angle: 60, dur: 70 * time.Second, early: true},
			}, daily(3, 20, 60, 3*time.Minute)),
			want: want{Table, 60, 2 * time.Minute, "next: 60° at 2m30s", "2 steps easier", "stopped early twice"},
		},
		{
			name:  "stopped early on the first hang",
			hangs: []hang{{daysAgo: 1, device: Table, angle: 20, dur: 30 * time.Second, early: true}},
			want:  want{Table, 20, time.Minute, "next: 30° at 1m", "You stopped early last time, so stay at the easiest level.", ""},
		},
		{
			name:  "a gap of ten days: one step back",
			hangs: daily(10, 20, 60, 3*time.Minute),
			want:  want{Table, 60, 150 * time.Second, "next: 60° at 3m", "It has been 10 days since your last hang, so this one is one step easier", ""},
		},
		{
			name:  "a gap of a month: four steps back",
			hangs: daily(30, 20, 60, 3*time.Minute),
			want:  want{Table, 40, 2 * time.Minute, "next: 50° at 2m", "It has been 30 days since your last hang, so this one is 4 steps easier", ""},
		},
		{
			name:  "a gap of a year: back to the start",
			hangs: daily(365, 20, 60, 5*time.Minute),
			want:  want{Table, 20, time.Minute, "next: 30° at 1m", "It has been 365 days since your last hang, so this one is 12 steps easier.", ""},
		},
		{
			name:  "a gap and stopped early",
			hangs: cat([]hang{{daysAgo: 8, device: Table, angle: 60, dur: time.Minute, early: true}}, daily(9, 20, 60, 3*time.Minute)),
			want:  want{Table, 60, 2 * time.Minute, "next: 60° at 2m30s", "It has been 8 days and you stopped early last time, so this one is 2 steps easier", ""},
		},
		{
			name:  "hangs on another device do not set the level",
			hangs: []hang{{daysAgo: 1, device: Boots, angle: 90, dur: 3 * time.Minute}, {daysAgo: 2, device: Boots, angle: 90, dur: 3 * time.Minute}},
			want:  want{Table, 20, time.Minute, "next: 30° at 1m", "First hang on the inversion table", ""},
		},
		{
			name: "hangs without a device or angle count with the last known angle",
			hangs: cat([]hang{
				{daysAgo: 1, dur: 2 * time.Minute},
				{daysAgo: 2, device: Table, dur: 2 * time.Minute},
			}, daily(3, 20, 50, 2*time.Minute)),
			want: want{Table, 60, 2 * time.Minute, "next: 60° at 2m30s", "step up: +10°", ""},
		},
		{
			name: "guided routines do not set the level",
			hangs: cat([]hang{
				{daysAgo: 0.5, device: Table, dur: 3 * time.Minute, routine: "core"},
				{daysAgo: 0.6, device: Table, dur: 2 * time.Minute, routine: "decompress"},
			}, daily(1, 20, 40, 2*time.Minute)),
			want: want{Table, 50, 2 * time.Minute, "next: 60° at 2m", "step up: +10°", ""},
		},
		{
			name:  "hangs in the future are ignored",
			hangs: cat([]hang{{daysAgo: -1, device: Table, angle: 60, dur: 5 * time.Minute}}, daily(1, 2, 20, time.Minute)),
			want:  want{Table, 20, time.Minute, "next: 30° at 1m", "1 more completed hang", ""},
		},
		{
			name:    "an unknown device or level falls back to a beginner on a table",
			profile: Profile{Device: "trampoline", Level: "expert"},
			want:    want{Table, 20, time.Minute, "next: 30° at 1m", "First hang", ""},
		},
		{
			name:  "a long last hang earns the caution",
			hangs: cat([]hang{{daysAgo: 1, device: Table, angle: 60, dur: 8 * time.Minute}}, daily(2, 20, 60, 5*time.Minute)),
			want:  want{Table, 60, 5 * time.Minute, "next: keep 60° at 5m; this is the top", "top of the progression", CautionText},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := MakePlan(tt.profile, history(now, tt.hangs...), now)
			got := want{p.Device, p.Angle, p.Duration, p.Next, tt.want.Reason, tt.want.Caution}
			if !strings.Contains(p.Reason, tt.want.Reason) {
				got.Reason = p.Reason
			}
			if (tt.want.Caution == "") != (p.Caution == "") || !strings.Contains(p.Caution, tt.want.Caution) {
				got.Caution = p.Caution
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("MakePlan(%s) mismatch (-want +got):\n%s", tt.name, diff)
			}
		})
	}
}

// TestPlanFollowed follows the plan every day for a year, always
// completing it, and checks the progression is slow, steady and bounded.
func TestPlanFollowed(t *testing.T) {
	for _, p := range []Profile{{}, {Level: Advanced}, {Device: Chair}, {Device: Boots, Level: Intermediate}, {Device: BentKnee}} {
		now := time.Date(2026, 1, 1, 7, 0, 0, 0, time.UTC)
		var hist []Session
		var prev Plan
		for i := range 365 {
			pl := MakePlan(p, hist, now)
			if i > 0 {
				dAngle, dDur := pl.Angle-prev.Angle, pl.Duration-prev.Duration
				if dAngle < 0 || dDur < 0 || dAngle > 10 || dDur > 30*time.Second || (dAngle > 0 && dDur > 0) {
					t.Fatalf("%+v day %d: %d° %v after %d° %v, want one small step up at most", p, i, pl.Angle, pl.Duration, prev.Angle, prev.Duration)
				}
			}
			if p.Level == "" && i < gentleDays && (pl.Angle > gentleAngle && pl.Device == Table || pl.Duration > gentleHang) {
				t.Fatalf("%+v day %d: %d° %v, want at most %d° and %v in the first two weeks", p, i, pl.Angle, pl.Duration, gentleAngle, gentleHang)
			}
			hist = append([]Session{{Start: now, Duration: pl.Duration, Device: pl.Device, Angle: pl.Angle}}, hist...)
			prev = pl
			now = now.Add(24 * time.Hour)
		}
		if prev.Duration != p.Device.PlanCap() {
			t.Errorf("%+v after a year: %d° %v, want the top of the progression", p, prev.Angle, prev.Duration)
		}
	}
}

// TestMakePlanBounds checks, over many random profiles and histories, that
// a plan always stays within the device's range and (0, CautionAbove].
func TestMakePlanBounds(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	devices := append(Devices(), "", "trampoline")
	levels := append(Levels(), "", "expert")
	now := time.Date(2026, 11, 24, 18, 0, 0, 0, time.UTC)
	for i := range 5000 {
		p := Profile{Device: devices[r.IntN(len(devices))], Level: levels[r.IntN(len(levels))]}
		n := r.IntN(40)
		if r.IntN(50) == 0 {
			n = 3000
		}
		hist := make([]Session, n)
		start := now.Add(time.Duration(r.Int64N(int64(48*time.Hour))) - 24*time.Hour)
		for j := range hist {
			hist[j] = Session{
				Start:        start,
				Duration:     time.Duration(r.Int64N(int64(15*time.Minute))) - time.Minute,
				Device:       devices[r.IntN(len(devices))],
				Angle:        r.IntN(120) - 10,
				StoppedEarly: r.IntN(4) == 0,
			}
			start = start.Add(-time.Duration(r.Int64N(int64(20 * 24 * time.Hour))))
		}
		pl := MakePlan(p, hist, now)
		lo, hi := pl.Device.AngleRange()
		if !slices.Contains(Devices(), pl.Device) || pl.Angle < lo || pl.Angle > hi || pl.Duration <= 0 || pl.Duration > CautionAbove {
			t.Fatalf("case %d: MakePlan(%+v, %d sessions) = %+v, want a known device within its range and (0, %v]", i, p, n, pl, CautionAbove)
		}
		if err := pl.Device.CheckAngle("angle", pl.Angle); err != nil {
			t.Fatalf("case %d: plan %+v fails CheckAngle: %v", i, pl, err)
		}
		if pl.Reason == "" || !strings.HasPrefix(pl.Next, "next: ") {
			t.Fatalf("case %d: plan %+v lacks a reason or a next step", i, pl)
		}
		if d, a, dur := Defaults(p, hist, now); d != pl.Device || a != pl.Angle || dur != pl.Duration {
			t.Fatalf("case %d: Defaults = %s, %d, %v, want the plan's %+v", i, d, a, dur, pl)
		}
	}
}
