package bot

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/hangtime/hangtime/coach"
)

// memStreaks is an in-memory backend of the streak feature alone: it
// implements streakStore and nothing more, which is all a second backend
// needs before /streak runs on it.
type memStreaks struct {
	starts []time.Time // newest first
	rests  []coach.Day
	pauses []coach.Pause
}

func (m *memStreaks) Profile(ctx context.Context, userID string) (coach.Profile, error) {
	return coach.Profile{UserID: userID}, nil
}

// StreakRecord: no gym schedules, so the streak counts calendar days.
func (m *memStreaks) StreakRecord(ctx context.Context, userID string) (coach.StreakRecord, error) {
	return coach.StreakRecord{Starts: m.starts, Rests: m.rests, Pauses: m.pauses}, nil
}

func (m *memStreaks) AddRest(ctx context.Context, userID string, day coach.Day, now time.Time) error {
	m.rests = append(m.rests, day)
	return nil
}

func (m *memStreaks) StartPause(ctx context.Context, userID string, p coach.Pause, now time.Time) (coach.Pause, bool, error) {
	for _, q := range m.pauses {
		if (p.To.IsZero() || !p.To.Before(q.From)) && (q.To.IsZero() || !q.To.Before(p.From)) {
			return q, false, nil
		}
	}
	m.pauses = append(m.pauses, p)
	return p, true, nil
}

func (m *memStreaks) EndPause(ctx context.Context, userID string, today coach.Day) (bool, error) {
	for i, p := range m.pauses {
		if p.Contains(today) {
			m.pauses[i].To = today.AddDays(-1)
			return true, nil
		}
	}
	return false, nil
}

func (m *memStreaks) Pauses(ctx context.Context, userID string) ([]coach.Pause, error) {
	return m.pauses, nil
}

// Group and MemberGroups: no groups here, so days count in UTC.
func (m *memStreaks) Group(ctx context.Context, guildID string) (coach.Group, bool, error) {
	return coach.Group{}, false, nil
}

func (m *memStreaks) MemberGroups(ctx context.Context, userID string) ([]coach.Group, error) {
	return nil, nil
}

// TestStreakFeatureOnItsOwnStore: a feature runs on any backend of its own
// narrow interface; this one keeps no gym schedules, and knows of groups
// only where their zone is.
func TestStreakFeatureOnItsOwnStore(t *testing.T) {
	ctx := context.Background()
	mem := &memStreaks{starts: []time.Time{t0.Add(-24 * time.Hour), t0.Add(-48 * time.Hour)}}
	s := &streakFeature{Bot: New(Config{Now: func() time.Time { return t0 }}), store: mem}
	today := coach.DayOf(t0, time.UTC)

	r, err := s.streakRest(ctx, &Request{UserID: "u1"})
	if err != nil {
		t.Fatalf("streakRest: %v", err)
	}
	if got := replyText(r); !strings.Contains(got, "is a rest day") || !strings.Contains(got, "Current streak: **2 days**") {
		t.Errorf("streakRest = %q, want a rest day that keeps the 2-day streak", got)
	}
	if len(mem.rests) != 1 || mem.rests[0] != today {
		t.Errorf("rest days stored = %v, want [%v]", mem.rests, today)
	}

	r, err = s.streakPause(ctx, &Request{UserID: "u1", Options: Options{"days": int64(3)}})
	if err != nil {
		t.Fatalf("streakPause: %v", err)
	}
	if want := coach.NewPause(today, 3); len(mem.pauses) != 1 || mem.pauses[0] != want {
		t.Errorf("pauses stored = %v, want [%v]", mem.pauses, want)
	}
	if got := replyText(r); !strings.Contains(got, "paused") {
		t.Errorf("streakPause = %q, want the pause confirmed", got)
	}
	var ue *UserError
	if _, err := s.streakPause(ctx, &Request{UserID: "u1", Options: Options{"days": int64(2)}}); err == nil || !errors.As(err, &ue) || !strings.Contains(ue.Msg, "already paused") {
		t.Errorf("second streakPause = %v, want the overlap refused", err)
	}
}
