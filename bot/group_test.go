package bot

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/hangtime/hangtime/coach"
	"github.com/hangtime/hangtime/internal/dbtest"
	"github.com/hangtime/hangtime/store"
)

const (
	grpGuild   = "100"
	grpChannel = "500"
	grpAdmin   = "admin"
)

// grpSent is one message the fake outbox was asked to post.
type grpSent struct {
	channel, nonce, id string
	r                  Reply
}

// grpOutbox records sends and, like Discord, answers a repeated nonce with
// the first message instead of posting again. Sends to a channel in
// noAccess fail as Discord does when the bot cannot see it.
type grpOutbox struct {
	mu       sync.Mutex
	attempts []grpSent
	posted   []grpSent
	nonces   map[string]string
	noAccess map[string]bool
	failNext error // returned once, after the message was posted
}

func (o *grpOutbox) Send(ctx context.Context, channelID string, r Reply, nonce string) (string, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	s := grpSent{channel: channelID, nonce: nonce, r: r}
	o.attempts = append(o.attempts, s)
	if o.noAccess[channelID] {
		return "", fmt.Errorf("send message: %w", ErrNoAccess)
	}
	if id, ok := o.nonces[channelID+"/"+nonce]; ok && nonce != "" {
		return id, nil
	}
	s.id = fmt.Sprintf("m%d", len(o.posted)+1)
	o.posted = append(o.posted, s)
	if o.nonces == nil {
		o.nonces = map[string]string{}
	}
	o.nonces[channelID+"/"+nonce] = s.id
	if err := o.failNext; err != nil {
		o.failNext = nil
		return "", err
	}
	return s.id, nil
}

func (o *grpOutbox) Edit(ctx context.Context, ref string, r Reply) error { return nil }

func (o *grpOutbox) DMChannel(ctx context.Context, userID string) (string, error) {
	return "dm-" + userID, nil
}

func (o *grpOutbox) posts() []grpSent {
	o.mu.Lock()
	defer o.mu.Unlock()
	return slices.Clone(o.posted)
}

// grpWorld is a bot on a real database file with a settable clock.
type grpWorld struct {
	path   string
	db     *store.DB
	bot    *Bot
	out    *grpOutbox
	now    time.Time
	n      int
	attach map[string]*discordgo.MessageAttachment // on every request run sends
}

func newGrpWorld(t testing.TB) *grpWorld {
	t.Helper()
	w := &grpWorld{path: dbtest.Path(t, filepath.Join(t.TempDir(), "h.db")), out: &grpOutbox{}, now: t0}
	w.db, w.bot = w.open(t)
	return w
}

// open makes another process-like bot on the same database file.
func (w *grpWorld) open(t testing.TB) (*store.DB, *Bot) {
	t.Helper()
	db, err := store.Open(context.Background(), w.path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, New(Config{Store: db, Now: func() time.Time { return w.now }, Outbox: w.out})
}

// run sends a command as user in the test guild ("" guild for a DM).
func (w *grpWorld) run(user, guild string, perms int64, command string, opts Options) Reply {
	w.n++
	if opts == nil {
		opts = Options{}
	}
	req := &Request{ID: fmt.Sprint(9000 + w.n), Kind: KindCommand, UserID: user, GuildID: guild, ChannelID: grpChannel,
		Permissions: perms, Command: command, Options: opts, Attachments: w.attach}
	return w.bot.Handle(context.Background(), req)
}

func (w *grpWorld) setup(t *testing.T, opts Options) Reply {
	t.Helper()
	if opts == nil {
		opts = Options{}
	}
	opts["channel"] = grpChannel
	r := w.run(grpAdmin, grpGuild, discordgo.PermissionManageGuild, "group setup", opts)
	if r.Ephemeral && !strings.Contains(r.Content, "✅") {
		t.Fatalf("/group setup = %q", r.Content)
	}
	return r
}

func (w *grpWorld) join(t *testing.T, user string, nudges bool) {
	t.Helper()
	if r := w.run(user, grpGuild, 0, "group join", Options{"nudges": nudges}); !strings.Contains(r.Content, "Welcome") {
		t.Fatalf("/group join as %s = %q", user, r.Content)
	}
}

// hang logs a hang that ended at end, straight in the database.
func (w *grpWorld) hang(t testing.TB, user string, end time.Time, d time.Duration) {
	t.Helper()
	if _, _, err := w.db.LogSession(context.Background(), coach.Session{UserID: user, Start: end.Add(-d), Duration: d}, "", end); err != nil {
		t.Fatal(err)
	}
}

// grpResult is what a runner made of a job.
type grpResult struct {
	job         coach.Job
	state, note string
	err         error
}

// runDue claims the jobs due now and runs each with the bot's runner for
// its kind, as the scheduler would.
func (w *grpWorld) runDue(t testing.TB, b *Bot) []grpResult {
	t.Helper()
	jobs, err := w.db.ClaimDue(context.Background(), "test", w.now, time.Minute, 100)
	if err != nil {
		t.Fatal(err)
	}
	runners := b.Runners()
	var out []grpResult
	for _, j := range jobs {
		if j.Kind != jobDigest && j.Kind != jobRecap && j.Kind != jobShoutout {
			continue
		}
		o, err := runners[j.Kind](context.Background(), j, w.now)
		out = append(out, grpResult{j, o.State, o.Note, err})
		if err == nil {
			if err := w.db.FinishJob(context.Background(), j.ID, o.State, o.Note, time.Time{}, w.now); err != nil {
				t.Fatal(err)
			}
		}
	}
	return out
}

func embedText(r Reply) string {
	var sb strings.Builder
	for _, e := range r.Embeds {
		sb.WriteString(e.Title + "\n" + e.Description)
		if e.Footer != nil {
			sb.WriteString("\n" + e.Footer.Text)
		}
	}
	return sb.String()
}

func TestGroupSetupRefusesAndWritesNothing(t *testing.T) {
	w := newGrpWorld(t)
	w.out.noAccess = map[string]bool{"hidden": true}
	cases := []struct {
		name  string
		guild string
		perms int64
		opts  Options
		want  string
	}{
		{"in a DM", "", discordgo.PermissionAdministrator, Options{"channel": grpChannel}, "belong to a server"},
		{"without Manage Server", grpGuild, discordgo.PermissionSendMessages, Options{"channel": grpChannel}, "needs the **Manage Server** permission"},
		{"a channel the bot cannot see", grpGuild, discordgo.PermissionManageGuild, Options{"channel": "hidden"}, "can't post in <#hidden>"},
		{"a bad digest time", grpGuild, discordgo.PermissionAdministrator, Options{"channel": grpChannel, "digest": "25:00"}, "**digest**"},
		{"a bad time zone", grpGuild, discordgo.PermissionManageGuild, Options{"channel": grpChannel, "timezone": "Mars/Olympus"}, "not a time zone"},
		{"no channel", grpGuild, discordgo.PermissionManageGuild, Options{}, "**channel** is required"},
	}
	for _, c := range cases {
		r := w.run(grpAdmin, c.guild, c.perms, "group setup", c.opts)
		if !r.Ephemeral || !strings.Contains(r.Content, c.want) {
			t.Errorf("%s: /group setup = %q, want an ephemeral %q", c.name, r.Content, c.want)
		}
	}
	if _, ok, err := w.db.Group(context.Background(), grpGuild); err != nil {
		t.Fatal(err)
	} else if ok {
		t.Error("a refused setup saved a group")
	}
	if p := w.out.posts(); len(p) != 0 {
		t.Errorf("refused setups posted %d messages", len(p))
	}
	if due, ok, err := w.db.NextDue(context.Background()); err != nil {
		t.Fatal(err)
	} else if ok {
		t.Errorf("refused setups queued a job due %v", due)
	}
	// Without a group, joining, leaving, showing and the leaderboard say so.
	for _, c := range []string{"group join", "group leave", "group show", "leaderboard"} {
		if r := w.run("u1", grpGuild, 0, c, nil); !r.Ephemeral || !strings.Contains(r.Content, "no accountability group yet") {
			t.Errorf("/%s without a group = %q", c, r.Content)
		}
	}
}

func TestGroupSetupAnnouncesSavesAndSchedules(t *testing.T) {
	w := newGrpWorld(t)
	ctx := context.Background()
	r := w.setup(t, Options{"digest": "21:30", "timezone": "Europe/Berlin"})
	if !r.Ephemeral || !strings.Contains(r.Content, "**21:30** (Europe/Berlin)") || len(r.Mentions) != 0 {
		t.Errorf("/group setup = %+v", r)
	}
	posts := w.out.posts()
	if len(posts) != 1 || posts[0].channel != grpChannel || !strings.Contains(posts[0].r.Content, "daily digest here at **21:30**") ||
		len(posts[0].r.Mentions) != 0 || posts[0].nonce == "" || len(posts[0].nonce) > 25 {
		t.Fatalf("announcement = %+v", posts)
	}
	g, ok, err := w.db.Group(ctx, grpGuild)
	if err != nil {
		t.Fatal(err)
	}
	if !ok || g.ChannelID != grpChannel || g.DigestMinute != 21*60+30 || g.Timezone != "Europe/Berlin" || g.CreatedBy != grpAdmin {
		t.Errorf("saved group = %+v", g)
	}
	// t0 is Tuesday 2026-11-24 18:00 UTC: 21:30 in Berlin is 20:30 UTC.
	j, _, ok, err := jobByKey(t, w.db, "digest:"+grpGuild+":2026-11-24")
	if err != nil {
		t.Fatal(err)
	}
	if !ok || !j.Due.Equal(time.Date(2026, 11, 24, 20, 30, 0, 0, time.UTC)) {
		t.Errorf("first digest job = %+v, %v", j, ok)
	}
	if j, _, ok, err := jobByKey(t, w.db, "recap:"+grpGuild+":2026-W48"); err != nil {
		t.Fatal(err)
	} else if !ok || !j.Due.Equal(time.Date(2026, 11, 29, 20, 30, 1, 0, time.UTC)) {
		t.Errorf("first recap job = %+v, %v", j, ok)
	}
	// An administrator may change it; the old digest is withdrawn.
	w.run(grpAdmin, grpGuild, discordgo.PermissionAdministrator, "group setup", Options{"channel": grpChannel, "digest": "07:00"})
	if _, state, _, err := jobByKey(t, w.db, "digest:"+grpGuild+":2026-11-24"); err != nil {
		t.Fatal(err)
	} else if state != coach.JobCancelled {
		t.Errorf("old digest job is %s after a new setup, want cancelled", state)
	}
	for i, key := range []string{"2026-11-25", "2026-11-26"} {
		want := time.Date(2026, 11, 25+i, 6, 0, 0, 0, time.UTC)
		if j, state, ok, err := jobByKey(t, w.db, "digest:"+grpGuild+":"+key); err != nil {
			t.Fatal(err)
		} else if !ok || state != coach.JobPending || !j.Due.Equal(want) {
			t.Errorf("new digest job = %+v %s, want pending at %v", j, state, want)
		}
	}
}

// jobByKey finds a job by its key through the store's public API.
func jobByKey(t testing.TB, db *store.DB, key string) (coach.Job, string, bool, error) {
	t.Helper()
	// Ids are dense on SQLite; PostgreSQL's identity skips the values of
	// inserts that met a conflict, so stop only after a run of misses.
	for id, misses := int64(1), 0; id < 1000 && misses < 50; id++ {
		j, state, ok, err := db.Job(context.Background(), id)
		if err != nil {
			return coach.Job{}, "", false, err
		}
		if !ok {
			misses++
			continue
		}
		misses = 0
		if j.Key == key {
			return j, state, true, nil
		}
	}
	return coach.Job{}, "", false, nil
}

func TestGroupJoinLeaveAndShow(t *testing.T) {
	w := newGrpWorld(t)
	w.setup(t, nil)
	if r := w.run("u1", "", 0, "group join", nil); !strings.Contains(r.Content, "belong to a server") {
		t.Errorf("/group join in a DM = %q", r.Content)
	}
	w.join(t, "u1", false)
	r := w.run("u1", grpGuild, 0, "group join", nil)
	if !r.Ephemeral || !strings.Contains(r.Content, "already in this server's group (nudges off)") {
		t.Errorf("joining twice = %q", r.Content)
	}
	if r := w.run("u1", grpGuild, 0, "group join", Options{"nudges": true}); !strings.Contains(r.Content, "nudges are now **on**") {
		t.Errorf("joining again with nudges:true = %q", r.Content)
	}
	if m, _, err := w.db.Membership(context.Background(), grpGuild, "u1"); err != nil {
		t.Fatal(err)
	} else if !m.Nudges {
		t.Error("nudges are still off")
	}
	w.join(t, "u2", true)
	r = w.run("u2", grpGuild, 0, "group show", nil)
	if txt := embedText(r); !r.Ephemeral || !strings.Contains(txt, "<#"+grpChannel+">") || !strings.Contains(txt, "**20:00** (UTC)") ||
		!strings.Contains(txt, "Members (2):** <@u1>, <@u2>") || !strings.Contains(txt, "nudges **on**") {
		t.Errorf("/group show = %q", txt)
	}
	if r := w.run("u2", grpGuild, 0, "group leave", nil); !strings.Contains(r.Content, "left the group") {
		t.Errorf("/group leave = %q", r.Content)
	}
	if r := w.run("u2", grpGuild, 0, "group leave", nil); !r.Ephemeral || !strings.Contains(r.Content, "not in this server's group") {
		t.Errorf("leaving twice = %q", r.Content)
	}
	if members, err := w.db.GroupMembers(context.Background(), grpGuild); err != nil {
		t.Fatal(err)
	} else if len(members) != 1 || members[0].UserID != "u1" {
		t.Errorf("members = %+v, want u1 only", members)
	}
}

// digestWorld has a group with digests at 20:00 UTC and members: alice
// hung today with a 3-day streak; bob (nudges) has a 2-day streak but not
// today; carol (nudges) has no streak; dave (no nudges) nothing; erin hung
// today but forgot her data.
func digestWorld(t *testing.T) *grpWorld {
	w := newGrpWorld(t)
	w.setup(t, nil)
	for _, u := range []struct {
		id     string
		nudges bool
	}{{"alice", false}, {"bob", true}, {"carol", true}, {"dave", false}, {"erin", true}} {
		w.join(t, u.id, u.nudges)
	}
	day := 24 * time.Hour
	for i := range 3 {
		w.hang(t, "alice", t0.Add(-time.Duration(i)*day), 150*time.Second)
	}
	w.hang(t, "alice", t0.Add(-time.Hour), 150*time.Second)
	w.hang(t, "bob", t0.Add(-day), time.Minute)
	w.hang(t, "bob", t0.Add(-2*day), time.Minute)
	w.hang(t, "erin", t0, time.Minute)
	if err := w.db.Forget(context.Background(), "erin"); err != nil {
		t.Fatal(err)
	}
	return w
}

func TestDigestContentMentionsAndExactlyOnce(t *testing.T) {
	w := digestWorld(t)
	ctx := context.Background()
	w.now = time.Date(2026, 11, 24, 20, 0, 0, 0, time.UTC)
	res := w.runDue(t, w.bot)
	if len(res) != 1 || res[0].err != nil || res[0].state != coach.JobDone {
		t.Fatalf("runners at 20:00 = %+v, want the digest done", res)
	}
	posts := w.out.posts()
	if len(posts) != 2 {
		t.Fatalf("posts = %d, want the announcement and the digest", len(posts))
	}
	dg := posts[1]
	txt := embedText(dg.r)
	for _, want := range []string{"Daily digest — Tue, Nov 24", "**1 of 4 members** hung today — **5m** in all", "1. <@alice> · **5m** · 🔥 3 days",
		"Streaks still alive", "<@bob> 🔥 2"} {
		if !strings.Contains(txt, want) {
			t.Errorf("digest embed lacks %q:\n%s", want, txt)
		}
	}
	if strings.Contains(txt+dg.r.Content, "erin") {
		t.Errorf("a forgotten member is in the digest:\n%s\n%s", dg.r.Content, txt)
	}
	slices.Sort(dg.r.Mentions)
	if !slices.Equal(dg.r.Mentions, []string{"bob", "carol"}) {
		t.Errorf("digest may ping %v, want exactly bob and carol", dg.r.Mentions)
	}
	if !strings.Contains(dg.r.Content, "<@bob>") || !strings.Contains(dg.r.Content, "<@carol>") || strings.Contains(dg.r.Content, "alice") || strings.Contains(dg.r.Content, "dave") {
		t.Errorf("nudge = %q, want bob and carol only", dg.r.Content)
	}
	if posted, err := w.db.GroupPosted(ctx, "digest:"+grpGuild+":2026-11-24"); err != nil {
		t.Fatal(err)
	} else if !posted {
		t.Error("the digest was not recorded")
	}
	if j, state, ok, err := jobByKey(t, w.db, "digest:"+grpGuild+":2026-11-25"); err != nil {
		t.Fatal(err)
	} else if !ok || state != coach.JobPending || !j.Due.Equal(w.now.Add(24*time.Hour)) {
		t.Errorf("next digest = %+v %s", j, state)
	}

	// Running the same job again (a retry, a lease that ran out, a second
	// process) posts nothing.
	_, b2 := w.open(t)
	if o, err := b2.Runners()[jobDigest](ctx, res[0].job, w.now); err != nil || o.State != coach.JobDone || o.Note != "already posted" {
		t.Errorf("second run = %+v, %v", o, err)
	}
	if n := len(w.out.posts()); n != 2 {
		t.Errorf("posts after a second run = %d, want 2", n)
	}
}

func TestDigestCrashBetweenSendAndRecordPostsOnce(t *testing.T) {
	w := digestWorld(t)
	w.now = time.Date(2026, 11, 24, 20, 0, 0, 0, time.UTC)
	w.out.failNext = fmt.Errorf("connection reset")
	res := w.runDue(t, w.bot)
	if len(res) != 1 || res[0].err == nil {
		t.Fatalf("first run = %+v, want an error after the send", res)
	}
	// The job is retried: the same nonce makes Discord return the message.
	if o, err := w.bot.Runners()[jobDigest](context.Background(), res[0].job, w.now); err != nil || o.State != coach.JobDone {
		t.Fatalf("retry = %+v, %v", o, err)
	}
	if n := len(w.out.posts()); n != 2 {
		t.Errorf("messages posted = %d, want the announcement and one digest", n)
	}
	a := w.out.attempts
	if len(a) != 3 || a[1].nonce != a[2].nonce || a[1].nonce != groupNonce(res[0].job) {
		t.Errorf("send attempts = %+v, want two with the job's nonce", a)
	}
}

func TestDigestLateWithinGraceElseMissed(t *testing.T) {
	w := digestWorld(t)
	// Down over the 20:00 digest, back at 21:30: posted late.
	w.now = time.Date(2026, 11, 24, 21, 30, 0, 0, time.UTC)
	if res := w.runDue(t, w.bot); len(res) != 1 || res[0].state != coach.JobDone || !strings.Contains(res[0].note, "late") {
		t.Fatalf("late digest = %+v", res)
	}
	// Down from before the next digest until 23:00 the day after it:
	// missed, not posted, and the next day's is queued.
	w.now = time.Date(2026, 11, 26, 23, 0, 0, 0, time.UTC)
	res := w.runDue(t, w.bot)
	if len(res) != 1 || res[0].state != coach.JobMissed {
		t.Fatalf("digest 27 hours late = %+v, want missed", res)
	}
	if n := len(w.out.posts()); n != 2 {
		t.Errorf("posts = %d, want the announcement and the late digest", n)
	}
	if _, state, ok, err := jobByKey(t, w.db, "digest:"+grpGuild+":2026-11-27"); err != nil {
		t.Fatal(err)
	} else if !ok || state != coach.JobPending {
		t.Errorf("after the missed digest of Nov 25, Nov 27's is %q (found %v), want pending", state, ok)
	}
	if _, _, ok, err := jobByKey(t, w.db, "digest:"+grpGuild+":2026-11-26"); err != nil {
		t.Fatal(err)
	} else if ok {
		t.Error("a digest for Nov 26, long past, was queued")
	}
}

// TestSetupWhileTheDigestRunsPostsOnce: /group setup moves today's digest
// later while today's is being posted. Today's goes out once, and the new
// time holds from tomorrow.
func TestSetupWhileTheDigestRunsPostsOnce(t *testing.T) {
	w := digestWorld(t)
	ctx := context.Background()
	jobs, err := w.db.ClaimDue(ctx, "test", time.Date(2026, 11, 24, 20, 0, 0, 0, time.UTC), time.Minute, 10)
	if err != nil || len(jobs) != 1 {
		t.Fatalf("claim = %v, %v", jobs, err)
	}
	w.setup(t, Options{"digest": "22:00"})
	w.now = time.Date(2026, 11, 24, 20, 0, 0, 0, time.UTC)
	if o, err := w.bot.Runners()[jobDigest](ctx, jobs[0], w.now); err != nil || o.State != coach.JobDone {
		t.Fatalf("running digest = %+v, %v", o, err)
	}
	if err := w.db.FinishJob(ctx, jobs[0].ID, coach.JobDone, "", time.Time{}, w.now); err != nil {
		t.Fatal(err)
	}
	w.now = time.Date(2026, 11, 24, 22, 0, 0, 0, time.UTC)
	if res := w.runDue(t, w.bot); len(res) != 0 {
		t.Errorf("at the new time on the same day: %+v, want nothing", res)
	}
	w.now = time.Date(2026, 11, 25, 22, 0, 0, 0, time.UTC)
	if res := w.runDue(t, w.bot); len(res) != 1 || res[0].job.Key != "digest:"+grpGuild+":2026-11-25" || res[0].state != coach.JobDone {
		t.Errorf("the next day at 22:00: %+v, want Nov 25's digest", res)
	}
	digests := 0
	for _, p := range w.out.posts() {
		if strings.Contains(embedText(p.r), "Daily digest") {
			digests++
		}
	}
	if digests != 2 {
		t.Errorf("digests posted = %d, want one for each day", digests)
	}
}

func TestDigestToAChannelTheBotLostIsUndeliverable(t *testing.T) {
	w := digestWorld(t)
	w.out.noAccess = map[string]bool{grpChannel: true}
	w.now = time.Date(2026, 11, 24, 20, 0, 0, 0, time.UTC)
	res := w.runDue(t, w.bot)
	if len(res) != 1 || res[0].err != nil || res[0].state != coach.JobUndeliverable || !strings.Contains(res[0].note, "cannot post") {
		t.Errorf("digest to a lost channel = %+v", res)
	}
	if _, state, ok, err := jobByKey(t, w.db, "digest:"+grpGuild+":2026-11-25"); err != nil {
		t.Fatal(err)
	} else if !ok || state != coach.JobPending {
		t.Error("the next digest was not queued")
	}
}

func TestMilestoneShoutoutOncePerRun(t *testing.T) {
	w := newGrpWorld(t)
	ctx := context.Background()
	w.setup(t, nil)
	w.join(t, "u1", false)
	if err := w.db.AckSafety(ctx, "u1", t0); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 6; i++ {
		w.hang(t, "u1", t0.Add(-time.Duration(i)*24*time.Hour), time.Minute)
	}
	logHang := func() {
		t.Helper()
		if r := w.run("u1", grpGuild, 0, "hang log", Options{"duration": "90s"}); !strings.Contains(r.Content, "Logged") {
			t.Fatalf("/hang log = %q", r.Content)
		}
	}
	logHang()
	logHang() // a second hang the same day: still one milestone
	res := w.runDue(t, w.bot)
	var shouts []grpResult
	for _, r := range res {
		if r.job.Kind == jobShoutout {
			shouts = append(shouts, r)
		}
	}
	if len(shouts) != 1 || shouts[0].state != coach.JobDone {
		t.Fatalf("shout-outs = %+v, want one done", shouts)
	}
	wantKey := "shoutout:" + grpGuild + ":u1:7:2026-11-18"
	if shouts[0].job.Key != wantKey {
		t.Errorf("shout-out key = %q, want %q", shouts[0].job.Key, wantKey)
	}
	posts := w.out.posts()
	last := posts[len(posts)-1]
	if !strings.Contains(last.r.Content, "<@u1>") || !strings.Contains(last.r.Content, "**7-day** streak") || len(last.r.Mentions) != 0 {
		t.Errorf("shout-out = %+v, want u1 named without a ping", last.r)
	}
	// The next day, 8 days: nothing to celebrate.
	w.now = w.now.Add(24 * time.Hour)
	logHang()
	for _, r := range w.runDue(t, w.bot) {
		if r.job.Kind == jobShoutout {
			t.Errorf("a shout-out for an 8-day streak: %+v", r.job)
		}
	}
}

// TestLeaderboardRanksByDaysThenStreak: dave's one long hang does not
// outrank bob's two short days.
func TestLeaderboardRanksByDaysThenStreak(t *testing.T) {
	w := digestWorld(t)
	w.hang(t, "dave", t0.Add(-time.Hour), 4*time.Minute)
	r := w.run("carol", grpGuild, 0, "leaderboard", nil)
	txt := embedText(r)
	if r.Ephemeral || len(r.Mentions) != 0 {
		t.Errorf("/leaderboard is ephemeral %v or pings %v", r.Ephemeral, r.Mentions)
	}
	for _, want := range []string{"last 7 days", "**3 of 4 members**", "🥇 <@alice> · **3 days** · 10m · 4 hangs · 🔥 3 days", "🥈 <@bob> · **2 days** · 2m", "🥉 <@dave> · **1 day** · 4m", "**You:** no hangs", "never the key"} {
		if !strings.Contains(txt, want) {
			t.Errorf("/leaderboard lacks %q:\n%s", want, txt)
		}
	}
	if r := w.run("carol", grpGuild, 0, "leaderboard", Options{"period": "all"}); !r.Ephemeral || !strings.Contains(r.Content, "week or month") {
		t.Errorf("/leaderboard period:all = %q", r.Content)
	}
}

func TestWeeklyRecapOnSunday(t *testing.T) {
	w := digestWorld(t)
	w.now = time.Date(2026, 11, 29, 20, 0, 5, 0, time.UTC)
	var recap *grpResult
	for _, r := range w.runDue(t, w.bot) {
		if r.job.Kind == jobRecap {
			recap = &r
		}
	}
	if recap == nil || recap.state != coach.JobDone {
		t.Fatalf("recap = %+v", recap)
	}
	posts := w.out.posts()
	txt := embedText(posts[len(posts)-1].r)
	if !strings.Contains(txt, "Weekly recap — Mon, Nov 23 to Sun, Nov 29") || !strings.Contains(txt, "🥇 <@alice>") {
		t.Errorf("recap = %s", txt)
	}
	if _, state, ok, err := jobByKey(t, w.db, "recap:"+grpGuild+":2026-W49"); err != nil {
		t.Fatal(err)
	} else if !ok || state != coach.JobPending {
		t.Error("next week's recap is not queued")
	}
}

// countingStore counts the calls a digest makes to the store.
type countingStore struct {
	*store.DB
	mu    sync.Mutex
	calls map[string]int
}

func (c *countingStore) count(name string) {
	c.mu.Lock()
	c.calls[name]++
	c.mu.Unlock()
}

func (c *countingStore) GroupMembers(ctx context.Context, guildID string) ([]coach.Member, error) {
	c.count("GroupMembers")
	return c.DB.GroupMembers(ctx, guildID)
}

func (c *countingStore) GroupActivity(ctx context.Context, guildID string, since, until time.Time, only []string) (map[string]*coach.Activity, error) {
	c.count("GroupActivity")
	return c.DB.GroupActivity(ctx, guildID, since, until, only)
}

func (c *countingStore) Profile(ctx context.Context, userID string) (coach.Profile, error) {
	c.count("Profile")
	return c.DB.Profile(ctx, userID)
}

func (c *countingStore) SessionsSince(ctx context.Context, userID string, since time.Time) ([]coach.Session, error) {
	c.count("SessionsSince")
	return c.DB.SessionsSince(ctx, userID, since)
}

func (c *countingStore) Sessions(ctx context.Context, userID string, limit, offset int) ([]coach.Session, int, error) {
	c.count("Sessions")
	return c.DB.Sessions(ctx, userID, limit, offset)
}

func (c *countingStore) Membership(ctx context.Context, guildID, userID string) (coach.Member, bool, error) {
	c.count("Membership")
	return c.DB.Membership(ctx, guildID, userID)
}

func TestDigestReadsInABoundedNumberOfQueries(t *testing.T) {
	w := newGrpWorld(t)
	w.setup(t, nil)
	const n = 400
	now := time.Date(2026, 11, 24, 20, 0, 0, 0, time.UTC)
	seedGroup(t, w.path, grpGuild, n, now)
	db, err := store.Open(context.Background(), w.path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	cs := &countingStore{DB: db, calls: map[string]int{}}
	// The group feature alone, on a store that counts its calls.
	b := &groupFeature{Bot: New(Config{Now: func() time.Time { return now }, Outbox: w.out}), store: cs}
	g, _, err := db.Group(context.Background(), grpGuild)
	if err != nil {
		t.Fatal(err)
	}
	r, ok, err := b.composeDigest(context.Background(), g, coach.DayOf(now, time.UTC), now)
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	want := map[string]int{"GroupMembers": 1, "GroupActivity": 2}
	if !maps(cs.calls, want) {
		t.Errorf("store calls for a %d-member digest = %v, want %v", n, cs.calls, want)
	}
	checkLimits(t, r)
	// Members whose streaks are longer than the first lookback get them
	// in full: member 130 hung on each of the last 60 days.
	st, err := b.standings(context.Background(), grpGuild, now.Add(-time.Hour), now, now)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range st {
		if s.UserID == fmt.Sprintf("4%017d", 130) && s.Streak != 60 {
			t.Errorf("member 130's streak = %d, want 60", s.Streak)
		}
	}
}

func maps(got, want map[string]int) bool {
	if len(got) != len(want) {
		return false
	}
	for k, v := range want {
		if got[k] != v {
			return false
		}
	}
	return true
}

// checkLimits fails when r breaks Discord's message limits.
func checkLimits(t testing.TB, r Reply) {
	t.Helper()
	if n := textLen(r.Content); n > 2000 {
		t.Errorf("content is %d characters, over 2,000", n)
	}
	if len(r.Embeds) > 10 {
		t.Errorf("%d embeds, over 10", len(r.Embeds))
	}
	total := 0
	for _, e := range r.Embeds {
		if n := textLen(e.Title); n > 256 {
			t.Errorf("embed title is %d characters", n)
		}
		if n := textLen(e.Description); n > 4096 {
			t.Errorf("embed description is %d characters", n)
		}
		total += textLen(e.Title) + textLen(e.Description)
		if e.Footer != nil {
			total += textLen(e.Footer.Text)
		}
	}
	if total > 6000 {
		t.Errorf("embeds hold %d characters, over 6,000", total)
	}
	if len(r.Mentions) > 100 {
		t.Errorf("%d users may be pinged, over Discord's 100", len(r.Mentions))
	}
	for _, id := range r.Mentions {
		if !strings.Contains(r.Content, "<@"+id+">") {
			t.Errorf("%s may be pinged but is not named in the content", id)
		}
	}
}

// seedGroup adds n members to guild's group straight in the database
// file, with their hangs up to now: member i hung on each of the last i%70
// days (today included when i%3 != 0), so streaks range from none to
// longer than the digest's first lookback; every other member has nudges
// on.
func seedGroup(t testing.TB, path, guild string, n int, now time.Time) {
	t.Helper()
	db := dbtest.Raw(t, path)
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	user, err := tx.Prepare(dbtest.SQL(`INSERT INTO users(user_id, created_ms) VALUES(?, ?)`))
	if err != nil {
		t.Fatal(err)
	}
	member, err := tx.Prepare(dbtest.SQL(`INSERT INTO group_members(guild_id, user_id, nudges, joined_ms) VALUES(?, ?, ?, ?)`))
	if err != nil {
		t.Fatal(err)
	}
	hang, err := tx.Prepare(dbtest.SQL(`INSERT INTO sessions(user_id, started_ms, duration_ms, created_ms) VALUES(?, ?, ?, ?)`))
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		id := fmt.Sprintf("4%017d", i)
		must(t, user, id, now.UnixMilli())
		must(t, member, guild, id, i%2, now.UnixMilli())
		first := 1
		if i%3 != 0 {
			first = 0
		}
		for d := first; d < i%70; d++ {
			start := now.Add(-time.Duration(d)*24*time.Hour - time.Hour)
			must(t, hang, id, start.UnixMilli(), int64(60+i%120)*1000, start.UnixMilli())
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

func must(t testing.TB, st *sql.Stmt, args ...any) {
	t.Helper()
	if _, err := st.Exec(args...); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkDigest5000 computes and renders the daily digest of a group of
// 5,000 members with about 170,000 hangs between them.
func BenchmarkDigest5000(b *testing.B) {
	w := newGrpWorld(b)
	now := time.Date(2026, 11, 24, 20, 0, 0, 0, time.UTC)
	g := coach.Group{GuildID: grpGuild, ChannelID: grpChannel, DigestMinute: 20 * 60, Timezone: "UTC", CreatedBy: grpAdmin}
	if err := w.db.SaveGroup(context.Background(), g, nil, nil, now); err != nil {
		b.Fatal(err)
	}
	seedGroup(b, w.path, grpGuild, 5000, now)
	w.now = now
	day := coach.DayOf(now, time.UTC)
	grp := &groupFeature{Bot: w.bot, store: w.db}
	var r Reply
	for b.Loop() {
		var ok bool
		var err error
		if r, ok, err = grp.composeDigest(context.Background(), g, day, now); err != nil || !ok {
			b.Fatal(ok, err)
		}
	}
	checkLimits(b, r)
}
