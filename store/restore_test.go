package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/hangtime/hangtime/coach"
)

// Restoring a backup adds what the account lacks, once.
func TestRestoreAddsOnce(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	day := coach.DayOf(t0, time.UTC)
	b := coach.Backup{
		Profile:   coach.Profile{Device: coach.Chair, Timezone: "Europe/Berlin", SafetyAck: t0},
		Sessions:  []coach.Session{{Start: t0.Add(-time.Hour), Duration: time.Minute, Angle: 30, Note: "n", StoppedEarly: true}, {Start: t0, Duration: 2 * time.Minute}},
		Rests:     []coach.Day{day.AddDays(-1)},
		Pauses:    []coach.Pause{{From: day.AddDays(-10), To: day.AddDays(-8)}},
		Gym:       []coach.GymSchedule{{Days: coach.Weekdays(0b10), End: 1080, Delay: 5 * time.Minute, Destination: "dm"}},
		Reminders: []coach.Reminder{{Days: coach.Weekdays(0b100), Minute: 600}},
	}
	gymJob := func(g coach.GymSchedule) coach.Job {
		return coach.Job{Kind: "reminder", UserID: "u1", Key: fmt.Sprintf("gym:u1:%d:1", g.ID), Due: t0.Add(time.Hour)}
	}
	remindJob := func(r coach.Reminder) coach.Job {
		return coach.Job{Kind: "reminder", UserID: "u1", Key: fmt.Sprintf("remind:u1:%d:1", r.ID), Due: t0.Add(time.Hour)}
	}
	r, err := db.Restore(ctx, "u1", b, gymJob, remindJob, t0)
	if err != nil {
		t.Fatal(err)
	}
	if want := (coach.Restored{Profile: true, Sessions: 2, Rests: 1, Pauses: 1, Gym: 1, Reminders: 1}); r != want {
		t.Errorf("Restore = %+v, want %+v", r, want)
	}
	if r, err := db.Restore(ctx, "u1", b, gymJob, remindJob, t0); err != nil || r != (coach.Restored{}) {
		t.Errorf("Restore again = %+v, %v, want nothing added", r, err)
	}
}
