package bot

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/hangtime/hangtime/coach"
	"github.com/hangtime/hangtime/internal/dbtest"
	"github.com/hangtime/hangtime/store"
)

// newClockFixture is newFixture with a clock the test moves itself.
func newClockFixture(t testing.TB, now *time.Time) *fixture {
	t.Helper()
	db, err := store.Open(context.Background(), dbtest.Path(t, filepath.Join(t.TempDir(), "h.db")))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return &fixture{db: db, bot: New(Config{Store: db, Now: func() time.Time { return *now }})}
}

// seedHang stores a completed hang of user's that started at start.
func seedHang(t testing.TB, db *store.DB, user string, start time.Time, d time.Duration, angle int) {
	t.Helper()
	s := coach.Session{UserID: user, Start: start, Duration: d, Device: coach.Table, Angle: angle}
	if _, _, err := db.LogSession(context.Background(), s, "", start.Add(d)); err != nil {
		t.Fatal(err)
	}
}

func embedField(t *testing.T, e *discordgo.MessageEmbed, name string) string {
	t.Helper()
	for _, f := range e.Fields {
		if f.Name == name {
			return f.Value
		}
	}
	t.Fatalf("embed %q has no field %q: %+v", e.Title, name, e.Fields)
	return ""
}

func statsOpts(period string) string {
	if period == "" {
		return `[]`
	}
	return `[{"name":"period","type":3,"value":"` + period + `"}]`
}

// chartSize checks the reply's single attachment is a PNG and returns its
// size.
func chartSize(t *testing.T, r Reply) (w, h int) {
	t.Helper()
	if len(r.Files) != 1 {
		t.Fatalf("files = %d, want 1 chart", len(r.Files))
	}
	f := r.Files[0]
	if f.Name != statsChartName || f.ContentType != "image/png" {
		t.Errorf("attachment = %q (%s), want %s (image/png)", f.Name, f.ContentType, statsChartName)
	}
	data, err := io.ReadAll(f.Reader)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("the chart is not a PNG: %v", err)
	}
	if img := r.Embeds[0].Image; img == nil || img.URL != "attachment://"+statsChartName {
		t.Errorf("embed image = %+v, want the attachment", img)
	}
	return cfg.Width, cfg.Height
}

func TestStatsWeekWithChart(t *testing.T) {
	now := t0 // Tuesday 2026-11-24, 18:00 UTC
	f := newClockFixture(t, &now)
	// Three days in a row (two hangs on the middle one), and one hang a
	// fortnight ago that only "all" counts.
	seedHang(t, f.db, "u1", t0.Add(-14*24*time.Hour), 5*time.Minute, 30)
	seedHang(t, f.db, "u1", t0.Add(-2*24*time.Hour), time.Minute, 30)
	seedHang(t, f.db, "u1", t0.Add(-24*time.Hour), 2*time.Minute, 30)
	seedHang(t, f.db, "u1", t0.Add(-23*time.Hour), 90*time.Second, 30)
	seedHang(t, f.db, "u1", t0.Add(-time.Hour), 3*time.Minute, 30)

	r := f.command(t, "u1", "stats", statsOpts(""))
	if !r.Ephemeral || len(r.Embeds) != 1 {
		t.Fatalf("/stats = %+v, want one ephemeral embed", r)
	}
	e := r.Embeds[0]
	for name, want := range map[string]string{
		"Time inverted":  "7m30s",
		"Hangs":          "4",
		"Average":        "1m53s", // 450s / 4, rounded
		"Longest":        "3m",
		"Current streak": "3 days",
		"Best streak":    "3 days",
	} {
		if got := embedField(t, e, name); got != want {
			t.Errorf("/stats field %s = %q, want %q", name, got, want)
		}
	}
	if got := embedField(t, e, "Consistency"); !strings.HasSuffix(got, "%") {
		t.Errorf("consistency = %q, want a percentage", got)
	}
	if !strings.Contains(e.Title, "Last 7 days") || !strings.Contains(e.Footer.Text, "UTC") {
		t.Errorf("title, footer = %q, %q, want the period and the UTC note", e.Title, e.Footer.Text)
	}
	if w, h := chartSize(t, r); w != chartWidth || h != chartHeight {
		t.Errorf("chart size = %d×%d, want %d×%d", w, h, chartWidth, chartHeight)
	}

	r = f.command(t, "u1", "stats", statsOpts("all"))
	if got := embedField(t, r.Embeds[0], "Hangs"); got != "5" {
		t.Errorf("/stats period:all hangs = %q, want 5", got)
	}
	if got := embedField(t, r.Embeds[0], "Best streak"); got != "3 days" {
		t.Errorf("/stats period:all best = %q, want 3 days", got)
	}
	chartSize(t, r)
}

func TestStatsAllCapsTheChart(t *testing.T) {
	now := t0
	f := newClockFixture(t, &now)
	seedHang(t, f.db, "u1", t0.AddDate(0, -6, 0), 2*time.Minute, 30)
	seedHang(t, f.db, "u1", t0.Add(-time.Hour), 2*time.Minute, 30)
	r := f.command(t, "u1", "stats", statsOpts("all"))
	if !strings.Contains(r.Embeds[0].Description, "last 90 days") {
		t.Errorf("description = %q, want the 90-day note", r.Embeds[0].Description)
	}
	chartSize(t, r)
	if got := embedField(t, r.Embeds[0], "Time inverted"); got != "4m" {
		t.Errorf("total = %q, want 4m: the numbers cover all time", got)
	}
}

func TestStatsCountsDaysInTheUsersZone(t *testing.T) {
	now := t0
	f := newClockFixture(t, &now)
	// 07:00 and 20:00 UTC on the 23rd are the evening of the 22nd and the
	// noon of the 23rd in Los Angeles: two days there, one in UTC.
	seedHang(t, f.db, "la", time.Date(2026, 11, 23, 7, 0, 0, 0, time.UTC), time.Minute, 30)
	seedHang(t, f.db, "la", time.Date(2026, 11, 23, 20, 0, 0, 0, time.UTC), time.Minute, 30)
	if got := embedField(t, f.command(t, "la", "stats", statsOpts("week")).Embeds[0], "Current streak"); got != "1 day" {
		t.Errorf("streak in UTC = %q, want 1 day", got)
	}
	f.command(t, "la", "profile", `[{"name":"set","type":1,"options":[{"name":"timezone","type":3,"value":"America/Los_Angeles"}]}]`)
	r := f.command(t, "la", "stats", statsOpts("week"))
	if got := embedField(t, r.Embeds[0], "Current streak"); got != "2 days" {
		t.Errorf("streak in Los Angeles = %q, want 2 days", got)
	}
	if !strings.Contains(r.Embeds[0].Footer.Text, "America/Los_Angeles") {
		t.Errorf("footer = %q, want the zone", r.Embeds[0].Footer.Text)
	}
}

func TestStatsWithoutHangsAndBadInput(t *testing.T) {
	now := t0
	f := newClockFixture(t, &now)
	r := f.command(t, "u1", "stats", statsOpts("month"))
	if !r.Ephemeral || !strings.Contains(r.Content, "No hangs yet") || len(r.Files) != 0 {
		t.Errorf("/stats without hangs = %+v, want a friendly message and no chart", r)
	}
	// Hangs, but none in the period: the numbers, no chart.
	seedHang(t, f.db, "u1", t0.AddDate(0, 0, -20), 2*time.Minute, 30)
	r = f.command(t, "u1", "stats", statsOpts("week"))
	if len(r.Files) != 0 || !strings.Contains(r.Embeds[0].Description, "No hangs in this period") {
		t.Errorf("/stats with an empty week = %+v", r)
	}
	if got := embedField(t, r.Embeds[0], "Best streak"); got != "1 day" {
		t.Errorf("best streak = %q, want 1 day", got)
	}
	for opts, want := range map[string]string{
		statsOpts("year"):                        "not a period",
		statsOpts("WEEKS"):                       "Choose week, month or all",
		`[{"name":"period","type":4,"value":7}]`: "period",
		`[{"name":"days","type":4,"value":7}]`:   "not an option",
	} {
		r := f.command(t, "u1", "stats", opts)
		if !r.Ephemeral || !strings.Contains(r.Content, want) || len(r.Files) != 0 {
			t.Errorf("/stats %s = %+v, want an ephemeral %q", opts, r, want)
		}
	}
}

func TestHelpExplainsConsistency(t *testing.T) {
	f := newFixture(t)
	r := f.command(t, "u1", "help", `[]`)
	var all strings.Builder
	for _, e := range r.Embeds {
		fmt.Fprintln(&all, e.Title, e.Description)
		for _, f := range e.Fields {
			fmt.Fprintln(&all, f.Name, f.Value)
		}
	}
	for _, want := range []string{coach.ConsistencyExplained, "/streak rest", "/stats", "/plan", "/streak pause"} {
		if !strings.Contains(all.String(), want) {
			t.Errorf("/help does not mention %q", want)
		}
	}
	// Discord refuses a message whose embeds hold more than 6,000
	// characters in all, or an embed description over 4,096.
	total := 0
	for _, e := range r.Embeds {
		n := utf8.RuneCountInString(e.Description)
		if n > 4096 {
			t.Errorf("/help embed %q description is %d characters", e.Title, n)
		}
		total += utf8.RuneCountInString(e.Title) + n
		for _, f := range e.Fields {
			total += utf8.RuneCountInString(f.Name + f.Value)
			if n := utf8.RuneCountInString(f.Value); n > 1024 {
				t.Errorf("/help field %q is %d characters, Discord allows 1,024", f.Name, n)
			}
		}
		if e.Footer != nil {
			total += utf8.RuneCountInString(e.Footer.Text)
		}
	}
	if total > 6000 {
		t.Errorf("/help embeds hold %d characters, Discord allows 6,000", total)
	}
}

func TestCommandTableHasStatsPlanStreak(t *testing.T) {
	f := newFixture(t)
	byName := map[string]*discordgo.ApplicationCommand{}
	for _, c := range f.bot.ApplicationCommands() {
		byName[c.Name] = c
		if len(c.Description) > 100 {
			t.Errorf("/%s description is %d characters, Discord allows 100", c.Name, len(c.Description))
		}
	}
	stats := byName["stats"]
	if stats == nil || len(stats.Options) != 1 || stats.Options[0].Name != "period" || len(stats.Options[0].Choices) != 3 {
		t.Fatalf("/stats = %+v", stats)
	}
	if byName["plan"] == nil {
		t.Error("no /plan")
	}
	var subs []string
	for _, o := range byName["streak"].Options {
		subs = append(subs, o.Name)
		if len(o.Description) > 100 {
			t.Errorf("/streak %s description is %d characters", o.Name, len(o.Description))
		}
	}
	if got := strings.Join(subs, ","); got != "rest,pause,resume" {
		t.Errorf("/streak subcommands = %s", got)
	}
}

// BenchmarkStats10k times /stats, chart included, through the dispatcher
// for a user with 10,000 hangs over three years.
func BenchmarkStats10k(b *testing.B) {
	now := t0
	f := newClockFixture(b, &now)
	ctx := context.Background()
	const n = 10_000
	span := 3 * 365 * 24 * time.Hour
	for i := range n {
		start := t0.Add(-span + time.Duration(i)*(span/n))
		seedHang(b, f.db, "u1", start, time.Duration(60+i%180)*time.Second, 30)
	}
	if err := f.db.SaveProfile(ctx, coach.Profile{UserID: "u1", Timezone: "Europe/Berlin"}, t0); err != nil {
		b.Fatal(err)
	}
	for _, period := range []string{coach.PeriodAll, coach.PeriodWeek} {
		b.Run(period, func(b *testing.B) {
			for b.Loop() {
				req := &Request{ID: "1", Kind: KindCommand, UserID: "u1", Command: "stats", Options: Options{"period": period}}
				r := f.bot.Handle(ctx, req)
				if len(r.Files) != 1 {
					b.Fatalf("/stats period:%s = %+v, want a chart", period, replyText(r))
				}
			}
		})
	}
}
