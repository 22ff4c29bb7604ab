package store

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/hangtime/hangtime/coach"
)

func TestRemindersAddListRemove(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	job := func(id int64) coach.Job {
		return coach.Job{Kind: "reminder", UserID: "u1", Key: "remind:u1:" + strconv.FormatInt(id, 10) + ":1", Due: t0.Add(time.Hour), Payload: `{"source":"plain"}`}
	}
	var ids []int64
	for i := range 2 {
		id, n, err := db.AddReminder(ctx, coach.Reminder{UserID: "u1", Days: 0x7f, Minute: 600 + i}, 2, job, t0)
		if err != nil || id == 0 || n != i+1 {
			t.Fatalf("AddReminder #%d = %d, %d, %v", i+1, id, n, err)
		}
		ids = append(ids, id)
	}
	if id, n, err := db.AddReminder(ctx, coach.Reminder{UserID: "u1", Days: 1, Minute: 1}, 2, job, t0); err != nil || id != 0 || n != 2 {
		t.Errorf("AddReminder over the limit = %d, %d, %v", id, n, err)
	}
	rs, err := db.Reminders(ctx, "u1")
	if err != nil || len(rs) != 2 || rs[0].ID != ids[0] || rs[1].Minute != 601 || rs[0].Days != 0x7f {
		t.Fatalf("Reminders = %+v, %v", rs, err)
	}
	if ok, err := db.RemoveReminder(ctx, "u2", ids[0], "remind:u2:"+strconv.FormatInt(ids[0], 10)+":", t0); err != nil || ok {
		t.Errorf("RemoveReminder of someone else's = %v, %v", ok, err)
	}
	if ok, err := db.RemoveReminder(ctx, "u1", ids[0], "remind:u1:"+strconv.FormatInt(ids[0], 10)+":", t0); err != nil || !ok {
		t.Fatalf("RemoveReminder = %v, %v", ok, err)
	}
	for k, want := range map[string]string{"remind:u1:" + strconv.FormatInt(ids[0], 10) + ":1": coach.JobCancelled, "remind:u1:" + strconv.FormatInt(ids[1], 10) + ":1": coach.JobPending} {
		if state, _ := jobState(t, db, k); state != want {
			t.Errorf("%s is %s, want %s", k, state, want)
		}
	}
	if err := db.Forget(ctx, "u1"); err != nil {
		t.Fatal(err)
	}
	if rs, err := db.Reminders(ctx, "u1"); err != nil || len(rs) != 0 {
		t.Errorf("Reminders after Forget = %+v, %v", rs, err)
	}
}
