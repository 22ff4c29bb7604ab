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
