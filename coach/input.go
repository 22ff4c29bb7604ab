package coach

import (
	"strings"
	"time"
	"unicode/utf8"
)

// CheckNote refuses notes over MaxNoteLen characters and returns the note
// trimmed.
func CheckNote(field, s string) (string, error) {
	s = strings.TrimSpace(s)
	if n := utf8.RuneCountInString(s); n > MaxNoteLen {
		return "", inputErr(field, text("c.in.note_len", n), text("c.in.note_max", MaxNoteLen))
	}
	return s, nil
}

const zoneAccepted = "use an IANA name such as Europe/Berlin or America/New_York, or a city such as berlin; pick one from the suggestions"

// ParseTimezone reads a time zone as people type it: an IANA name in any
// case ("america/new_york"), or a city that names exactly one zone
// ("berlin", "new york"). An abbreviation such as EST is refused with the
// zones it may mean, because its fixed offset would ignore daylight saving
// time. It returns the zone and its canonical name.
func ParseTimezone(field, s string) (*time.Location, string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, "", inputErr(field, text("c.in.empty"), text("c.in.zones"))
	}
	// time.LoadLocation treats "Local" and "" specially and reads files for
	// paths; only plain zone names are allowed.
	if strings.EqualFold(s, "Local") || strings.Contains(s, "..") || strings.HasPrefix(s, "/") || len(s) > 64 {
		return nil, "", inputErr(field, text("c.in.not_zone", truncate(s, 40)), text("c.in.zones"))
	}
	if zones := ZoneAbbreviation(s); zones != nil {
		return nil, "", inputErr(field, text("c.in.zone_abbr", strings.ToUpper(s)), text("c.in.zone_maybe", orList(zones)))
	}
	zones := Zones()
	q := normZone(s)
	var cities []string
	for _, z := range zones {
		n := normZone(z)
		if n == q {
			return loadZone(field, z)
		}
		if n[strings.LastIndexByte(n, '/')+1:] == q {
			cities = append(cities, z)
		}
	}
	if loc, err := time.LoadLocation(s); err == nil && loc.String() == s {
		return loc, s, nil
	}
	switch len(cities) {
	case 1:
		return loadZone(field, cities[0])
	case 0:
		if m := MatchZones(zones, s, 3); len(m) > 0 {
			return nil, "", inputErr(field, text("c.in.not_zone", truncate(s, 40)), text("c.in.zone_mean", orList(m)))
		}
		return nil, "", inputErr(field, text("c.in.not_zone", truncate(s, 40)), text("c.in.zones"))
	}
	return nil, "", inputErr(field, text("c.in.zone_several", truncate(s, 40)), text("c.in.zone_pick", orList(cities)))
}

func loadZone(field, name string) (*time.Location, string, error) {
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, "", inputErr(field, text("c.in.not_zone", name), text("c.in.zones"))
	}
	return loc, name, nil
}

// normZone folds case, and spaces into underscores, as zone names spell them.
func normZone(s string) string {
	return strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), " ", "_"))
}

func orList(names []string) Or {
	out := make(Or, len(names))
	for i, n := range names {
		out[i] = n
	}
	return out
}

// ZoneAbbreviation returns the zones, observing daylight saving time where
// the region does, that a time zone abbreviation such as EST or CET may
// mean; nil when s is not one.
func ZoneAbbreviation(s string) []string {
	switch strings.ToUpper(strings.TrimSpace(s)) {
	case "EST", "EDT", "ET", "EASTERN":
		return []string{"America/New_York", "America/Toronto", "America/Detroit"}
	case "CST", "CDT", "CT", "CENTRAL":
		return []string{"America/Chicago", "America/Winnipeg", "America/Havana"}
	case "MST", "MDT", "MT", "MOUNTAIN":
		return []string{"America/Denver", "America/Edmonton", "America/Boise"}
	case "PST", "PDT", "PT", "PACIFIC":
		return []string{"America/Los_Angeles", "America/Vancouver", "America/Tijuana"}
	case "AKST", "AKDT":
		return []string{"America/Anchorage"}
	case "HST", "HDT":
		return []string{"America/Adak", "Pacific/Honolulu"}
	case "AST", "ADT":
		return []string{"America/Halifax", "Atlantic/Bermuda"}
	case "NST", "NDT":
		return []string{"America/St_Johns"}
	case "BST":
		return []string{"Europe/London"}
	case "IST":
		return []string{"Europe/Dublin", "Asia/Kolkata", "Asia/Jerusalem"}
	case "WET", "WEST":
		return []string{"Europe/Lisbon", "Atlantic/Canary"}
	case "CET", "CEST", "MET", "MEST":
		return []string{"Europe/Berlin", "Europe/Paris", "Europe/Madrid"}
	case "EET", "EEST":
		return []string{"Europe/Athens", "Europe/Helsinki", "Europe/Bucharest"}
	case "AEST", "AEDT":
		return []string{"Australia/Sydney", "Australia/Melbourne", "Australia/Hobart"}
	case "ACST", "ACDT":
		return []string{"Australia/Adelaide"}
	case "NZST", "NZDT":
		return []string{"Pacific/Auckland"}
	}
	return nil
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
	return "", inputErr(field, text("c.in.not_level", truncate(s, 20)), text("c.in.levels"))
}
