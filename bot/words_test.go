package bot

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"slices"
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

// medicalClaims match, per language, words that claim a medical effect:
// relieves, heals, cures, treats.
var medicalClaims = map[string]*regexp.Regexp{
	"en":    medicalClaim,
	"de":    regexp.MustCompile(`(?i)(^|[^\p{L}])(linder\p{L}*|heil(t|en|ung|end)\p{L}*|kurier\p{L}*|behandel\p{L}*|behandl\p{L}*)`),
	"es-ES": regexp.MustCompile(`(?i)(^|[^\p{L}])(alivi\p{L}*|cura(s|n|r|ción)?|tratamiento\p{L}*|trata(r|n)?)([^\p{L}]|$)`),
	"fr":    regexp.MustCompile(`(?i)(^|[^\p{L}])(soulag\p{L}*|guéri\p{L}*|traitement\p{L}*|trait(e|ent|er))([^\p{L}]|$)`),
	"pt-BR": regexp.MustCompile(`(?i)(^|[^\p{L}])(alivi\p{L}*|cura(s|r|m)?|tratamento\p{L}*|trata(r|m)?)([^\p{L}]|$)`),
}

// TestNoMedicalClaimsInAnyLanguage scans every catalog, in its language.
func TestNoMedicalClaimsInAnyLanguage(t *testing.T) {
	for _, l := range languages {
		re := medicalClaims[l.tag.String()]
		if re == nil {
			t.Errorf("%s: no medical-claim pattern; add one for the new language", l.tag)
			continue
		}
		for key, m := range l.msgs {
			for _, v := range variants(m) {
				if found := re.FindString(v); found != "" {
					t.Errorf("%s: %q claims a medical effect (%q)", l.tag, key, found)
				}
			}
		}
	}
	for tag, bad := range map[string][]string{
		"de":    {"lindert Rückenschmerzen", "heilt Bandscheiben", "Heilung garantiert"},
		"es-ES": {"alivia el dolor", "cura la ciática", "un tratamiento"},
		"fr":    {"soulage le dos", "guérit la sciatique", "un traitement"},
		"pt-BR": {"alivia a dor", "cura a ciática", "um tratamento"},
	} {
		for _, s := range bad {
			if !medicalClaims[tag].MatchString(s) {
				t.Errorf("%s pattern misses %q", tag, s)
			}
		}
	}
	for tag, fine := range map[string][]string{
		"es-ES": {"segura", "procura", "una curva"},
		"pt-BR": {"segura", "procurar"},
		"fr":    {"trait d'union"},
	} {
		for _, s := range fine {
			if medicalClaims[tag].MatchString(s) {
				t.Errorf("%s pattern matches %q", tag, s)
			}
		}
	}
}

// TestSafetyCardSameInEveryLanguage holds each translation of the safety
// card, and of the cautions, to the English: the same numbers and limits,
// and as many conditions.
func TestSafetyCardSameInEveryLanguage(t *testing.T) {
	number := regexp.MustCompile(`\d+`)
	numbers := func(s string) []string {
		n := number.FindAllString(s, -1)
		slices.Sort(n)
		return n
	}
	conditions := func(s string) int { return strings.Count(s, "\n• ") }
	en := languages[0].msgs
	if c := conditions(en["safety.card"].(string)); c != 5 {
		t.Fatalf("English card lists %d conditions, want 5", c)
	}
	for _, l := range languages[1:] {
		for _, key := range []string{"safety.card", "help.safety", "caution.cap.partial", "caution.cap.full", "caution.guard"} {
			want, got := en[key].(string), l.msgs[key].(string)
			if !slices.Equal(numbers(got), numbers(want)) {
				t.Errorf("%s %s: numbers %v, English %v", l.tag, key, numbers(got), numbers(want))
			}
			if conditions(got) != conditions(want) {
				t.Errorf("%s %s: %d conditions, English %d", l.tag, key, conditions(got), conditions(want))
			}
		}
		// help.safety lists its conditions in one sentence, by commas.
		if g, w := strings.Count(l.msgs["help.safety"].(string), ","), strings.Count(en["help.safety"].(string), ","); g != w {
			t.Errorf("%s help.safety: %d commas between conditions, English %d", l.tag, g, w)
		}
	}
}
