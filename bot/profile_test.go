package bot

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"github.com/hangtime/hangtime/coach"
)

// failInserts makes every insert into table fail, through a trigger added
// on a connection of the test's own, as a full disk or a broken database
// would make a write fail halfway through a command.
func (f *fixture) failInserts(t *testing.T, table string) {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+f.path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(`CREATE TRIGGER fail_` + table + ` BEFORE INSERT ON ` + table + ` BEGIN SELECT RAISE(ABORT, 'injected failure'); END`); err != nil {
		t.Fatal(err)
	}
}

// A time-zone change that moves the queued reminder is saved whole or not
// at all: when queuing the moved reminder fails, the profile keeps its old
// zone, the old reminder stays, and the reply's "nothing was saved" is true.
func TestProfileSetSavesNothingWhenMovingTheReminderFails(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.command(t, "u1", "profile", `[{"name":"set","type":1,"options":[{"name":"timezone","type":3,"value":"UTC"},{"name":"level","type":3,"value":"beginner"}]}]`)
	f.command(t, "u1", "gym", `[{"name":"schedule","type":1,"options":[{"name":"days","type":3,"value":"daily"},{"name":"end","type":3,"value":"23:00"},{"name":"delay","type":3,"value":"0"}]}]`)
	before, err := f.db.PendingReminders(ctx, "u1", 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(before) != 1 {
		t.Fatalf("pending reminders before = %+v, want one", before)
	}
	f.failInserts(t, "jobs")

	r := f.command(t, "u1", "profile", `[{"name":"set","type":1,"options":[{"name":"timezone","type":3,"value":"Asia/Tokyo"},{"name":"level","type":3,"value":"advanced"}]}]`)
	if r.Content != msgInternal || !r.Ephemeral {
		t.Errorf("/profile set with a failing reminder queue = %+v, want %q", r, msgInternal)
	}
	p, err := f.db.Profile(ctx, "u1")
	if err != nil {
		t.Fatal(err)
	}
	if p.Timezone != "UTC" || p.Level != coach.Beginner {
		t.Errorf("profile after the failed save = zone %q level %q, want UTC and beginner (nothing saved)", p.Timezone, p.Level)
	}
	after, err := f.db.PendingReminders(ctx, "u1", 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != 1 || after[0].ID != before[0].ID || !after[0].Due.Equal(before[0].Due) {
		t.Errorf("pending reminders after the failed save = %+v, want the old one %+v", after, before)
	}
	if !strings.Contains(strings.ToLower(msgInternal), "nothing was saved") {
		t.Fatalf("msgInternal = %q no longer says nothing was saved; this test checks that claim", msgInternal)
	}
}

// Without a gym schedule a time-zone change queues nothing.
func TestProfileSetWithoutScheduleQueuesNoReminder(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	r := f.command(t, "u1", "profile", `[{"name":"set","type":1,"options":[{"name":"timezone","type":3,"value":"Asia/Tokyo"}]}]`)
	if r.Content != "Saved." {
		t.Errorf("/profile set = %q, want Saved.", r.Content)
	}
	pending, err := f.db.PendingReminders(ctx, "u1", 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(pending) != 0 {
		t.Errorf("pending reminders = %+v, want none", pending)
	}
}
