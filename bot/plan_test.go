package bot

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hangtime/hangtime/coach"
)

func TestPlanStepsUpAfterCompletedHangs(t *testing.T) {
	now := t0
	f := newClockFixture(t, &now)
	ctx := context.Background()
	if err := f.db.SaveProfile(ctx, coach.Profile{UserID: "u1", Device: coach.Table, Level: coach.Intermediate, Timezone: "Europe/Berlin"}, t0); err != nil {
		t.Fatal(err)
	}
	for n := 3; n >= 1; n-- {
		seedHang(t, f.db, "u1", t0.Add(-time.Duration(n)*24*time.Hour), 2*time.Minute, 40)
	}
	r := f.command(t, "u1", "plan", `[]`)
	if !r.Ephemeral || len(r.Embeds) != 1 {
		t.Fatalf("/plan = %+v, want one ephemeral embed and no caution", r)
	}
	e := r.Embeds[0]
	for name, want := range map[string]string{
		"Device":    "inversion table",
		"Angle":     "50°",
		"Duration":  "2m",
		"Why":       "Your last 3 hangs were completed, so step up: +10°.",
		"Next step": "60° at 2m",
	} {
		if got := embedField(t, e, name); got != want {
			t.Errorf("/plan %s = %q, want %q", name, got, want)
		}
	}
	if !strings.Contains(e.Description, "come up slowly") || !strings.Contains(e.Footer.Text, "not a medical device") {
		t.Errorf("/plan description, footer = %q, %q", e.Description, e.Footer.Text)
	}

	// Stopping early twice steps back and warns.
	for i := range 2 {
		s := coach.Session{UserID: "u1", Start: t0.Add(time.Duration(i-2) * time.Hour), Duration: 30 * time.Second, Device: coach.Table, Angle: 50, StoppedEarly: true}
		if _, _, err := f.db.LogSession(ctx, s, "", s.End()); err != nil {
			t.Fatal(err)
		}
	}
	r = f.command(t, "u1", "plan", `[]`)
	if len(r.Embeds) != 2 || !strings.Contains(r.Embeds[1].Description, "stopped early twice") {
		t.Fatalf("/plan after stopping early = %+v, want a caution", r.Embeds)
	}
	if got := embedField(t, r.Embeds[0], "Why"); !strings.Contains(got, "stopped early") {
		t.Errorf("/plan why = %q", got)
	}
}

func TestPlanForANewUser(t *testing.T) {
	now := t0
	f := newClockFixture(t, &now)
	r := f.command(t, "u1", "plan", `[]`)
	e := r.Embeds[0]
	if embedField(t, e, "Angle") != "20°" || embedField(t, e, "Duration") != "1m" || !strings.Contains(embedField(t, e, "Why"), "First hang") {
		t.Errorf("/plan for a new user = %+v", e.Fields)
	}
	if !strings.Contains(e.Footer.Text, "an inversion table and the beginner level") {
		t.Errorf("footer = %q, want the assumptions", e.Footer.Text)
	}
	// Gravity boots for a beginner: full inversion, with a caution.
	f.command(t, "u2", "profile", `[{"name":"set","type":1,"options":[{"name":"device","type":3,"value":"boots"}]}]`)
	r = f.command(t, "u2", "plan", `[]`)
	if got := embedField(t, r.Embeds[0], "Angle"); got != "90° (full inversion)" {
		t.Errorf("/plan angle on boots = %q", got)
	}
	if len(r.Embeds) != 2 || !strings.Contains(r.Embeds[1].Description, "not for beginners") {
		t.Errorf("/plan on boots = %+v, want the caution", r.Embeds)
	}
	if r := f.command(t, "u1", "plan", `[{"name":"device","type":3,"value":"table"}]`); !r.Ephemeral || !strings.Contains(r.Content, "not an option") {
		t.Errorf("/plan device:table = %+v", r)
	}
}
