package store

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/hangtime/hangtime/coach"
)

func day(t *testing.T, s string) coach.Day {
	t.Helper()
	d, err := coach.ParseDay("day", s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestRestsAreIdempotentAndPerUser(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	if got, err := db.Rests(ctx, "u1"); err != nil || len(got) != 0 {
		t.Fatalf("Rests(new user) = %v, %v, want none", got, err)
	}
	for _, s := range []string{"2026-11-24", "2026-11-17", "2026-11-24"} {
		if err := db.AddRest(ctx, "u1", day(t, s), t0); err != nil {
			t.Fatalf("AddRest(%s): %v", s, err)
		}
	}
	if err := db.AddRest(ctx, "u2", day(t, "2026-11-20"), t0); err != nil {
		t.Fatal(err)
	}
	got, err := db.Rests(ctx, "u1")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]coach.Day{day(t, "2026-11-17"), day(t, "2026-11-24")}, got); diff != "" {
		t.Errorf("Rests(u1) mismatch (-want +got):\n%s", diff)
	}
	if err := db.AddRest(ctx, "u1", coach.Day{}, t0); err == nil {
		t.Error("AddRest(zero day) = nil, want an error")
	}
	// Forgetting the user removes their rest days with them.
	if err := db.Forget(ctx, "u1"); err != nil {
		t.Fatal(err)
	}
	if got, err := db.Rests(ctx, "u1"); err != nil {
		t.Fatal(err)
	} else if len(got) != 0 {
		t.Errorf("Rests after Forget = %v, want none", got)
	}
}

func TestStartPauseRefusesOverlap(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	first := coach.NewPause(day(t, "2026-11-24"), 5) // 24th to 28th
	if q, ok, err := db.StartPause(ctx, "u1", first, t0); err != nil || !ok || q != first {
		t.Fatalf("StartPause(first) = %v, %v, %v, want it stored", q, ok, err)
	}
	for _, p := range []coach.Pause{
		coach.NewPause(day(t, "2026-11-28"), 3), // starts on its last day
		coach.NewPause(day(t, "2026-11-20"), 5), // ends on its first day
		coach.NewPause(day(t, "2026-11-25"), 1), // inside it
		coach.NewPause(day(t, "2026-11-01"), 60),
		{From: day(t, "2026-11-10")}, // open-ended, from before
	} {
		q, ok, err := db.StartPause(ctx, "u1", p, t0)
		if err != nil || ok || q != first {
			t.Errorf("StartPause(%v) = %v, %v, %v, want refused because of %v", p, q, ok, err, first)
		}
	}
	// Adjacent pauses and other users' pauses are fine.
	for _, c := range []struct {
		user string
		p    coach.Pause
	}{
		{"u1", coach.NewPause(day(t, "2026-11-29"), 2)},
		{"u1", coach.NewPause(day(t, "2026-11-20"), 4)},
		{"u2", coach.NewPause(day(t, "2026-11-25"), 1)},
	} {
		if _, ok, err := db.StartPause(ctx, c.user, c.p, t0); err != nil || !ok {
			t.Errorf("StartPause(%s, %v) = %v, %v, want it stored", c.user, c.p, ok, err)
		}
	}
	// An open-ended pause is in the way of everything after its start.
	open := coach.Pause{From: day(t, "2026-12-10")}
	if _, ok, err := db.StartPause(ctx, "u1", open, t0); err != nil || !ok {
		t.Fatalf("StartPause(open) = %v, %v", ok, err)
	}
	if q, ok, err := db.StartPause(ctx, "u1", coach.NewPause(day(t, "2027-03-01"), 1), t0); err != nil {
		t.Fatal(err)
	} else if ok || q != open {
		t.Errorf("StartPause after an open pause = %v, %v, want refused because of %v", q, ok, open)
	}
	if _, _, err := db.StartPause(ctx, "u1", coach.Pause{From: day(t, "2026-12-05"), To: day(t, "2026-12-01")}, t0); err == nil {
		t.Error("StartPause(ending before it starts) = nil error")
	}
	got, err := db.Pauses(ctx, "u1")
	if err != nil {
		t.Fatal(err)
	}
	want := []coach.Pause{
		{From: day(t, "2026-11-20"), To: day(t, "2026-11-23")},
		first,
		{From: day(t, "2026-11-29"), To: day(t, "2026-11-30")},
		open,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Pauses mismatch (-want +got):\n%s", diff)
	}
}

func TestEndPause(t *testing.T) {
	ctx := context.Background()
	today := coach.DayOf(t0, time.UTC) // 2026-11-24
	tests := []struct {
		name   string
		pauses []coach.Pause
		ended  bool
		want   []coach.Pause
	}{
		{"none", nil, false, nil},
		{
			"over already",
			[]coach.Pause{coach.NewPause(today.AddDays(-5), 5)}, // ended yesterday
			false,
			[]coach.Pause{coach.NewPause(today.AddDays(-5), 5)},
		},
		{
			"current ends yesterday",
			[]coach.Pause{coach.NewPause(today.AddDays(-3), 10)},
			true,
			[]coach.Pause{{From: today.AddDays(-3), To: today.AddDays(-1)}},
		},
		{
			"open-ended ends yesterday",
			[]coach.Pause{{From: today.AddDays(-8)}},
			true,
			[]coach.Pause{{From: today.AddDays(-8), To: today.AddDays(-1)}},
		},
		{
			"started today is removed",
			[]coach.Pause{coach.NewPause(today.AddDays(-9), 2), coach.NewPause(today, 3)},
			true,
			[]coach.Pause{coach.NewPause(today.AddDays(-9), 2)},
		},
		{
			"last day today",
			[]coach.Pause{coach.NewPause(today.AddDays(-1), 2)},
			true,
			[]coach.Pause{{From: today.AddDays(-1), To: today.AddDays(-1)}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, _ := openTemp(t)
			for _, p := range tt.pauses {
				if _, ok, err := db.StartPause(ctx, "u1", p, t0); err != nil || !ok {
					t.Fatalf("StartPause(%v) = %v, %v", p, ok, err)
				}
			}
			ended, err := db.EndPause(ctx, "u1", today)
			if err != nil || ended != tt.ended {
				t.Errorf("EndPause = %v, %v, want %v", ended, err, tt.ended)
			}
			got, err := db.Pauses(ctx, "u1")
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Pauses after EndPause mismatch (-want +got):\n%s", diff)
			}
			// A pause can start again today once the last one is ended.
			if tt.ended {
				if _, ok, err := db.StartPause(ctx, "u1", coach.NewPause(today, 2), t0); err != nil || !ok {
					t.Errorf("StartPause(today) after EndPause = %v, %v, want it stored", ok, err)
				}
			}
		})
	}
}

// TestStreakRecordReadsWhatTheSeparateReadsDo: the record holds the
// user's starts newest first (ties by the later log), rest days, pauses and
// gym schedules, as the separate reads give them, and nothing of another
// user's.
func TestStreakRecordReadsWhatTheSeparateReadsDo(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	if rec, err := db.StreakRecord(ctx, "nobody"); err != nil || len(rec.Starts)+len(rec.Rests)+len(rec.Pauses)+len(rec.Gym) != 0 {
		t.Fatalf("StreakRecord(unknown user) = %+v, %v, want an empty record", rec, err)
	}
	for i, start := range []time.Time{t0.Add(-50 * time.Hour), t0, t0.Add(-26 * time.Hour), t0, t0.Add(-3 * time.Hour)} {
		for _, u := range []string{"u1", "u2"} {
			if _, _, err := db.LogSession(ctx, coach.Session{UserID: u, Start: start, Duration: time.Duration(i+1) * time.Minute, Device: coach.Table}, "", t0); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := db.AddRest(ctx, "u1", day(t, "2026-11-20"), t0); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := db.StartPause(ctx, "u1", coach.NewPause(day(t, "2026-11-10"), 3), t0); err != nil || !ok {
		t.Fatalf("StartPause = %v, %v", ok, err)
	}
	if _, _, err := db.AddGymSchedule(ctx, coach.GymSchedule{UserID: "u1", Days: 0b0010101, End: 18 * 60, Destination: "dm"}, 3,
		func(id int64) coach.Job {
			return coach.Job{Kind: "reminder", UserID: "u1", Key: "gym:u1:" + strconv.FormatInt(id, 10) + ":1", Due: t0.Add(2 * time.Hour), Payload: `{"source":"schedule","dest":"dm"}`}
		}, t0); err != nil {
		t.Fatal(err)
	}
	if err := db.AddRest(ctx, "u2", day(t, "2026-11-21"), t0); err != nil {
		t.Fatal(err)
	}

	rec, err := db.StreakRecord(ctx, "u1")
	if err != nil {
		t.Fatal(err)
	}
	sessions, err := db.SessionsSince(ctx, "u1", time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	var starts []time.Time
	for _, s := range sessions {
		starts = append(starts, s.Start)
	}
	rests, err := db.Rests(ctx, "u1")
	if err != nil {
		t.Fatal(err)
	}
	pauses, err := db.Pauses(ctx, "u1")
	if err != nil {
		t.Fatal(err)
	}
	gym, err := db.GymSchedules(ctx, "u1")
	if err != nil {
		t.Fatal(err)
	}
	want := coach.StreakRecord{Starts: starts, Rests: rests, Pauses: pauses, Gym: gym}
	if len(starts) != 5 || len(rests) != 1 || len(pauses) != 1 || len(gym) != 1 {
		t.Fatalf("separate reads = %+v, want 5 starts, a rest day, a pause and a schedule", want)
	}
	if diff := cmp.Diff(want, rec); diff != "" {
		t.Errorf("StreakRecord(u1) mismatch (-separate reads +record):\n%s", diff)
	}
	if !rec.Starts[0].Equal(t0) || !rec.Starts[4].Equal(t0.Add(-50*time.Hour)) {
		t.Errorf("starts = %v, want newest first", rec.Starts)
	}
}
