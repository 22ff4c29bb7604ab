package coach

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// CheckNote refuses notes over MaxNoteLen characters and returns the note
// trimmed.
func CheckNote(field, s string) (string, error) {
	s = strings.TrimSpace(s)
	if n := utf8.RuneCountInString(s); n > MaxNoteLen {
		return "", inputErr(field, fmt.Sprintf("is %d characters long", n), fmt.Sprintf("at most %d characters", MaxNoteLen))
	}
	return s, nil
}

// ParseTimezone reads an IANA time zone name such as Europe/Berlin.
func ParseTimezone(field, s string) (*time.Location, string, error) {
	s = strings.TrimSpace(s)
	const accepted = "use an IANA name such as Europe/Berlin or America/New_York; pick one from the suggestions"
	if s == "" {
		return nil, "", inputErr(field, "is empty", accepted)
	}
	// time.LoadLocation treats "Local" and "" specially and reads files for
	// paths; only plain zone names are allowed.
	if s == "Local" || strings.Contains(s, "..") || strings.HasPrefix(s, "/") || len(s) > 64 {
		return nil, "", inputErr(field, fmt.Sprintf("%q is not a time zone", truncate(s, 40)), accepted)
	}
	loc, err := time.LoadLocation(s)
	if err != nil {
		return nil, "", inputErr(field, fmt.Sprintf("%q is not a time zone", truncate(s, 40)), accepted)
	}
	return loc, loc.String(), nil
}

// ParseLevel reads a level name; empty means "not given".
func ParseLevel(field, s string) (Level, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return "", nil
	}
	for _, l := range Levels() {
		if string(l) == s {
			return l, nil
		}
	}
	return "", inputErr(field, fmt.Sprintf("%q is not a level", truncate(s, 20)), "choose beginner, intermediate or advanced")
}
