package bot

import (
	"regexp"
	"strings"
	"sync"
)

// A job's outcome note is stored in English (logs and the database read
// the same), and shown to its user in theirs: note finds the catalog
// message the note was made from and says it in t's language.

// noteKeys are the catalog messages outcome notes are made from, with the
// delivery failures an Outbox reports (which become notes as they are).
var noteKeys = []string{
	"note.missed", "note.sent_late", "note.posted_late", "note.cannot_post_reminder", "note.cannot_post_group",
	"note.dm_closed_group", "note.dm_closed_nowhere", "note.hung_since_workout", "note.hung_that_day",
	"note.unreadable", "note.group_gone", "note.not_member", "note.already_posted", "note.no_members",
	"note.timesup_unsent", "note.no_outbox", "note.dms_closed", "note.no_access", "note.token_expired",
}

// notePatterns match each note key's English, capturing its parameters.
var notePatterns = sync.OnceValue(func() map[string]*regexp.Regexp {
	out := map[string]*regexp.Regexp{}
	for _, key := range noteKeys {
		f, _ := catalogEN[key].(string)
		out[key] = regexp.MustCompile("^" + strings.ReplaceAll(regexp.QuoteMeta(f), "%s", "(.+?)") + "$")
	}
	return out
})

// note renders a stored outcome note in t's language; one made from no
// catalog message is shown as it is.
func (t *Tr) note(note string) string {
	if t.English() {
		return note
	}
	for _, key := range noteKeys {
		if m := notePatterns()[key].FindStringSubmatch(note); m != nil {
			args := make([]any, len(m)-1)
			for i, a := range m[1:] {
				args[i] = a
			}
			return t.S(key, args...)
		}
	}
	return note
}
