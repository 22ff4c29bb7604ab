package store

import (
	"context"
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
	if got := mustGet(db.Rests(ctx, "u1"))(t); len(got) != 0 {
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
	if q, ok := mustGet2(db.StartPause(ctx, "u1", coach.NewPause(day(t, "2027-03-01"), 1), t0))(t); ok || q != open {
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
