package bot

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
	xplural "golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"

	"github.com/hangtime/hangtime/coach"
)

// A language Hangtime speaks: its tag, the Discord locales that choose it
// (the first is the one registration is localized to) and its catalog, in
// its own file (i18n_de.go, …). To add a language, write its catalog file
// with every key of catalogEN and add one line to languages.
type lang struct {
	tag     language.Tag
	discord []discordgo.Locale
	msgs    map[string]msg
}

// msg is a catalog entry: a string (a format for the printer), or a plural
// whose wording follows the CLDR plural category of its first argument.
type msg any

// plurals words a message by the CLDR plural category of its first
// argument, an integer; a language uses the categories it has.
type plurals struct{ One, Few, Many, Other string }

// languages are the languages Hangtime speaks; English, first, is the
// default for every locale not listed.
var languages = []lang{
	{language.English, []discordgo.Locale{discordgo.EnglishUS, discordgo.EnglishGB}, catalogEN},
	{language.German, []discordgo.Locale{discordgo.German}, catalogDE},
	{language.MustParse("es-ES"), []discordgo.Locale{discordgo.SpanishES}, catalogES},
	{language.French, []discordgo.Locale{discordgo.French}, catalogFR},
	{language.BrazilianPortuguese, []discordgo.Locale{discordgo.PortugueseBR}, catalogPT},
}

// catalogs holds every language's messages; built once at start.
var catalogs = buildCatalogs()

func buildCatalogs() *catalog.Builder {
	b := catalog.NewBuilder(catalog.Fallback(language.English))
	for _, l := range languages {
		for key, m := range l.msgs {
			var err error
			switch m := m.(type) {
			case string:
				err = b.SetString(l.tag, key, m)
			case plurals:
				var cases []any
				for _, c := range []struct{ sel, text string }{{"one", m.One}, {"few", m.Few}, {"many", m.Many}, {"other", m.Other}} {
					if c.text != "" {
						cases = append(cases, c.sel, c.text)
					}
				}
				err = b.Set(l.tag, key, xplural.Selectf(1, "%d", cases...))
			default:
				err = fmt.Errorf("unexpected %T", m)
			}
			if err != nil {
				panic(fmt.Sprintf("catalog %s: %s: %v", l.tag, key, err))
			}
		}
	}
	return b
}

// Tr speaks one language: it formats catalog messages, numbers, durations
// and dates in it. The zero of *Tr is not usable; get one from trFor.
type Tr struct {
	lang *lang
	p    *message.Printer
}

var translators = func() map[string]*Tr {
	m := map[string]*Tr{}
	for i := range languages {
		l := &languages[i]
		m[l.tag.String()] = &Tr{lang: l, p: message.NewPrinter(l.tag, message.Catalog(catalogs))}
	}
	return m
}()

// english is the default language's translator.
var english = translators[languages[0].tag.String()]

// trFor returns the translator for a Discord locale ("de", "pt-BR", …) or
// a language tag; English for anything unknown or empty.
func trFor(locale string) *Tr {
	if locale == "" {
		return english
	}
	for i := range languages {
		for _, d := range languages[i].discord {
			if strings.EqualFold(string(d), locale) {
				return translators[languages[i].tag.String()]
			}
		}
	}
	// Else by base language, so "de-AT" and "fr_CA" find theirs.
	base, _, _ := strings.Cut(strings.ReplaceAll(locale, "_", "-"), "-")
	for i := range languages {
		if b, _ := languages[i].tag.Base(); strings.EqualFold(b.String(), base) {
			return translators[languages[i].tag.String()]
		}
	}
	return english
}

// LocaleFromEnv picks the console's language from HANGTIME_LANG, else
// LANG (such as "de_DE.UTF-8"), as a Discord locale; "" for English.
func LocaleFromEnv(getenv func(string) string) string {
	v := getenv("HANGTIME_LANG")
	if v == "" {
		v = getenv("LANG")
	}
	v, _, _ = strings.Cut(v, ".")
	v, _, _ = strings.Cut(v, "@")
	if v == "" || v == "C" || v == "POSIX" {
		return ""
	}
	return string(trFor(v).Locale())
}

// Locale is the Discord locale this translator's language is registered
// under.
func (t *Tr) Locale() discordgo.Locale { return t.lang.discord[0] }

// English reports whether t speaks the default language.
func (t *Tr) English() bool { return t == english }

// S formats the catalog message key with args.
func (t *Tr) S(key string, args ...any) string { return t.p.Sprintf(key, args...) }

// Num formats a number with the language's separators.
func (t *Tr) Num(n any) string { return t.p.Sprint(n) }

// Dur renders a duration, such as 1m30s in English and 1 min 30 s in
// French.
func (t *Tr) Dur(d time.Duration) string {
	if t.English() {
		return coach.FormatDuration(d)
	}
	neg := ""
	if d < 0 {
		neg, d = "-", -d
	}
	d = d.Round(time.Second)
	h, m, s := int(d/time.Hour), int(d%time.Hour/time.Minute), int(d%time.Minute/time.Second)
	var parts []string
	if h > 0 {
		parts = append(parts, t.S("dur.h", h))
	}
	if m > 0 {
		parts = append(parts, t.S("dur.m", m))
	}
	if s > 0 || len(parts) == 0 {
		parts = append(parts, t.S("dur.s", s))
	}
	return neg + strings.Join(parts, " ")
}

// Date renders a calendar day, such as "Nov 24, 2026" or "24. Nov. 2026".
func (t *Tr) Date(d time.Time) string {
	return t.S("date.long", strconv.Itoa(d.Day()), t.S("month."+strconv.Itoa(int(d.Month()))), strconv.Itoa(d.Year()))
}

// DayText renders a day with its weekday, such as "Tue, Nov 24".
func (t *Tr) DayText(d time.Time) string {
	return t.S("date.day", t.S("weekday."+strconv.Itoa(int(d.Weekday()))), strconv.Itoa(d.Day()), t.S("month."+strconv.Itoa(int(d.Month()))))
}

// Device names a device in the language.
func (t *Tr) Device(d coach.Device) string {
	key := "device." + string(d)
	if _, ok := t.lang.msgs[key]; !ok {
		return d.Label()
	}
	return t.S(key)
}

// dynamicKeys are the prefixes of keys built at run time (month.1, …): a
// key under one counts as used when its prefix appears in the code.
var dynamicKeys = []string{"comeup.", "easedown.", "on.", "level.", "month.", "weekday.", "device.", "dur.", "cmd."}

// On says where a hang happened: "on the inversion table", "mit den
// Gravity Boots".
func (t *Tr) On(d coach.Device) string {
	key := "on." + string(d)
	if _, ok := t.lang.msgs[key]; !ok {
		return "on the " + d.Label()
	}
	return t.S(key)
}

// Level names an experience level in the language.
func (t *Tr) Level(l coach.Level) string {
	key := "level." + string(l)
	if _, ok := t.lang.msgs[key]; !ok {
		return string(l)
	}
	return t.S(key)
}

// Ordinal renders "10th", "10.", "10.ª", "10e".
func (t *Tr) Ordinal(n int) string {
	if t.English() {
		return ordinal(n)
	}
	return t.S("ordinal", strconv.Itoa(n))
}

// reg translates a piece of the command table — a command's name (kind
// "name:"), an option's ("opt:"), a choice's ("choice:") or a description
// ("desc:") — keyed by its English; the English itself when t is English
// or has none (Discord then shows the default).
func (t *Tr) reg(kind, english string) string {
	if s, ok := t.lang.msgs[kind+english].(string); ok && !t.English() {
		return s
	}
	return english
}

// ComeUp says how to come up from a hang on d.
func (t *Tr) ComeUp(d coach.Device) string {
	key := "comeup." + string(d)
	if _, ok := t.lang.msgs[key]; !ok {
		return d.ComeUp()
	}
	return t.S(key)
}

// Day renders a calendar day with its weekday, such as "Tue, Nov 24".
func (t *Tr) Day(d coach.Day) string { return t.DayText(d.Start(time.UTC)) }

// commandPath renders a full command name, such as "hang log", with its
// localized names.
func (t *Tr) commandPath(command string) string {
	parts := strings.Fields(command)
	for i, p := range parts {
		parts[i] = t.reg("name:", p)
	}
	return strings.Join(parts, " ")
}

// capitalizeWord upper-cases the first letter of s, whatever its script.
func capitalizeWord(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+utf8.RuneLen(r):]
	}
	return s
}

// has reports whether t's catalog holds key.
func (t *Tr) has(key string) bool {
	_, ok := t.lang.msgs[key]
	return ok
}

// EnglishPhrases returns the phrases of the English catalog that betray
// an untranslated message: the text between placeholders, markup and line
// breaks, where it has two words or more. Tests use it to check that no
// English reaches a reply in another language.
func EnglishPhrases() []string {
	split := regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z]|\*\*|\n|_\(|\)_|` + "`")
	seen := map[string]bool{}
	var out []string
	for _, m := range languages[0].msgs {
		var texts []string
		switch m := m.(type) {
		case string:
			texts = []string{m}
		case plurals:
			texts = []string{m.One, m.Other}
		}
		for _, s := range texts {
			for _, part := range split.Split(s, -1) {
				part = strings.Trim(part, " .,:;—–-()…!?🏅🎉")
				if len(strings.Fields(part)) >= 2 && !seen[part] {
					seen[part] = true
					out = append(out, part)
				}
			}
		}
	}
	sort.Strings(out)
	return out
}

// Days renders a set of weekdays: "every day", "weekdays", "Mon, Wed, Fri"
// in English, "Mo., Mi., Fr." in German.
func (t *Tr) Days(w coach.Weekdays) string {
	switch w {
	case 0x7f:
		return t.S("days.every")
	case 0x3e:
		return t.S("days.weekdays")
	case 0x41:
		return t.S("days.weekends")
	}
	var parts []string
	for i := 1; i <= 7; i++ {
		if d := time.Weekday(i % 7); w.Has(d) {
			parts = append(parts, t.S("weekday."+strconv.Itoa(int(d))))
		}
	}
	return strings.Join(parts, ", ")
}

// routine translates a routine's title and steps, whose English is coach's
// (keyed "coach:" by it), into t's language.
func (t *Tr) routine(r coach.Routine) coach.Routine {
	r.Title = t.reg("coach:", r.Title)
	steps := make([]coach.Step, len(r.Steps))
	for i, s := range r.Steps {
		s.Title, s.Text = t.reg("coach:", s.Title), t.reg("coach:", s.Text)
		steps[i] = s
	}
	r.Steps = steps
	return r
}

// routineTexts lists every text a routine can show, on every device at
// every angle a plan suggests: what the "coach:" keys translate.
func routineTexts() []string {
	seen := map[string]bool{}
	var out []string
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, name := range coach.RoutineNames() {
		for _, d := range coach.Devices() {
			for angle := 0; angle <= 90; angle += 5 {
				r, err := coach.RoutineFor(name, d, angle)
				if err != nil {
					continue
				}
				add(r.Title)
				for _, s := range r.Steps {
					add(s.Title)
					add(s.Text)
				}
			}
		}
	}
	sort.Strings(out)
	return out
}

// Text renders what the coach says (an input error, a plan's reason, a
// caution) in t's language: its code is a catalog key, and each of its
// parameters is rendered in the language too.
func (t *Tr) Text(x coach.Text) string {
	if x.IsZero() {
		return ""
	}
	if !t.has(x.Code) {
		return x.String()
	}
	return t.S(x.Code, t.args(x.Args)...)
}

// args renders message parameters that speak a language (coach texts,
// durations, devices, levels, lists) in t's; others pass as they are.
func (t *Tr) args(in []any) []any {
	if len(in) == 0 {
		return in
	}
	out := make([]any, len(in))
	for i, a := range in {
		out[i] = t.arg(a)
	}
	return out
}

func (t *Tr) arg(a any) any {
	switch a := a.(type) {
	case coach.Text:
		return t.Text(a)
	case coach.Dur:
		return t.Dur(time.Duration(a))
	case coach.Device:
		return t.Device(a)
	case coach.Level:
		return t.Level(a)
	case coach.Day:
		return a.String()
	case coach.Or:
		items := make([]string, len(a))
		for i, x := range a {
			items[i] = fmt.Sprint(t.arg(x))
		}
		if len(items) < 2 {
			return strings.Join(items, "")
		}
		return t.S("list.or", strings.Join(items[:len(items)-1], ", "), items[len(items)-1])
	case capital:
		return capitalizeWord(fmt.Sprint(t.arg(a.x)))
	case *UserError:
		return a.text(t)
	case *coach.InputError:
		// As Error words it: "field: problem (accepted)".
		s := t.reg("opt:", a.Field) + ": " + t.Text(a.ProblemText)
		if a.ProblemText.IsZero() {
			s = t.reg("opt:", a.Field) + ": " + a.Problem
		}
		if acc := t.Text(a.AcceptedText); acc != "" {
			s += " (" + acc + ")"
		} else if a.ProblemText.IsZero() && a.Accepted != "" {
			s += " (" + a.Accepted + ")"
		}
		return truncateRunes(s, 200)
	}
	return a
}

// capital is a message parameter rendered with its first letter upper
// case, as a sentence starts.
type capital struct{ x any }

// withCoachTexts adds the English of every coach.Text code to the English
// catalog: the coach words them, the other catalogs translate them.
func withCoachTexts(m map[string]msg) map[string]msg {
	for code, f := range coach.TextFormats() {
		m[code] = f
	}
	for code, p := range coach.TextPlurals() {
		m[code] = plurals{One: p[0], Other: p[1]}
	}
	return m
}
