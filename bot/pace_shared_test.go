package bot

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/hangtime/hangtime/store"
)

// sharedBot is another process-like bot on d's database whose pacer books
// its slots from the database, as with HANGTIME_PACE=shared.
func (d *delivery) sharedBot(t testing.TB, perSecond float64) (*store.DB, *Bot) {
	t.Helper()
	db, s := d.process(t)
	p := NewSharedPacer(db, perSecond, nil)
	s.Client = &http.Client{Transport: p.Transport(d.srv.Transport())}
	return db, d.botOn(db, s, p)
}

// TestSharedPacersKeepTheSumUnderTheGlobalLimit drains one burst of
// reminders with three bots on one database, each pacing at 48/s through
// the shared slot table: together they stay within Discord's 50 in any
// second (DM opens included), meet no 429, and deliver each reminder once.
func TestSharedPacersKeepTheSumUnderTheGlobalLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("paced on the real clock")
	}
	const n = 150 // and as many DM opens: about 6 s at 48/s
	d := newDelivery(t, nil)
	d.srv.SetRateLimit(50, 1000, time.Second)
	d.queue(t, n)
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		drained int
	)
	start := time.Now()
	for range 3 {
		db, b := d.sharedBot(t, 48)
		s := d.scheduler(t, db, b, 50)
		wg.Add(1)
		go func() {
			defer wg.Done()
			got := s.Drain(context.Background())
			mu.Lock()
			drained += got
			mu.Unlock()
		}()
	}
	wg.Wait()
	took := time.Since(start)
	if drained != n {
		t.Fatalf("drained %d, want %d", drained, n)
	}
	most, at := d.srv.GlobalWindowMax(time.Second)
	if most > 50 {
		t.Errorf("%d requests within one second (from %v), want at most 50", most, at)
	}
	if got := d.srv.RateLimited(); got != 0 {
		t.Errorf("three shared pacers met %d 429s, want 0", got)
	}
	assertEachOnce(t, d, n)
	t.Logf("%d requests in %v by three processes: %.1f/s (%.0f%% of 50/s); at most %d in any second",
		2*n, took.Round(time.Millisecond), float64(2*n)/took.Seconds(), float64(2*n)/took.Seconds()/50*100, most)
}

func TestExemptFromGlobalLimit(t *testing.T) {
	for path, want := range map[string]bool{
		"/api/v9/interactions/1/tok/callback":       true,
		"/api/v9/webhooks/1/tok/messages/@original": true,
		"/api/v9/channels/1/messages":               false,
		"/api/v9/users/@me/channels":                false,
		"/api/v9/gateway":                           false,
		"/api/v9/applications/1/commands":           false,
	} {
		if got := exemptFromGlobalLimit(path); got != want {
			t.Errorf("exemptFromGlobalLimit(%q) = %v, want %v", path, got, want)
		}
	}
}
