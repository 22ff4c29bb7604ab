package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/hangtime/hangtime/coach"
)

// randomHistory logs n hangs for user over the span before now (a few
// after it, as a corrected hang may be), on random devices, some in
// routines, some stopped early, some sharing a start.
func randomHistory(t *testing.T, db *DB, r *rand.Rand, user string, n int, span time.Duration, now time.Time) []time.Time {
	t.Helper()
	ctx := context.Background()
	devices := append([]coach.Device{""}, coach.Devices()...)
	var starts []time.Time
	for i := range n {
		start := now.Add(-time.Duration(r.Int64N(int64(span/time.Minute))) * time.Minute)
		switch r.IntN(20) {
		case 0:
			start = now.Add(time.Duration(1+r.IntN(600)) * time.Minute)
		case 1:
			if len(starts) > 0 {
				start = starts[r.IntN(len(starts))]
			}
		}
		s := coach.Session{UserID: user, Start: start, Duration: time.Duration(10+r.IntN(300)) * time.Second,
			Device: devices[r.IntN(len(devices))], Angle: []int{0, 20, 30, 45, 60, 90}[r.IntN(6)], StoppedEarly: r.IntN(4) == 0}
		if r.IntN(6) == 0 {
			s.Routine = "decompress"
		}
		if _, _, err := db.LogSession(ctx, s, fmt.Sprintf("%s-%d", user, i), now); err != nil {
			t.Fatal(err)
		}
		starts = append(starts, start)
	}
	return starts
}

// The guard's reads of /hang log give what the whole window gives:
// MakePlan on PlanHistory equals MakePlan on the window's hangs, and
// HangFacts.Beginner equals IsBeginner, for histories shorter and longer
// than the window, over a month or within the gentle weeks after an
// older first hang, with hangs in the future, in routines and on other
// devices.
func TestPlanHistoryAndFactsMatchTheWholeWindow(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	r := rand.New(rand.NewPCG(9, 4))
	now := t0
	levels := append([]coach.Level{""}, coach.Levels()...)
	beginners := map[bool]int{}
	for i := range 40 {
		user := fmt.Sprintf("p%d", i)
		n := []int{0, 1, 5, 9, 10, 25, 199, 200, 201, 260}[i%10] + r.IntN(3)
		span := 30 * 24 * time.Hour
		if i%20 >= 10 {
			// All but the first within the gentle weeks: whether the
			// window reaches back before them turns on its count.
			span = 13 * 24 * time.Hour
			if _, _, err := db.LogSession(ctx, coach.Session{UserID: user, Start: now.Add(-40 * 24 * time.Hour), Duration: time.Minute}, user+"-old", now); err != nil {
				t.Fatal(err)
			}
		}
		randomHistory(t, db, r, user, n, span, now)
		for _, dev := range append([]coach.Device{"", "nonsense"}, coach.Devices()...) {
			p := coach.Profile{UserID: user, Device: dev, Level: levels[r.IntN(len(levels))]}
			window, total, err := db.Sessions(ctx, user, coach.PlanWindow, 0)
			if err != nil {
				t.Fatal(err)
			}
			reduced, err := db.PlanHistory(ctx, user, coach.PlanDevice(p), coach.PlanWindow, coach.PlanDeviceHangs, now)
			if err != nil {
				t.Fatal(err)
			}
			if len(reduced) > coach.PlanDeviceHangs+2 {
				t.Errorf("%s: plan history of %d hangs read %d", user, total, len(reduced))
			}
			if diff := cmp.Diff(coach.MakePlan(p, window, now), coach.MakePlan(p, reduced, now)); diff != "" {
				t.Errorf("%s on %q (%d hangs): plan from PlanHistory differs (-window +reduced):\n%s", user, dev, total, diff)
			}
			f, err := db.HangFacts(ctx, user, now, coach.GentleSince(now), coach.PlanWindow)
			if err != nil {
				t.Fatal(err)
			}
			if f.Total != min(total, 101) {
				t.Errorf("%s: facts count %d hangs, want %d", user, f.Total, total)
			}
			if i%2 == 0 {
				// For a user with a row, one read gives what two give.
				if err := db.AckSafety(ctx, user, t0); err != nil {
					t.Fatal(err)
				}
				wantP, wantMember, err := db.ProfileAndGroups(ctx, user)
				if err != nil {
					t.Fatal(err)
				}
				gotP, gotMember, gotF, err := db.ProfileAndFacts(ctx, user, now, coach.GentleSince(now), coach.PlanWindow)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff([]any{wantP, wantMember, f}, []any{gotP, gotMember, gotF}); diff != "" {
					t.Errorf("%s: ProfileAndFacts differs from ProfileAndGroups and HangFacts (-two reads +one):\n%s", user, diff)
				}
			}
			if read := f.Recent >= 0; read != coach.NeedsRecent(f.Total, f.First, f.Since) {
				t.Errorf("%s (%d hangs, first %v): recent hangs read %v, NeedsRecent %v", user, total, f.First, read, !read)
			}
			if f.Recent >= 0 {
				beginners[f.Beginner()]++
			}
			if got, want := f.Beginner(), coach.IsBeginner(window, total, now); got != want {
				t.Errorf("%s (%d hangs): facts say beginner %v, IsBeginner %v", user, total, got, want)
			}
		}
	}
	// A user never seen: an empty profile and facts of no hangs.
	if p, member, f, err := db.ProfileAndFacts(ctx, "nobody", now, coach.GentleSince(now), coach.PlanWindow); err != nil || p != (coach.Profile{UserID: "nobody"}) || member || f.Total != 0 || !f.First.IsZero() || !f.Beginner() {
		t.Errorf("ProfileAndFacts of a user never seen = %+v, %v, %+v, %v", p, member, f, err)
	}
	// At the edge: the window's oldest starts exactly GentleSince before
	// now, which ends the gentle weeks; one minute later it would not.
	for _, late := range []time.Duration{0, time.Minute} {
		user := fmt.Sprint("edge", late)
		since := coach.GentleSince(now)
		starts := []time.Time{now.Add(-40 * 24 * time.Hour), since.Add(late)}
		for i := range coach.PlanWindow - 1 {
			starts = append(starts, now.Add(-time.Duration(i+1)*time.Hour))
		}
		for i, st := range starts {
			if _, _, err := db.LogSession(ctx, coach.Session{UserID: user, Start: st, Duration: time.Minute}, fmt.Sprintf("%s-%d", user, i), now); err != nil {
				t.Fatal(err)
			}
		}
		f, err := db.HangFacts(ctx, user, now, since, coach.PlanWindow)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := f.Beginner(), late > 0; got != want {
			t.Errorf("window's oldest at GentleSince+%v: beginner %v, want %v (recent %d)", late, got, want, f.Recent)
		}
	}
	if beginners[true] == 0 || beginners[false] == 0 {
		t.Errorf("where the recent hangs were counted, beginners %d, others %d: the test exercises one side only", beginners[true], beginners[false])
	}
}

// MayReachMilestone never says no where Reached, given the whole history,
// finds a milestone: for random histories, zones and added hangs,
// including a user's first ten, their first week and long streaks.
func TestMayReachMilestoneNeverMissesOne(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	r := rand.New(rand.NewPCG(3, 7))
	zones := []string{"UTC", "America/New_York", "Asia/Kolkata", "Pacific/Apia", "Australia/Lord_Howe"}
	skipped, checked := 0, 0
	for i := range 60 {
		user := fmt.Sprintf("m%d", i)
		now := t0.Add(time.Duration(r.IntN(48)) * time.Hour)
		var starts []time.Time
		switch i % 3 {
		case 0: // a daily habit: one or two hangs a day for up to 40 days
			for d := range r.IntN(40) {
				for range 1 + r.IntN(2) {
					starts = append(starts, now.Add(-time.Duration(d)*24*time.Hour-time.Duration(r.IntN(20*60))*time.Minute))
				}
			}
		case 1: // a new user's first days
			for range r.IntN(12) {
				starts = append(starts, now.Add(-time.Duration(r.IntN(9*24*60))*time.Minute))
			}
		default:
			starts = randomHistory(t, db, r, user+"x", r.IntN(120), 30*24*time.Hour, now)
		}
		for j, s := range starts {
			if _, _, err := db.LogSession(ctx, coach.Session{UserID: user, Start: s, Duration: time.Minute}, fmt.Sprintf("%s-%d", user, j), now); err != nil {
				t.Fatal(err)
			}
		}
		loc, err := time.LoadLocation(zones[r.IntN(len(zones))])
		if err != nil {
			t.Fatal(err)
		}
		for range 8 {
			added := now.Add(-time.Duration(r.IntN(3*24*60)) * time.Minute)
			if r.IntN(3) == 0 && len(starts) > 0 {
				added = starts[r.IntN(len(starts))].Add(time.Duration(r.IntN(120)-60) * time.Minute)
				if added.After(now) {
					added = now
				}
			}
			f, err := db.HangFacts(ctx, user, added, coach.GentleSince(now), coach.PlanWindow)
			if err != nil {
				t.Fatal(err)
			}
			all := append(slices.Clone(starts), added)
			in := coach.StreakInput{Sessions: all, Loc: loc, Today: coach.DayOf(now, loc)}
			reached := coach.Reached(in, added)
			checked++
			if !f.MayReachMilestone(loc) {
				skipped++
				if len(reached) > 0 {
					t.Errorf("%s in %s: a hang at %v reaches %+v, but MayReachMilestone says it cannot", user, loc, added, reached)
				}
			}
		}
	}
	if skipped == 0 || skipped == checked {
		t.Errorf("MayReachMilestone said no for %d of %d hangs: the test exercises nothing", skipped, checked)
	}
	t.Logf("MayReachMilestone said no for %d of %d hangs", skipped, checked)
}

// A logged hang is the claim of its interaction, and a claimed interaction
// logs nothing: either order, each once; a user without a row gets one in
// the same write.
func TestLogSessionClaimingIsTheClaim(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	s := coach.Session{UserID: "new", Start: t0, Duration: time.Minute, Device: coach.Table}
	got, created, err := db.LogSessionClaiming(ctx, s, "i1", t0)
	if err != nil || !created || got.ID == 0 {
		t.Fatalf("first LogSessionClaiming = %+v, %v, %v", got, created, err)
	}
	if _, created, err := db.LogSessionClaiming(ctx, s, "i1", t0); err != nil || created {
		t.Errorf("second LogSessionClaiming = %v, %v, want not created", created, err)
	}
	if fresh, err := db.ClaimInteraction(ctx, "i1", t0); err != nil || fresh {
		t.Errorf("ClaimInteraction of a logged interaction = %v, %v, want claimed", fresh, err)
	}
	if fresh, err := db.ClaimInteraction(ctx, "i2", t0); err != nil || !fresh {
		t.Fatalf("ClaimInteraction = %v, %v", fresh, err)
	}
	if _, created, err := db.LogSessionClaiming(ctx, s, "i2", t0); err != nil || created {
		t.Errorf("LogSessionClaiming of a claimed interaction = %v, %v, want not created", created, err)
	}
	if _, n, err := db.Sessions(ctx, "new", 10, 0); err != nil || n != 1 {
		t.Errorf("sessions = %d, %v, want 1", n, err)
	}
	if _, _, err := db.LogSessionClaiming(ctx, s, "", t0); err == nil {
		t.Error("LogSessionClaiming without an interaction succeeded")
	}
}
