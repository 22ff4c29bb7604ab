package coach

import (
	_ "embed"
	"sort"
	"strings"

	// The coach owns local days and DST, so it carries its own copy of the
	// time zone database instead of trusting the host (slim containers have
	// none, and time.LoadLocation would then refuse every zone but UTC).
	_ "time/tzdata"
)

//go:embed zones.txt
var zonesFile string

// Zones lists canonical IANA time zone names, sorted.
func Zones() []string {
	var out []string
	for _, l := range strings.Split(zonesFile, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	sort.Strings(out)
	return out
}

// MatchZones returns up to limit zone names that contain query, ignoring
// case, spaces and underscores; names that start with it (or whose city does)
// come first. A limit of zero or less returns nothing.
func MatchZones(zones []string, query string, limit int) []string {
	if limit <= 0 {
		return nil
	}
	norm := func(s string) string {
		return strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), " ", "_"))
	}
	q := norm(query)
	var first, rest []string
	for _, z := range zones {
		n := norm(z)
		city := n[strings.LastIndexByte(n, '/')+1:]
		switch {
		case strings.HasPrefix(n, q) || strings.HasPrefix(city, q):
			first = append(first, z)
		case strings.Contains(n, q):
			rest = append(rest, z)
		}
	}
	out := append(first, rest...)
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}
