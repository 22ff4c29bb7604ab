package bot

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hangtime/hangtime/coach"
)

// medicalClaim matches words that claim a medical effect: relieves,
// heals, cures, treats and their forms ("health" and "secure" are fine).
var medicalClaim = regexp.MustCompile(`(?i)\b(reliev\w*|heal(s|ed|ing)?|cur(e|es|ed|ing)|treat\w*)\b`)

// TestNoMedicalClaims scans every string literal of bot and coach, where
// all user-facing text lives: Hangtime is a habit coach and claims no
// medical effect.
func TestNoMedicalClaims(t *testing.T) {
	var files []string
	for _, dir := range []string{".", "../coach"} {
		m, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	fset := token.NewFileSet()
	scanned := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				t.Fatalf("%s: %v", fset.Position(lit.Pos()), err)
			}
			scanned++
			if m := medicalClaim.FindString(s); m != "" {
				t.Errorf("%s: %q claims a medical effect (%q)", fset.Position(lit.Pos()), s, m)
			}
			return true
		})
	}
	if scanned < 200 {
		t.Errorf("scanned %d string literals, want the whole catalogue", scanned)
	}
	for _, s := range []string{"relieves compressed discs", "it heals", "cures back pain", "treats sciatica"} {
		if !medicalClaim.MatchString(s) {
			t.Errorf("medicalClaim misses %q", s)
		}
	}
	for _, s := range []string{"a health-care provider", "are secure", "curl up"} {
		if medicalClaim.MatchString(s) {
			t.Errorf("medicalClaim matches %q", s)
		}
	}
}

func TestHelpSaysInversionIsOneTool(t *testing.T) {
	f := newFixture(t)
	r := f.command(t, "u1", "help", `[]`)
	var all strings.Builder
	for _, e := range r.Embeds {
		all.WriteString(e.Title + "\n" + e.Description + "\n")
	}
	if !strings.Contains(all.String(), "one tool beside core strength, posture and mobility work") {
		t.Errorf("/help = %q, want inversion as one tool beside core strength, posture and mobility work", all.String())
	}
}

// TestReminderMakesNoClaim is the reported case: reminders said 1–2
// minutes inverted "helps your discs recover".
func TestReminderMakesNoClaim(t *testing.T) {
	f := newFixture(t)
	r := (&gymFeature{Bot: f.bot, store: f.db}).reminderReply(english, coach.Job{ID: 1, UserID: "u1"}, coach.Plan{Device: coach.Boots, Angle: 90, Duration: 3 * time.Minute}, 0)
	if strings.Contains(r.Content, "discs") || strings.Contains(r.Content, "recover") || medicalClaim.MatchString(r.Content) {
		t.Errorf("reminder = %q, want no medical claim", r.Content)
	}
	if !strings.Contains(r.Content, "**2m** at 90°") {
		t.Errorf("reminder = %q, want the post-lift dose of at most 2 minutes", r.Content)
	}
}
