package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/hangtime/hangtime/coach"
)

// localeCommand is f.command from a user whose Discord speaks locale.
func (f *fixture) localeCommand(t *testing.T, locale, user, name, options string) Reply {
	t.Helper()
	f.n++
	return f.interaction(t, fmt.Sprintf(`{"id":"%d","application_id":"1","type":2,"token":"tok","guild_id":"100","channel_id":"200","locale":%q,
		"member":{"user":{"id":%q,"username":"u"},"permissions":"0"},
		"data":{"id":"9","name":%q,"type":1,"options":%s}}`, 1000+f.n, locale, user, name, options))
}

// englishIn returns the English catalog phrases s holds as whole words.
func englishIn(s string) []string {
	var out []string
	for _, p := range EnglishPhrases() {
		for i := 0; ; {
			j := strings.Index(s[i:], p)
			if j < 0 {
				break
			}
			start, end := i+j, i+j+len(p)
			before, _ := utf8.DecodeLastRuneInString(s[:start])
			after, _ := utf8.DecodeRuneInString(s[end:])
			if !unicode.IsLetter(before) && !unicode.IsLetter(after) {
				out = append(out, p)
				break
			}
			i = start + 1
		}
	}
	return out
}

// TestCoachSpeaksTheUsersLanguage: what the coach words — refusals of
// input, the plan's reason, next step and caution — reaches a user in
// their language, with no English catalog phrase in it.
func TestCoachSpeaksTheUsersLanguage(t *testing.T) {
	for _, l := range languages[1:] {
		loc := string(l.discord[0])
		t.Run(loc, func(t *testing.T) {
			f := newFixture(t)
			tr := trFor(loc)
			for _, c := range []struct {
				what, cmd, opts string
				want            string
			}{
				{"time zone abbreviation", "profile", `[{"name":"set","type":1,"options":[{"name":"timezone","type":3,"value":"EST"}]}]`,
					tr.Text(coach.Text{Code: "c.in.zone_abbr", Args: []any{"EST"}})},
				{"weekly target", "profile", `[{"name":"set","type":1,"options":[{"name":"weekly","type":4,"value":9}]}]`,
					tail(tr.Text(coach.Text{Code: "c.in.weekly_use"}))},
				{"plan for boots", "profile", `[{"name":"set","type":1,"options":[{"name":"device","type":3,"value":"boots"}]}]`, ""},
				{"plan", "plan", `[]`, tr.Text(coach.Text{Code: "c.caution.boots"})},
				{"history limit", "history", `[{"name":"limit","type":4,"value":500}]`, tail(tr.S("in.limit_use", historyMax))},
			} {
				r := f.localeCommand(t, loc, "u1", c.cmd, c.opts)
				got := replyText(r)
				if c.want != "" && !strings.Contains(got, c.want) {
					t.Errorf("%s: reply lacks %q:\n%s", c.what, c.want, got)
				}
				if e := englishIn(got); len(e) > 0 {
					t.Errorf("%s: English %q in:\n%s", c.what, e, got)
				}
				if testing.Verbose() && c.want != "" {
					t.Logf("%s %s: %s", loc, c.what, strings.ReplaceAll(got, "\n", " | "))
				}
			}
		})
	}
}

// TestJobNotesInTheUsersLanguage: notes stored in English are shown in the
// reader's language, their parameters kept; unknown notes as they are.
func TestJobNotesInTheUsersLanguage(t *testing.T) {
	for _, key := range noteKeys {
		if _, ok := catalogEN[key].(string); !ok {
			t.Errorf("note key %q has no English", key)
		}
	}
	de := trFor("de")
	stored := english.S("note.cannot_post_reminder", "123456789012")
	if got, want := de.note(stored), de.S("note.cannot_post_reminder", "123456789012"); got != want || got == stored {
		t.Errorf("note(%q) = %q, want %q", stored, got, want)
	}
	if got := de.note(ErrDMsClosed.Error()); got != de.S("note.dms_closed") {
		t.Errorf("note(ErrDMsClosed) = %q", got)
	}
	if got := de.note("something else"); got != "something else" {
		t.Errorf("an unknown note became %q", got)
	}
	if got := english.note(stored); got != stored {
		t.Errorf("English note = %q", got)
	}
}

// TestExportImportKeepsEveryProfileField: every profile field /data export writes is
// read back by /data import and restored into an account that lacks it,
// the language of reminders (the stored locale) included.
func TestExportImportKeepsEveryProfileField(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.localeCommand(t, "pt-BR", "u1", "profile", `[{"name":"set","type":1,"options":[
		{"name":"device","type":3,"value":"chair"},{"name":"timezone","type":3,"value":"America/Sao_Paulo"},
		{"name":"level","type":3,"value":"intermediate"},{"name":"weekly","type":4,"value":4},{"name":"notify","type":3,"value":"channel"}]}]`)
	if err := f.db.AckSafety(ctx, "u1", t0); err != nil {
		t.Fatal(err)
	}
	r := f.localeCommand(t, "pt-BR", "u1", "data", `[{"name":"export","type":1,"options":[]}]`)
	if len(r.Files) != 1 {
		t.Fatalf("/data export = %+v", r)
	}
	data, err := io.ReadAll(r.Files[0].Reader)
	if err != nil {
		t.Fatal(err)
	}
	// Every profile field is in the export.
	var doc exportDoc
	if err := jsonUnmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	pv := reflect.ValueOf(doc.Profile)
	for i := range pv.NumField() {
		if pv.Field(i).IsZero() {
			t.Errorf("the export's profile lacks %s: %s", pv.Type().Field(i).Name, data)
		}
	}
	backup, err := parseExport(data)
	if err != nil {
		t.Fatal(err)
	}
	want, err := f.db.Profile(ctx, "u1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.Restore(ctx, "u2", backup, func(coach.GymSchedule) coach.Job { return coach.Job{} }, func(coach.Reminder) coach.Job { return coach.Job{} }, t0); err != nil {
		t.Fatal(err)
	}
	got, err := f.db.Profile(ctx, "u2")
	if err != nil {
		t.Fatal(err)
	}
	got.UserID = want.UserID
	if !reflect.DeepEqual(got, want) {
		t.Errorf("restored profile %+v, want %+v", got, want)
	}
	if l, err := f.db.UserLocale(ctx, "u2"); err != nil || l != "pt-BR" {
		t.Errorf("restored locale = %q, %v; want pt-BR", l, err)
	}

	// A bad value of the newer fields refuses the whole file, in the
	// user's language.
	for _, bad := range []struct{ field, from, to string }{
		{"weekly", `"weekly": 4`, `"weekly": 9`},
		{"notify", `"notify": "channel"`, `"notify": "pigeon"`},
		{"locale", `"locale": "pt-BR"`, `"locale": "x y"`},
	} {
		doc := strings.Replace(string(data), bad.from, bad.to, 1)
		if doc == string(data) {
			t.Fatalf("%s: %q not in the export", bad.field, bad.from)
		}
		_, err := parseExport([]byte(doc))
		var ie *coach.InputError
		if !errorsAs(err, &ie) || ie.Field != bad.field {
			t.Errorf("%s = %v, want an input error on it", bad.to, err)
			continue
		}
		msg := (&UserError{Key: "import.refused", Args: []any{ie}}).text(trFor("fr"))
		if e := englishIn(msg); len(e) > 0 || !strings.Contains(msg, trFor("fr").reg("opt:", bad.field)) {
			t.Errorf("refusal of %s in French = %q (English %q)", bad.to, msg, e)
		}
	}
}

// TestImportDetailsInTheUsersLanguage: why an export cannot be read is
// said in the user's language too.
func TestImportDetailsInTheUsersLanguage(t *testing.T) {
	doc := `{"format":"hangtime-export/1","user_id":"u1","exported_at":"2026-11-24T10:00:00Z","profile":{},
		"sessions":[{"id":1,"start":"2026-11-23T10:00:00Z","duration_seconds":60,"angle":95}],"rest_days":[],"pauses":[]}`
	_, err := parseExport([]byte(doc))
	var ue *UserError
	if !errorsAs(err, &ue) || ue.Key != "import.d.hang_angle" {
		t.Fatalf("parseExport = %v, want the angle refused", err)
	}
	for _, l := range languages[1:] {
		tr := trFor(string(l.discord[0]))
		msg := (&UserError{Key: "import.unreadable", Args: []any{ue}}).text(tr)
		if e := englishIn(msg); len(e) > 0 || !strings.Contains(msg, tr.S("import.d.hang_angle", 0, 95)) {
			t.Errorf("%s: %q (English %q)", l.tag, msg, e)
		}
	}
}

// TestConsoleLinesInItsLanguage: the console's own lines (a file saved, a
// line it cannot read) follow its language.
func TestConsoleLinesInItsLanguage(t *testing.T) {
	f := newFixture(t)
	for _, l := range languages[1:] {
		var out strings.Builder
		c := NewConsole(&out, f.bot.now)
		c.Locale, c.FileDir = string(l.discord[0]), t.TempDir()
		tr := trFor(c.Locale)
		saved := c.saveFile(&discordgo.File{Name: "x.json", Reader: strings.NewReader("{}")})
		if !strings.Contains(saved, tr.S("console.file_saved", "", 2)[len("📎 "):][:4]) || len(englishIn(saved)) > 0 {
			t.Errorf("%s: %q", l.tag, saved)
		}
		req := &Request{Locale: c.Locale}
		for _, line := range []string{"/", "/teleport now", "/hang log dauer"} {
			err := f.bot.parseCommandLine(line, req)
			if err == nil || len(englishIn(err.Error())) > 0 {
				t.Errorf("%s: %q = %v", l.tag, line, err)
			}
		}
	}
}

func jsonUnmarshal(data []byte, v any) error { return json.Unmarshal(data, v) }

func errorsAs(err error, target any) bool { return errors.As(err, target) }

// tail is s without its first letter, which a reply may capitalize.
func tail(s string) string {
	_, n := utf8.DecodeRuneInString(s)
	return s[n:]
}
