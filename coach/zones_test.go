package coach

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestZones(t *testing.T) {
	zones := Zones()
	if len(zones) < 300 {
		t.Fatalf("len(Zones()) = %d, want the IANA zones", len(zones))
	}
	if !slices.IsSorted(zones) {
		t.Errorf("Zones() is not sorted")
	}
	for _, want := range []string{"UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata"} {
		if !slices.Contains(zones, want) {
			t.Errorf("Zones() lacks %q", want)
		}
	}
	for _, z := range zones {
		if strings.HasPrefix(z, "#") || strings.TrimSpace(z) != z {
			t.Errorf("Zones() holds %q", z)
		}
		// Every zone offered must be one ParseTimezone accepts, whatever
		// the host's tz database.
		if _, err := time.LoadLocation(z); err != nil {
			t.Errorf("time.LoadLocation(%q) = %v, want a zone", z, err)
		}
	}
}

func TestMatchZones(t *testing.T) {
	zones := []string{"America/New_York", "America/Newfoundland", "Europe/Berlin", "Europe/London", "UTC", "Asia/Yekaterinburg"}
	tests := []struct {
		query string
		limit int
		want  []string
	}{
		{"berlin", 25, []string{"Europe/Berlin"}},
		{"new york", 25, []string{"America/New_York"}},
		{"NEW_", 25, []string{"America/New_York"}},
		{"new", 25, []string{"America/New_York", "America/Newfoundland"}},
		{"europe", 25, []string{"Europe/Berlin", "Europe/London"}},
		{"europe", 1, []string{"Europe/Berlin"}},
		// Names or cities starting with the query come before other matches.
		{"u", 25, []string{"UTC", "America/Newfoundland", "Europe/Berlin", "Europe/London", "Asia/Yekaterinburg"}},
		{"burg", 25, []string{"Asia/Yekaterinburg"}},
		{"", 2, []string{"America/New_York", "America/Newfoundland"}},
		{"mars", 25, nil},
		{"europe", 0, nil},
		{"europe", -1, nil}, // panicked before
	}
	for _, tt := range tests {
		got := MatchZones(zones, tt.query, tt.limit)
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("MatchZones(%q, %d) mismatch (-want +got):\n%s", tt.query, tt.limit, diff)
		}
	}
}
