package coach

import (
	"testing"
	"time"
)

func TestIsBeginner(t *testing.T) {
	now := time.Date(2026, 11, 24, 18, 0, 0, 0, time.UTC)
	hangs := func(n int, firstDaysAgo int) []Session {
		out := make([]Session, n)
		for i := range out { // newest first
			out[i] = Session{Start: now.Add(-time.Duration(firstDaysAgo*24)*time.Hour + time.Duration(n-1-i)*time.Hour)}
		}
		return out
	}
	tests := []struct {
		name    string
		history []Session
		want    bool
	}{
		{"no hangs", nil, true},
		{"nine hangs over a month", hangs(9, 30), true},
		{"ten hangs in the first week", hangs(10, 6), true},
		{"ten hangs over a month", hangs(10, 30), false},
		{"twenty hangs, first 15 days ago", hangs(20, 15), false},
	}
	for _, tt := range tests {
		if got := IsBeginner(tt.history, len(tt.history), now); got != tt.want {
			t.Errorf("IsBeginner(%s) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestBeyondPlan(t *testing.T) {
	pl := Plan{Device: Table, Angle: 20, Duration: time.Minute}
	tests := []struct {
		target time.Duration
		angle  int
		want   bool
	}{
		{time.Minute, 20, false},
		{2 * time.Minute, 35, false},
		{2*time.Minute + time.Second, 20, true}, // over twice the plan's
		{10 * time.Minute, 90, true},            // the reported case
		{time.Minute, 36, true},                 // more than 15° above
		{time.Minute, 0, false},                 // no angle given
	}
	for _, tt := range tests {
		if got := BeyondPlan(pl, tt.target, tt.angle); got != tt.want {
			t.Errorf("BeyondPlan(1m at 20°, %v, %d°) = %v, want %v", tt.target, tt.angle, got, tt.want)
		}
	}
	long := Plan{Device: Table, Angle: 40, Duration: 2 * time.Minute}
	if !BeyondPlan(long, 3*time.Minute+time.Second, 40) {
		t.Error("BeyondPlan(2m plan, 3m01s) = false, want over 3 minutes to ask")
	}
}
