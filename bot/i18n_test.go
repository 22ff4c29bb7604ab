package bot

import (
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
)

// registrationKey reports whether key localizes the command table (its
// English is the table itself, so the English catalog has none).
func registrationKey(key string) bool {
	for _, p := range []string{"name:", "opt:", "desc:", "choice:"} {
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
				if got := placeholders(v); !slices.Equal(got, want) {
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
	for key := range languages[0].msgs {
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
		got := localeFromEnv(env(c.env))
		if c.want == "" && got != "" && trFor(got) != english {
			t.Errorf("localeFromEnv(%v) = %q, want English", c.env, got)
		}
		if c.want != "" && trFor(got).lang.tag.String() != c.want {
			t.Errorf("localeFromEnv(%v) = %q, want %s", c.env, got, c.want)
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
