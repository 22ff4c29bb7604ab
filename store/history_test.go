package store

import (
	"context"
	"testing"
	"time"

	"github.com/hangtime/hangtime/coach"
)

func TestCorrectSessionIsScopedToItsOwner(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	s, _, err := db.LogSession(ctx, coach.Session{UserID: "u1", Start: t0, Duration: time.Minute, Device: coach.Table, Angle: 30, Note: "x"}, "i-1", t0)
	if err != nil {
		t.Fatal(err)
	}
	fixed := s
	fixed.Duration, fixed.Angle, fixed.Note = 2*time.Minute, 40, "after squats"
	if ok, err := db.CorrectSession(ctx, "u2", fixed); err != nil || ok {
		t.Errorf("CorrectSession by another user = %v, %v, want false", ok, err)
	}
	got, ok, err := db.Session(ctx, "u1", s.ID)
	if err != nil || !ok || got.Duration != time.Minute || got.Angle != 30 || got.Note != "x" {
		t.Fatalf("Session after a stranger's correction = %+v, %v, %v, want it unchanged", got, ok, err)
	}
	if ok, err := db.CorrectSession(ctx, "u1", fixed); err != nil || !ok {
		t.Fatalf("CorrectSession = %v, %v", ok, err)
	}
	got, ok, err = db.Session(ctx, "u1", s.ID)
	if err != nil || !ok || got.Duration != 2*time.Minute || got.Angle != 40 || got.Note != "after squats" || !got.Start.Equal(t0) || got.Device != coach.Table {
		t.Errorf("Session after the correction = %+v, %v, %v", got, ok, err)
	}
}
