package coach

import (
	"errors"
	"strings"
	"testing"
)

// refusal fails the test unless err is the *InputError users are shown.
func refusal(t *testing.T, fn, s string, err error) {
	t.Helper()
	var ie *InputError
	if !errors.As(err, &ie) {
		t.Fatalf("%s(%q) error %v is not an *InputError", fn, s, err)
	}
	if ie.Field == "" || ie.Problem == "" || ie.Accepted == "" {
		t.Fatalf("%s(%q) = %+v, want field, problem and what is accepted", fn, s, ie)
	}
}

func FuzzParseTimezone(f *testing.F) {
	for _, s := range []string{"Europe/Berlin", " America/New_York ", "UTC", "Local", "", "../../etc/passwd", "/etc/localtime",
		"Europe/../Europe/Berlin", "europe/berlin", "Etc/GMT+5", "Asia/Kolkata", "EST5EDT", "Europe/Berlin\x00", "berlin", "new york", "EST", "cest", "america/new_york", "LOCAL", strings.Repeat("A/", 40)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		loc, name, err := ParseTimezone("timezone", s)
		if err != nil {
			refusal(t, "ParseTimezone", s, err)
			return
		}
		if loc == nil || name != loc.String() || name == "Local" {
			t.Fatalf("ParseTimezone(%q) = %v, %q, want a zone and its name", s, loc, name)
		}
		if strings.Contains(name, "..") || strings.HasPrefix(name, "/") {
			t.Fatalf("ParseTimezone(%q) accepted a path: %q", s, name)
		}
		again, name2, err := ParseTimezone("timezone", name)
		if err != nil || name2 != name || again.String() != loc.String() {
			t.Fatalf("ParseTimezone(%q) = %q, but again = %q, %v", s, name, name2, err)
		}
	})
}
