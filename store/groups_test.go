package store

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/hangtime/hangtime/coach"
)

func testGroup() coach.Group {
	return coach.Group{GuildID: "g1", ChannelID: "c1", DigestMinute: 20 * 60, Timezone: "Europe/Berlin", CreatedBy: "admin"}
}

func digestJob(key string, due time.Time) coach.Job {
	return coach.Job{Kind: JobDigest, Key: key, Due: due, Payload: `{"guild_id":"g1"}`}
}

// jobState returns the state and due time of the job with key.
func jobState(t *testing.T, db *DB, key string) (string, time.Time) {
	t.Helper()
	var state string
	var due int64
	if err := db.sql.QueryRow(`SELECT state, due_ms FROM jobs WHERE key = ?`, key).Scan(&state, &due); err != nil {
		t.Fatalf("job %s: %v", key, err)
	}
	return state, fromMS(due)
}

func TestSaveGroupUpsertsAndReschedules(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	g := testGroup()
	if err := db.SaveGroup(ctx, g, []coach.Job{digestJob("digest:g1:2026-11-24", t0.Add(9*time.Hour))}, t0); err != nil {
		t.Fatal(err)
	}
	got, ok, err := db.Group(ctx, "g1")
	if err != nil || !ok || got != g {
		t.Fatalf("Group() = %+v, %v, %v, want %+v", got, ok, err, g)
	}
	if _, ok := mustGet2(db.Group(ctx, "other"))(t); ok {
		t.Error("Group(other) found a group")
	}

	// A new time: the old pending digest is withdrawn, the new one queued.
	g.ChannelID, g.DigestMinute, g.CreatedBy = "c2", 7*60, "someone else"
	if err := db.SaveGroup(ctx, g, []coach.Job{digestJob("digest:g1:2026-11-25", t0.Add(20*time.Hour))}, t0); err != nil {
		t.Fatal(err)
	}
	got, _ = mustGet2(db.Group(ctx, "g1"))(t)
	if got.ChannelID != "c2" || got.DigestMinute != 7*60 || got.CreatedBy != "admin" {
		t.Errorf("after a second setup Group() = %+v, want channel c2, 07:00, created by admin", got)
	}
	if state, _ := jobState(t, db, "digest:g1:2026-11-24"); state != coach.JobCancelled {
		t.Errorf("old digest job is %s, want cancelled", state)
	}
	// Back to the first day: its withdrawn job is revived with the new time.
	due := t0.Add(10 * time.Hour)
	if err := db.SaveGroup(ctx, g, []coach.Job{digestJob("digest:g1:2026-11-24", due)}, t0); err != nil {
		t.Fatal(err)
	}
	if state, at := jobState(t, db, "digest:g1:2026-11-24"); state != coach.JobPending || !at.Equal(due) {
		t.Errorf("revived digest job is %s at %v, want pending at %v", state, at, due)
	}
	if state, _ := jobState(t, db, "digest:g1:2026-11-25"); state != coach.JobCancelled {
		t.Errorf("replaced digest job is %s, want cancelled", state)
	}
	// A running job is left alone.
	if _, err := db.ClaimDue(ctx, due, time.Minute, 10); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveGroup(ctx, g, []coach.Job{digestJob("digest:g1:2026-11-24", due.Add(time.Hour))}, due); err != nil {
		t.Fatal(err)
	}
	if state, at := jobState(t, db, "digest:g1:2026-11-24"); state != coach.JobRunning || !at.Equal(due) {
		t.Errorf("running digest job is %s at %v after a setup, want running at %v", state, at, due)
	}
	// Another guild's jobs are not touched.
	other := coach.Group{GuildID: "g10", ChannelID: "c", Timezone: "UTC", CreatedBy: "x"}
	if err := db.SaveGroup(ctx, other, []coach.Job{{Kind: JobDigest, Key: "digest:g10:2026-11-25", Due: due}}, t0); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveGroup(ctx, g, nil, t0); err != nil {
		t.Fatal(err)
	}
	if state, _ := jobState(t, db, "digest:g10:2026-11-25"); state != coach.JobPending {
		t.Errorf("guild g10's digest is %s after g1's setup, want pending", state)
	}
}

func TestMembershipJoinLeaveAndForget(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	if err := db.SaveGroup(ctx, testGroup(), nil, t0); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveProfile(ctx, coach.Profile{UserID: "u1", Timezone: "Asia/Tokyo"}, t0); err != nil {
		t.Fatal(err)
	}
	if joined, err := db.JoinGroup(ctx, "g1", "u1", true, t0); err != nil || !joined {
		t.Fatalf("JoinGroup(u1) = %v, %v", joined, err)
	}
	if joined, err := db.JoinGroup(ctx, "g1", "u1", false, t0.Add(time.Hour)); err != nil || joined {
		t.Errorf("JoinGroup(u1) again = %v, %v, want false", joined, err)
	}
	if joined, err := db.JoinGroup(ctx, "g1", "u2", false, t0.Add(time.Minute)); err != nil || !joined {
		t.Fatalf("JoinGroup(u2) = %v, %v", joined, err)
	}
	m, ok, err := db.Membership(ctx, "g1", "u1")
	want := coach.Member{UserID: "u1", Nudges: true, Timezone: "Asia/Tokyo", Joined: t0}
	if err != nil || !ok || m != want {
		t.Errorf("Membership(u1) = %+v, %v, %v, want %+v (the second join changed nothing)", m, ok, err, want)
	}
	if ok := mustGet(db.SetNudges(ctx, "g1", "u1", false))(t); !ok {
		t.Error("SetNudges(u1) = false")
	}
	if ok := mustGet(db.SetNudges(ctx, "g1", "u3", false))(t); ok {
		t.Error("SetNudges(u3, not a member) = true")
	}
	members, err := db.GroupMembers(ctx, "g1")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]coach.Member{
		{UserID: "u1", Timezone: "Asia/Tokyo", Joined: t0},
		{UserID: "u2", Joined: t0.Add(time.Minute)},
	}, members); diff != "" {
		t.Errorf("GroupMembers (-want +got):\n%s", diff)
	}
	groups, err := db.MemberGroups(ctx, "u2")
	if err != nil || len(groups) != 1 || groups[0].GuildID != "g1" {
		t.Errorf("MemberGroups(u2) = %+v, %v", groups, err)
	}
	if left := mustGet(db.LeaveGroup(ctx, "g1", "u2"))(t); !left {
		t.Error("LeaveGroup(u2) = false")
	}
	if left := mustGet(db.LeaveGroup(ctx, "g1", "u2"))(t); left {
		t.Error("LeaveGroup(u2) twice = true")
	}
	if err := db.Forget(ctx, "u1"); err != nil {
		t.Fatal(err)
	}
	if members := mustGet(db.GroupMembers(ctx, "g1"))(t); len(members) != 0 {
		t.Errorf("members after u2 left and u1 was forgotten = %+v", members)
	}
}

func TestGroupActivityIsWindowedAndFiltered(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	if err := db.SaveGroup(ctx, testGroup(), nil, t0); err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{"u1", "u2"} {
		if _, err := db.JoinGroup(ctx, "g1", u, false, t0); err != nil {
			t.Fatal(err)
		}
	}
	log := func(u string, start time.Time, d time.Duration) {
		t.Helper()
		if _, _, err := db.LogSession(ctx, coach.Session{UserID: u, Start: start, Duration: d}, "", t0); err != nil {
			t.Fatal(err)
		}
	}
	since := t0.Add(-48 * time.Hour)
	log("u1", since.Add(-time.Second), time.Minute) // before the window
	log("u1", since, 2*time.Minute)
	log("u2", t0, 3*time.Minute)
	log("outsider", t0, 4*time.Minute) // not a member
	if err := db.AddRest(ctx, "u1", day(t, "2026-11-01"), t0); err != nil {
		t.Fatal(err)
	}
	if err := db.AddRest(ctx, "u1", day(t, "2026-11-23"), t0); err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.StartPause(ctx, "u2", coach.Pause{From: day(t, "2026-10-01")}, t0); err != nil {
		t.Fatal(err)
	}

	act, err := db.GroupActivity(ctx, "g1", since, time.Time{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]*coach.Activity{
		"u1": {Sessions: []coach.Session{{UserID: "u1", Start: since, Duration: 2 * time.Minute}}, Rests: []coach.Day{day(t, "2026-11-23")}},
		"u2": {Sessions: []coach.Session{{UserID: "u2", Start: t0, Duration: 3 * time.Minute}}, Pauses: []coach.Pause{{From: day(t, "2026-10-01")}}},
	}
	if diff := cmp.Diff(want, act); diff != "" {
		t.Errorf("GroupActivity(since) (-want +got):\n%s", diff)
	}

	act, err = db.GroupActivity(ctx, "g1", time.Time{}, time.Time{}, []string{"u1"})
	if err != nil {
		t.Fatal(err)
	}
	if len(act) != 1 || len(act["u1"].Sessions) != 2 || len(act["u1"].Rests) != 2 {
		t.Errorf("GroupActivity(all, only u1) = %+v, want u1's 2 sessions and 2 rest days", act)
	}
	act, err = db.GroupActivity(ctx, "g1", time.Time{}, since, []string{"u1", "u2"})
	if err != nil {
		t.Fatal(err)
	}
	if len(act["u1"].Sessions) != 1 || act["u1"].Sessions[0].Start != since.Add(-time.Second) || act["u2"] == nil || len(act["u2"].Sessions) != 0 {
		t.Errorf("GroupActivity(until since) = %+v, want only u1's session before since", act)
	}
	if act, err := db.GroupActivity(ctx, "g1", time.Time{}, time.Time{}, []string{}); err != nil || len(act) != 0 {
		t.Errorf("GroupActivity(only none) = %+v, %v", act, err)
	}
}

func TestGroupPostsAreRecordedOnce(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	if err := db.SaveGroup(ctx, testGroup(), nil, t0); err != nil {
		t.Fatal(err)
	}
	key := "digest:g1:2026-11-24"
	if posted := mustGet(db.GroupPosted(ctx, key))(t); posted {
		t.Fatal("GroupPosted before recording = true")
	}
	var firsts []bool
	for _, id := range []string{"m1", "m2"} {
		first, err := db.RecordGroupPost(ctx, key, "g1", id, t0)
		if err != nil {
			t.Fatal(err)
		}
		firsts = append(firsts, first)
	}
	if !slices.Equal(firsts, []bool{true, false}) {
		t.Errorf("RecordGroupPost twice = %v, want [true false]", firsts)
	}
	if posted := mustGet(db.GroupPosted(ctx, key))(t); !posted {
		t.Error("GroupPosted after recording = false")
	}
}
