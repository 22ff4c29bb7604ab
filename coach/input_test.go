package coach

import (
	"strings"
	"testing"
	"time"
)

func TestParseTimezone(t *testing.T) {
	tests := []struct {
		in   string
		want string // the canonical name; empty when refused
	}{
		{"Europe/Berlin", "Europe/Berlin"},
		{" America/New_York ", "America/New_York"},
		{"UTC", "UTC"},
		{"", ""},
		{"   ", ""},
		{"Local", ""},
		{"../etc/passwd", ""},
		{"/etc/localtime", ""},
		{"Europe/../../etc/passwd", ""},
		{"Mars/Base", ""},
		{strings.Repeat("A", 65), ""},
		{"america/new_york", "America/New_York"},
		{"EUROPE/BERLIN", "Europe/Berlin"},
		{"berlin", "Europe/Berlin"},
		{"Berlin", "Europe/Berlin"},
		{"new york", "America/New_York"},
		{"Sao_Paulo", "America/Sao_Paulo"},
		{"utc", "UTC"},
		{"Etc/GMT+5", "Etc/GMT+5"},
		{"EST", ""},
		{"est", ""},
		{"CET", ""},
		{"MST", ""},
		{"HST", ""},
		{"local", ""},
		{"berl", ""},
	}
	for _, tt := range tests {
		loc, name, err := ParseTimezone("timezone", tt.in)
		if tt.want == "" {
			if err == nil {
				t.Errorf("ParseTimezone(%q) = %v, %q, want an error", tt.in, loc, name)
				continue
			}
			inputError(t, err, "timezone")
			continue
		}
		if err != nil || name != tt.want || loc == nil || loc.String() != tt.want {
			t.Errorf("ParseTimezone(%q) = %v, %q, %v, want %q", tt.in, loc, name, err, tt.want)
		}
	}
}

func TestParseTimezoneSuggests(t *testing.T) {
	tests := []struct{ in, want string }{
		{"EST", "America/New_York"},
		{"pst", "America/Los_Angeles"},
		{"CEST", "Europe/Berlin"},
		{"berl", "Europe/Berlin"},
	}
	for _, tt := range tests {
		_, _, err := ParseTimezone("timezone", tt.in)
		ie := inputError(t, err, "timezone")
		if !strings.Contains(ie.Accepted, tt.want) {
			t.Errorf("ParseTimezone(%q) accepted = %q, want it to suggest %s", tt.in, ie.Accepted, tt.want)
		}
	}
	// Every suggested zone observes DST or is the only zone meant, and exists.
	for _, abbr := range []string{"EST", "CST", "MST", "PST", "AKST", "HST", "AST", "NST", "BST", "IST", "WET", "CET", "EET", "AEST", "ACST", "NZST"} {
		for _, z := range ZoneAbbreviation(abbr) {
			if _, name, err := ParseTimezone("timezone", z); err != nil || name != z {
				t.Errorf("ZoneAbbreviation(%q) suggests %q, which ParseTimezone refuses: %v", abbr, z, err)
			}
		}
	}
}

func TestProfileLocation(t *testing.T) {
	tests := []struct {
		tz   string
		want string
	}{
		{"", "UTC"},
		{"Europe/Berlin", "Europe/Berlin"},
		{"Mars/Base", "UTC"},
		{"Local", "UTC"},
	}
	for _, tt := range tests {
		if got := (Profile{Timezone: tt.tz}).Location().String(); got != tt.want {
			t.Errorf("Profile{Timezone: %q}.Location() = %q, want %q", tt.tz, got, tt.want)
		}
	}
}

func TestCheckNote(t *testing.T) {
	long := strings.Repeat("é", MaxNoteLen)
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"", "", true},
		{"  felt good  ", "felt good", true},
		{long, long, true},
		{" " + long + " ", long, true},
		{long + "x", "", false},
	}
	for _, tt := range tests {
		got, err := CheckNote("note", tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("CheckNote(%.20q…) = %.20q, %v, want %.20q (ok %v)", tt.in, got, err, tt.want, tt.ok)
		}
		if err != nil {
			inputError(t, err, "note")
		}
	}
}

func TestParseLevel(t *testing.T) {
	tests := []struct {
		in   string
		want Level
		ok   bool
	}{
		{"", "", true},
		{"beginner", Beginner, true},
		{" Intermediate", Intermediate, true},
		{"ADVANCED", Advanced, true},
		{"expert", "", false},
	}
	for _, tt := range tests {
		got, err := ParseLevel("level", tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseLevel(%q) = %q, %v, want %q (ok %v)", tt.in, got, err, tt.want, tt.ok)
		}
		if err != nil {
			inputError(t, err, "level")
		}
	}
}

func TestSessionEnd(t *testing.T) {
	start := time.Date(2026, 3, 1, 23, 59, 0, 0, time.UTC)
	s := Session{Start: start, Duration: 2 * time.Minute}
	if got, want := s.End(), start.Add(2*time.Minute); !got.Equal(want) {
		t.Errorf("Session.End() = %v, want %v", got, want)
	}
}

func TestSafetyTexts(t *testing.T) {
	for _, want := range []string{"blood pressure", "glaucoma", "pregnancy", "surgery", "herniated", "obesity", "health-care provider", "not a medical device", "10 minutes", "horizontal"} {
		if !strings.Contains(SafetyCard, want) {
			t.Errorf("SafetyCard does not mention %q", want)
		}
	}
	if SafetyTitle == "" || !strings.Contains(CautionText, "5 minutes") {
		t.Errorf("SafetyTitle = %q, CautionText = %q, want a title and a 5-minute caution", SafetyTitle, CautionText)
	}
}
