package bot

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"golang.org/x/time/rate"

	"github.com/hangtime/hangtime/internal/discordtest"
	"github.com/hangtime/hangtime/schedule"
	"github.com/hangtime/hangtime/store"
)

// BenchmarkHangEndLateness measures how late the ends of live hangs reach
// Discord with no other traffic and during a burst of 5,000 reminders, on
// the real clock: the bot, its scheduler (default tick, 8 workers) and its
// outbox paced at the production 48/s, against the fake Discord server
// enforcing the global limit of 50 requests/s. Hangs of 5 s are started
// through the gateway as users do (/hang start), one every 100 ms without
// the burst and one every 400 ms during it; an end's lateness is from its
// target to the edit arriving at the server. It reports p50, p99 and max
// of both, the burst's rate and the 429s met.
// Run it once: go test -run '^$' -bench HangEndLateness -benchtime 1x ./bot/
// (HANGTIME_BURST sets the burst size; 5000 by default, about two and a
// half minutes in all.)
func BenchmarkHangEndLateness(b *testing.B) {
	burst, hangs := 5000, 200
	if v := os.Getenv("HANGTIME_BURST"); v != "" {
		fmt.Sscan(v, &burst)
		hangs = min(hangs, burst/30) // the hangs end while the burst lasts
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	srv, err := discordtest.Start(discordtest.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	path := filepath.Join(b.TempDir(), "h.db")
	db, err := store.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		b.Fatal(err)
	}
	defer raw.Close()
	s, err := discordgo.New("Bot test")
	if err != nil {
		b.Fatal(err)
	}
	s.Client = &http.Client{Transport: srv.Transport()}
	s.LogLevel = -1
	out := &DiscordOutbox{Session: s, Pace: NewPacer(rate.NewLimiter(48, 1)), DMs: db}
	bot := New(Config{Store: db, Outbox: out})
	bot.Attach(ctx, s, "")
	if err := s.Open(); err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	sched, err := schedule.New(db, bot.Runners(), schedule.Options{})
	if err != nil {
		b.Fatal(err)
	}
	if err := sched.Start(ctx); err != nil {
		b.Fatal(err)
	}
	defer sched.Stop()

	// hang starts n hangs of 5 s, one every gap, with users from first on,
	// and returns how late each end's edit reached the server.
	hang := func(first, n int, gap time.Duration) []time.Duration {
		tokens := map[string]string{} // token → interaction id
		for k := first; k < first+n; k++ {
			u := discordtest.User{ID: fmt.Sprintf("4%017d", k)}
			if err := db.AckSafety(ctx, u.ID, time.Now()); err != nil {
				b.Fatal(err)
			}
			i, err := srv.SendCommand(ctx, u, discordtest.DefaultGuildID, discordtest.DefaultChannelID, "hang", discordtest.Sub("start", discordtest.Str("target", "5s")))
			if err != nil {
				b.Fatal(err)
			}
			wctx, wcancel := context.WithTimeout(ctx, 10*time.Second)
			_, err = srv.WaitCallback(wctx, i.ID)
			wcancel()
			if err != nil {
				b.Fatal(err)
			}
			tokens[i.Token] = i.ID
			time.Sleep(gap) // the load's own pace, not a wait for an event
		}
		ended := map[string]time.Time{}
		deadline := time.Now().Add(30 * time.Second)
		for len(ended) < n {
			if time.Now().After(deadline) {
				b.Fatalf("%d of %d hangs ended", len(ended), n)
			}
			time.Sleep(50 * time.Millisecond)
			// Requests lists those answered, in the order they came: scan
			// it whole, as one still being answered may come before others.
			for _, r := range srv.Requests() {
				if r.Method == "PATCH" && strings.Contains(r.Path, "/webhooks/") {
					if _, ok := tokens[strings.Split(r.Path, "/")[5]]; ok {
						ended[strings.Split(r.Path, "/")[5]] = r.At
					}
				}
			}
		}
		var late []time.Duration
		for token, at := range ended {
			var due int64
			if err := raw.QueryRow(`SELECT due_ms FROM jobs WHERE key = ?`, jobHangEnd+":"+tokens[token]).Scan(&due); err != nil {
				b.Fatal(err)
			}
			late = append(late, at.Sub(time.UnixMilli(due)))
		}
		slices.Sort(late)
		return late
	}
	report := func(late []time.Duration, name string) {
		b.ReportMetric(float64(late[len(late)/2].Microseconds())/1000, name+"_p50_ms")
		b.ReportMetric(float64(late[len(late)*99/100].Microseconds())/1000, name+"_p99_ms")
		b.ReportMetric(float64(late[len(late)-1].Microseconds())/1000, name+"_max_ms")
	}
	// The burst's users' DM channels were opened before (by an earlier run
	// of the bot, which kept them), so the burst is one request a reminder.
	warm := &DiscordOutbox{Session: s, DMs: db}
	for i := range burst {
		if _, err := warm.DMChannel(ctx, userN(i)); err != nil {
			b.Fatal(err)
		}
	}
	srv.SetRateLimit(50, 1000, time.Second)
	b.ResetTimer()

	quiet := hang(0, hangs, 100*time.Millisecond)

	b.StopTimer()
	// All due at once, a moment after they are all queued.
	start := time.Now().Add(time.Duration(burst) * time.Millisecond)
	for i := range burst {
		j := newJob(jobReminder, laneReminder, userN(i), "burst:"+userN(i), start, reminderPayload{Source: "done", Dest: "dm"})
		if _, _, err := db.AddJob(ctx, j, time.Now()); err != nil {
			b.Fatal(err)
		}
	}
	if time.Now().After(start) {
		b.Fatal("queueing the burst took too long: the first reminders were due before the last was queued")
	}
	b.StartTimer()
	count := func() int { // the hangs post no messages
		sent := 0
		for _, r := range srv.Requests() {
			if r.Method == "POST" && strings.HasSuffix(r.Path, "/messages") {
				sent++
			}
		}
		return sent
	}
	for count() < 100 {
		time.Sleep(10 * time.Millisecond)
	}
	during := hang(hangs, hangs, 400*time.Millisecond)
	if count() >= burst {
		b.Fatalf("the burst was over before the last hang ended: measure with a bigger HANGTIME_BURST")
	}
	for deadline := time.Now().Add(10 * time.Minute); count() < burst; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			b.Fatalf("%d of %d reminders sent", count(), burst)
		}
	}
	took := time.Since(start)
	b.StopTimer()

	report(quiet, "quiet")
	report(during, "burst")
	b.ReportMetric(float64(burst)/took.Seconds(), "reminders/s")
	b.ReportMetric(float64(srv.RateLimited()), "429s")
}
