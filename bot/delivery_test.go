package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/jonboulle/clockwork"
	"golang.org/x/time/rate"

	"github.com/hangtime/hangtime/coach"
	"github.com/hangtime/hangtime/internal/dbtest"
	"github.com/hangtime/hangtime/internal/discordtest"
	"github.com/hangtime/hangtime/schedule"
	"github.com/hangtime/hangtime/store"
)

// delivery is a bot whose outbox talks REST to the fake Discord server, a
// database file, and a fake clock: what the scheduler's reminder runner
// needs, without a gateway.
type delivery struct {
	srv   *discordtest.Server
	path  string
	db    *store.DB
	clock *clockwork.FakeClock
	bot   *Bot
}

func newDelivery(t testing.TB, pace *rate.Limiter) *delivery {
	t.Helper()
	srv, err := discordtest.Start(discordtest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	d := &delivery{srv: srv, path: dbtest.Path(t, filepath.Join(t.TempDir(), "h.db")), clock: clockwork.NewFakeClockAt(t0)}
	d.db, d.bot = d.open(t, pace)
	return d
}

// open makes another process-like bot on the same database file.
func (d *delivery) open(t testing.TB, pace *rate.Limiter) (*store.DB, *Bot) {
	t.Helper()
	db, s := d.process(t)
	s.Client = &http.Client{Transport: d.srv.Transport()}
	var p *Pacer
	if pace != nil {
		p = NewPacer(pace)
	}
	return db, d.botOn(db, s, p)
}

// process opens d's database file and a session, as another process
// serving the bot would.
func (d *delivery) process(t testing.TB) (*store.DB, *discordgo.Session) {
	t.Helper()
	db, err := store.Open(context.Background(), d.path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	s, err := discordgo.New("Bot test")
	if err != nil {
		t.Fatal(err)
	}
	return db, s
}

// botOn is a bot on db whose outbox sends through s, paced by p.
func (d *delivery) botOn(db *store.DB, s *discordgo.Session, p *Pacer) *Bot {
	return New(Config{Store: db, Now: d.clock.Now, Outbox: &DiscordOutbox{Session: s, Pace: p, DMs: db, Now: d.clock.Now}})
}

func (d *delivery) scheduler(t testing.TB, db *store.DB, b *Bot, batch int) *schedule.Scheduler {
	t.Helper()
	s, err := schedule.New(db, b.Runners(), schedule.Options{Clock: d.clock, Batch: batch})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func userN(i int) string { return fmt.Sprintf("3%017d", i) }

// queue adds n reminders due now, one per user, and returns their ids.
func (d *delivery) queue(t testing.TB, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		j := newJob(jobReminder, laneReminder, userN(i), "test:"+userN(i), d.clock.Now(), reminderPayload{Source: "done", Dest: "dm"})
		if _, _, err := d.db.AddJob(context.Background(), j, d.clock.Now()); err != nil {
			t.Fatal(err)
		}
	}
}

// reminderCounts returns, per DM channel, how many reminders it holds.
func (d *delivery) reminderCounts() map[string]int {
	counts := map[string]int{}
	for _, r := range d.srv.Requests() {
		if r.Method == "POST" && strings.HasSuffix(r.Path, "/messages") {
			ch := strings.Split(r.Path, "/")[4]
			if _, seen := counts[ch]; !seen {
				counts[ch] = 0
				for _, m := range d.srv.Messages(ch) {
					if strings.Contains(m.Content, "Time to decompress") {
						counts[ch]++
					}
				}
			}
		}
	}
	return counts
}

func assertEachOnce(t *testing.T, d *delivery, n int) {
	t.Helper()
	counts := d.reminderCounts()
	if len(counts) != n {
		t.Errorf("reminders reached %d channels, want %d", len(counts), n)
	}
	for ch, c := range counts {
		if c != 1 {
			t.Errorf("channel %s got %d reminders, want 1", ch, c)
		}
	}
}

// TestCrashBetweenSendAndRecordPostsOnce: a process claims a reminder,
// sends it and dies before recording; after the lease the job runs again,
// and Discord's nonce makes the second send return the first message.
func TestCrashBetweenSendAndRecordPostsOnce(t *testing.T) {
	d := newDelivery(t, nil)
	ctx := context.Background()
	d.queue(t, 1)
	jobs, err := d.db.ClaimDue(ctx, "test", d.clock.Now(), time.Minute, 10)
	if err != nil || len(jobs) != 1 {
		t.Fatalf("claim = %v, %v", jobs, err)
	}
	if _, err := d.bot.Runners()[jobReminder](ctx, jobs[0], d.clock.Now()); err != nil {
		t.Fatal(err)
	}
	// The process dies here: no FinishJob. A new one starts on the same file.
	db2, b2 := d.open(t, nil)
	d.clock.Advance(2 * time.Minute)
	if n := d.scheduler(t, db2, b2, 10).Drain(ctx); n != 1 {
		t.Fatalf("the restarted dispatcher ran %d jobs, want the 1 whose lease ran out", n)
	}
	var nonces []string
	for _, r := range d.srv.Requests() {
		if r.Method == "POST" && strings.HasSuffix(r.Path, "/messages") {
			var p struct{ Nonce string }
			json.Unmarshal(r.JSON, &p)
			nonces = append(nonces, p.Nonce)
		}
	}
	if len(nonces) != 2 || nonces[0] != nonces[1] || nonces[0] == "" {
		t.Errorf("sends carried nonces %q, want the same one twice", nonces)
	}
	assertEachOnce(t, d, 1)
	if _, state, _, err := db2.Job(ctx, jobs[0].ID); err != nil {
		t.Fatal(err)
	} else if state != coach.JobDone {
		t.Errorf("job state = %q, want done", state)
	}
}

func Test429StormDelaysButDeliversEverythingOnce(t *testing.T) {
	d := newDelivery(t, nil)
	d.queue(t, 30)
	d.srv.Force429(25, 20*time.Millisecond)
	if n := d.scheduler(t, d.db, d.bot, 200).Drain(context.Background()); n != 30 {
		t.Fatalf("drained %d, want 30", n)
	}
	if got := d.srv.RateLimited(); got < 25 {
		t.Errorf("the fake server answered %d 429s, want at least 25", got)
	}
	assertEachOnce(t, d, 30)
}

func TestTwoDispatchersOnOneDatabaseSendEachReminderOnce(t *testing.T) {
	d := newDelivery(t, nil)
	d.queue(t, 120)
	dbB, botB := d.open(t, nil)
	a, b := d.scheduler(t, d.db, d.bot, 7), d.scheduler(t, dbB, botB, 7)
	var wg sync.WaitGroup
	counts := make([]int, 2)
	for i, s := range []*schedule.Scheduler{a, b} {
		wg.Add(1)
		go func() { defer wg.Done(); counts[i] = s.Drain(context.Background()) }()
	}
	wg.Wait()
	if counts[0]+counts[1] != 120 {
		t.Errorf("dispatchers ran %v jobs, want 120 in all", counts)
	}
	assertEachOnce(t, d, 120)
}

// TestBurstIsPacedUnderTheGlobalLimit drains a burst against a fake server
// that enforces a global limit: pacing keeps every request under it, so
// nothing is refused, lost or sent twice.
func TestBurstIsPacedUnderTheGlobalLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("paced on the real clock")
	}
	const limit, n = 200, 150
	d := newDelivery(t, rate.NewLimiter(limit*0.95, 1))
	d.srv.SetRateLimit(limit, 1000, time.Second)
	d.queue(t, n)
	if got := d.scheduler(t, d.db, d.bot, 200).Drain(context.Background()); got != n {
		t.Fatalf("drained %d, want %d", got, n)
	}
	if got := d.srv.RateLimited(); got != 0 {
		t.Errorf("paced burst met %d 429s, want 0", got)
	}
	assertEachOnce(t, d, n)
}

func TestClosedDMsFallBackToTheGroupChannel(t *testing.T) {
	d := newDelivery(t, nil)
	ctx := context.Background()
	raw := dbtest.Raw(t, d.path)
	bob := userN(1)
	d.db.SaveProfile(ctx, coach.Profile{UserID: bob}, t0)
	for _, q := range []string{
		`INSERT INTO groups(guild_id, channel_id, digest_minute, timezone, created_by, updated_ms) VALUES('` + discordtest.DefaultGuildID + `', '` + discordtest.DefaultChannelID + `', 1200, 'UTC', 'x', 0)`,
		`INSERT INTO group_members(guild_id, user_id, nudges, joined_ms) VALUES('` + discordtest.DefaultGuildID + `', '` + bob + `', 0, 0)`,
	} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	d.srv.BlockDMs(bob)
	d.srv.BlockDMs(userN(0)) // in no group: undeliverable
	d.queue(t, 2)
	d.scheduler(t, d.db, d.bot, 10).Drain(ctx)

	msgs := d.srv.Messages(discordtest.DefaultChannelID)
	if len(msgs) != 1 || !strings.HasPrefix(msgs[0].Content, "<@"+bob+">") {
		t.Fatalf("group channel messages = %+v, want bob's reminder naming him", msgs)
	}
	var sent struct {
		AllowedMentions struct{ Users []string } `json:"allowed_mentions"`
	}
	for _, r := range d.srv.Requests() {
		if strings.Contains(r.Path, discordtest.DefaultChannelID+"/messages") {
			json.Unmarshal(r.JSON, &sent)
		}
	}
	if len(sent.AllowedMentions.Users) != 1 || sent.AllowedMentions.Users[0] != bob {
		t.Errorf("allowed mentions = %v, want exactly bob", sent.AllowedMentions.Users)
	}
	_, state, note, _, err := d.db.LastJob(ctx, bob, jobReminder)
	if err != nil {
		t.Fatal(err)
	}
	if state != coach.JobDone || !strings.Contains(note, "group channel") {
		t.Errorf("bob's reminder = %s (%s)", state, note)
	}
	_, state, note, _, err = d.db.LastJob(ctx, userN(0), jobReminder)
	if err != nil {
		t.Fatal(err)
	}
	if state != coach.JobUndeliverable || !strings.Contains(note, "DMs are closed") {
		t.Errorf("the other reminder = %s (%s), want undeliverable", state, note)
	}
}

// BenchmarkDrainBurst drains a burst of reminders, all due at once, against
// the fake server enforcing Discord's global limit (50 requests/s), with
// the production pacing (48/s), and reports the reminders sent per second,
// the 429s met, the DM channels opened during the burst, and that each went
// out once. The DM channels were opened by an earlier process on the same
// database, which kept them: the burst is what a restarted bot sends.
// Run it once: go test -run '^$' -bench DrainBurst -benchtime 1x ./bot/
// (HANGTIME_BURST sets the burst size; 5000 by default, about 105 s).
func BenchmarkDrainBurst(b *testing.B) {
	n := 5000
	if v := os.Getenv("HANGTIME_BURST"); v != "" {
		fmt.Sscan(v, &n)
	}
	const limit = 50
	d := newDelivery(b, nil)
	d.queue(b, n)
	ctx := context.Background()
	for i := 0; i < n; i++ { // the first process opens every DM channel
		if _, err := d.bot.outbox.DMChannel(ctx, userN(i)); err != nil {
			b.Fatal(err)
		}
	}
	opens := func() int {
		c := 0
		for _, r := range d.srv.Requests() {
			if r.Method == "POST" && strings.HasSuffix(r.Path, "/users/@me/channels") {
				c++
			}
		}
		return c
	}
	opened := opens()
	db, restarted := d.open(b, rate.NewLimiter(48, 1))
	d.srv.SetRateLimit(limit, 1000, time.Second)
	b.ResetTimer()
	start := time.Now()
	got := d.scheduler(b, db, restarted, 200).Drain(ctx)
	took := time.Since(start)
	b.StopTimer()
	if got != n {
		b.Fatalf("drained %d, want %d", got, n)
	}
	sent := 0
	for _, c := range d.reminderCounts() {
		if c != 1 {
			b.Fatalf("a channel got %d reminders", c)
		}
		sent++
	}
	if sent != n {
		b.Fatalf("%d channels got a reminder, want %d", sent, n)
	}
	b.ReportMetric(float64(n)/took.Seconds(), "reminders/s")
	b.ReportMetric(float64(n)/took.Seconds()/limit*100, "%_of_limit")
	b.ReportMetric(float64(d.srv.RateLimited()), "429s")
	b.ReportMetric(float64(opens()-opened), "dm_reopens")
}

// TestWebhookEditsAreNotPaced: Discord's global limit does not cover an
// interaction's webhook, so its edits never wait for the pacer, while an
// edit as the bot does. An unknown or expired token is ErrTokenExpired.
func TestWebhookEditsAreNotPaced(t *testing.T) {
	lim := rate.NewLimiter(rate.Every(time.Hour), 1)
	lim.Allow() // no slot for an hour
	d := newDelivery(t, lim)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := d.bot.outbox.Edit(ctx, "webhook:"+discordtest.DefaultAppID+":gone:"+discordtest.DefaultChannelID+":1", Reply{Content: "x"})
	if !errors.Is(err, ErrTokenExpired) {
		t.Errorf("edit through an unknown token = %v, want ErrTokenExpired at once", err)
	}
	short, cancel2 := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel2()
	if err := d.bot.outbox.Edit(short, "channel:"+discordtest.DefaultChannelID+":1", Reply{Content: "x"}); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("edit as the bot without a slot = %v, want it to wait for the pacer", err)
	}
}
