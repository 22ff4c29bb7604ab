package bot

import (
	"context"
	"encoding/json"

	"github.com/bwmarrin/discordgo"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/hangtime/hangtime/coach"
)

// registrationKey reports whether key localizes the command table (its
// English is the table itself, so the English catalog has none).
func registrationKey(key string) bool {
	for _, p := range []string{"name:", "opt:", "desc:", "choice:", "coach:"} {
		if strings.HasPrefix(key, p) {
			return true
		}
	}
	return false
}

// variants are a message's wordings: one, or one per plural category.
func variants(m msg) map[string]string {
	switch m := m.(type) {
	case string:
		return map[string]string{"": m}
	case plurals:
		out := map[string]string{}
		for k, v := range map[string]string{"one": m.One, "few": m.Few, "many": m.Many, "other": m.Other} {
			if v != "" {
				out[k] = v
			}
		}
		return out
	}
	return nil
}

var verbRE = regexp.MustCompile(`%(\[(\d+)\])?[-+# 0]*\d*(\.\d+)?([a-zA-Z%])`)

// placeholders lists a format's arguments as "index:verb", sorted, with
// fmt's rule for implicit indexes.
func placeholders(s string) []string {
	var out []string
	next := 1
	for _, m := range verbRE.FindAllStringSubmatch(s, -1) {
		if m[4] == "%" {
			continue
		}
		i := next
		if m[2] != "" {
			i, _ = strconv.Atoi(m[2])
		}
		next = i + 1
		out = append(out, strconv.Itoa(i)+":"+m[4])
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func TestCatalogsComplete(t *testing.T) {
	en := languages[0].msgs
	for _, l := range languages {
		for key, m := range l.msgs {
			if registrationKey(key) {
				continue
			}
			ref, ok := en[key]
			if !ok {
				t.Errorf("%s: %q is not in the English catalog", l.tag, key)
				continue
			}
			if _, isPlural := ref.(plurals); isPlural != (reflect.TypeOf(m) == reflect.TypeOf(plurals{})) {
				t.Errorf("%s: %q: plural in one language and not the other", l.tag, key)
			}
			want := placeholders(variants(ref)[""] + variants(ref)["other"])
			for cat, v := range variants(m) {
				if strings.TrimSpace(v) == "" {
					t.Errorf("%s: %q (%s) is empty", l.tag, key, cat)
				}
				got := placeholders(v)
				if cat == "one" && !slices.Equal(got, want) && slices.Equal(got, slices.DeleteFunc(slices.Clone(want), func(p string) bool { return p == "1:d" })) {
					// "one" may say its number in words: "one step easier".
					continue
				}
				if !slices.Equal(got, want) {
					t.Errorf("%s: %q (%s) has placeholders %v, English %v", l.tag, key, cat, got, want)
				}
			}
		}
		for key := range en {
			if _, ok := l.msgs[key]; !ok {
				t.Errorf("%s: missing %q", l.tag, key)
			}
		}
	}
}

// TestCatalogKeysUsed fails on a key no code refers to, so catalogs hold
// no dead text: a key counts as used when it appears as a string literal
// in the package, or starts with a dynamic prefix the code builds keys
// from.
func TestCatalogKeysUsed(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	lits := map[string]bool{}
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") || strings.HasPrefix(f, "i18n_") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				if s, err := strconv.Unquote(lit.Value); err == nil {
					lits[s] = true
				}
			}
			return true
		})
	}
	coachCodes := coach.TextFormats()
	for code := range coach.TextPlurals() {
		coachCodes[code] = ""
	}
	for key := range languages[0].msgs {
		if _, ok := coachCodes[key]; ok {
			continue // the coach's, which its own test holds to its use
		}
		used := lits[key]
		for _, p := range dynamicKeys {
			if strings.HasPrefix(key, p) && lits[p] {
				used = true
			}
		}
		if !used {
			t.Errorf("catalog key %q is never used", key)
		}
	}
}

func TestTrFor(t *testing.T) {
	for locale, want := range map[string]string{
		"": "en", "en-US": "en", "en-GB": "en", "de": "de", "es-ES": "es-ES", "fr": "fr", "pt-BR": "pt-BR",
		"ja": "en", "de_DE": "de", "fr-CA": "fr",
	} {
		if got := trFor(locale).lang.tag.String(); got != want {
			t.Errorf("trFor(%q) = %s, want %s", locale, got, want)
		}
	}
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	for _, c := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"LANG": "de_DE.UTF-8"}, "de"},
		{map[string]string{"LANG": "de_DE.UTF-8", "HANGTIME_LANG": "pt-BR"}, "pt-BR"},
		{map[string]string{"LANG": "C.UTF-8"}, ""},
		{map[string]string{"LANG": "fr_FR@euro"}, "fr"},
		{map[string]string{"HANGTIME_LANG": "es"}, "es-ES"},
		{map[string]string{}, ""},
	} {
		got := LocaleFromEnv(env(c.env))
		if c.want == "" && got != "" && trFor(got) != english {
			t.Errorf("LocaleFromEnv(%v) = %q, want English", c.env, got)
		}
		if c.want != "" && trFor(got).lang.tag.String() != c.want {
			t.Errorf("LocaleFromEnv(%v) = %q, want %s", c.env, got, c.want)
		}
	}
}

func TestPluralsFollowCLDR(t *testing.T) {
	for _, c := range []struct {
		locale string
		n      int
		want   string
	}{
		{"en-US", 1, "1 day"}, {"en-US", 0, "0 days"}, {"en-US", 1234, "1,234 days"},
		{"de", 1, "1 Tag"}, {"de", 2, "2 Tage"}, {"de", 1234, "1.234 Tage"},
		{"fr", 0, "0 jour"}, {"fr", 1, "1 jour"}, {"fr", 2, "2 jours"},
		{"es-ES", 1, "1 día"}, {"es-ES", 5, "5 días"},
		{"pt-BR", 0, "0 dia"}, {"pt-BR", 1, "1 dia"}, {"pt-BR", 3, "3 dias"},
	} {
		if got := trFor(c.locale).S("unit.days", c.n); got != c.want {
			t.Errorf("%s %d: %q, want %q", c.locale, c.n, got, c.want)
		}
	}
}

// discordName is Discord's rule for command and option names.
var discordName = regexp.MustCompile(`^[-_\p{L}\p{N}\p{Devanagari}\p{Thai}]{1,32}$`)

// TestRegistrationLocalized checks every localization the registration
// carries against Discord's rules, and that every language but English
// localizes every name, description and choice of the command table.
func TestRegistrationLocalized(t *testing.T) {
	f := newFixture(t)
	used := map[string]bool{}
	checkName := func(where, name string) {
		if !discordName.MatchString(name) || strings.ToLower(name) != name {
			t.Errorf("%s: name %q breaks Discord's rules (lowercase, 1–32 of letters, digits, - and _)", where, name)
		}
	}
	checkDesc := func(where, d string) {
		if n := len([]rune(d)); n < 1 || n > 100 {
			t.Errorf("%s: description %q is %d characters, want 1–100", where, d, n)
		}
	}
	checkAll := func(where, kind, english string, locs map[discordgo.Locale]string, isName bool) {
		used[kind+english] = true
		if isName {
			checkName(where, english)
		} else if kind == "desc:" {
			checkDesc(where, english)
		}
		for _, l := range languages[1:] {
			s, ok := locs[l.discord[0]]
			if !ok {
				t.Errorf("%s: %s %q has no %s localization", where, kind, english, l.tag)
				continue
			}
			switch {
			case isName:
				checkName(where+" "+string(l.discord[0]), s)
			case kind == "desc:":
				checkDesc(where+" "+string(l.discord[0]), s)
			default: // a choice's name
				if n := len([]rune(s)); n < 1 || n > 100 {
					t.Errorf("%s: choice %q is %d characters", where, s, n)
				}
			}
		}
		if len(locs) != len(languages)-1 {
			t.Errorf("%s: %d localizations of %q, want %d", where, len(locs), english, len(languages)-1)
		}
	}
	// siblings checks that localized names are unique among siblings.
	siblings := func(where string, names []map[discordgo.Locale]string) {
		for _, l := range languages[1:] {
			seen := map[string]bool{}
			for _, m := range names {
				if n := m[l.discord[0]]; seen[n] {
					t.Errorf("%s: %s name %q twice among siblings", where, l.tag, n)
				} else {
					seen[n] = true
				}
			}
		}
	}
	var walk func(where string, opts []*discordgo.ApplicationCommandOption)
	walk = func(where string, opts []*discordgo.ApplicationCommandOption) {
		var names []map[discordgo.Locale]string
		for _, o := range opts {
			w := where + " " + o.Name
			kind := "opt:"
			if o.Type == discordgo.ApplicationCommandOptionSubCommand || o.Type == discordgo.ApplicationCommandOptionSubCommandGroup {
				kind = "name:"
			}
			checkAll(w, kind, o.Name, o.NameLocalizations, true)
			checkAll(w, "desc:", o.Description, o.DescriptionLocalizations, false)
			names = append(names, o.NameLocalizations)
			for _, c := range o.Choices {
				checkAll(w+"="+c.Name, "choice:", c.Name, c.NameLocalizations, false)
			}
			walk(w, o.Options)
		}
		siblings(where, names)
	}
	var top []map[discordgo.Locale]string
	cmds := f.bot.ApplicationCommands()
	for _, c := range cmds {
		checkAll(c.Name, "name:", c.Name, *c.NameLocalizations, true)
		checkAll(c.Name, "desc:", c.Description, *c.DescriptionLocalizations, false)
		top = append(top, *c.NameLocalizations)
		walk(c.Name, c.Options)
	}
	siblings("top level", top)
	for _, l := range languages[1:] {
		for key := range l.msgs {
			if registrationKey(key) && !strings.HasPrefix(key, "coach:") && !used[key] {
				t.Errorf("%s: %q localizes nothing in the command table", l.tag, key)
			}
		}
	}
	// The registration's JSON carries them.
	raw, err := json.Marshal(cmds[0])
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(raw), `"name_localizations":{`) || !strings.Contains(string(raw), `"description_localizations":{`) {
		t.Errorf("registration JSON lacks localizations: %s", raw)
	}
}

// TestCatalogCommandMentions checks that every command a catalog mentions
// (`/profil festlegen zeitzone:`) is named as that language registers it,
// so a user can type what they read.
func TestCatalogCommandMentions(t *testing.T) {
	f := newFixture(t)
	cmds := f.bot.ApplicationCommands()
	for _, l := range languages[1:] {
		loc := l.discord[0]
		known := map[string]bool{}
		var walk func(prefix string, opts []*discordgo.ApplicationCommandOption)
		walk = func(prefix string, opts []*discordgo.ApplicationCommandOption) {
			for _, o := range opts {
				if o.Type == discordgo.ApplicationCommandOptionSubCommand {
					known[prefix+" "+o.NameLocalizations[loc]] = true
					walk(prefix+" "+o.NameLocalizations[loc], o.Options)
				}
			}
		}
		for _, c := range cmds {
			n := (*c.NameLocalizations)[loc]
			known["/"+n] = true
			walk("/"+n, c.Options)
		}
		mention := regexp.MustCompile(`/[\p{Ll}][\p{Ll}-]*( [\p{Ll}][\p{Ll}-]*)?`)
		for key, m := range l.msgs {
			if registrationKey(key) {
				continue
			}
			for _, v := range variants(m) {
				for _, found := range mention.FindAllString(v, -1) {
					first, _, _ := strings.Cut(found, " ")
					if !known[found] && !known[first] {
						t.Errorf("%s: %q mentions %q, which is not a command there", l.tag, key, found)
					}
				}
			}
		}
	}
}

// TestRoutinesTranslated checks that every text a routine can show has a
// translation in every language, and that no "coach:" key is left over.
func TestRoutinesTranslated(t *testing.T) {
	texts := routineTexts()
	if len(texts) < 20 {
		t.Fatalf("only %d routine texts", len(texts))
	}
	want := map[string]bool{}
	for _, s := range texts {
		want["coach:"+s] = true
	}
	for _, l := range languages[1:] {
		for key := range want {
			if _, ok := l.msgs[key]; !ok {
				t.Errorf("%s: no translation of the routine text %q", l.tag, strings.TrimPrefix(key, "coach:"))
			}
		}
		for key := range l.msgs {
			if strings.HasPrefix(key, "coach:") && !want[key] {
				t.Errorf("%s: %q translates no routine text", l.tag, key)
			}
		}
	}
}

// BenchmarkHelpByLocale times /help through the dispatcher in each
// language: the catalog lookups and formatting a reply costs.
func BenchmarkHelpByLocale(b *testing.B) {
	now := t0
	f := newClockFixture(b, &now)
	ctx := context.Background()
	for _, l := range languages {
		b.Run(l.tag.String(), func(b *testing.B) {
			for b.Loop() {
				req := &Request{ID: "1", Kind: KindCommand, UserID: "u1", Command: "help", Locale: string(l.discord[0])}
				if r := f.bot.Handle(ctx, req); len(r.Embeds) != 4 {
					b.Fatalf("/help = %+v", r)
				}
			}
		})
	}
}
