package coach

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"
)

// inputError returns err as an *InputError, failing the test when it is not
// one or its field is not field.
func inputError(t *testing.T, err error, field string) *InputError {
	t.Helper()
	var ie *InputError
	if !errors.As(err, &ie) {
		t.Fatalf("error %v (%T) is not an *InputError", err, err)
	}
	if ie.Field != field || ie.Problem == "" || ie.Accepted == "" {
		t.Errorf("InputError = %+v, want field %q and a problem and an accepted text", ie, field)
	}
	return ie
}

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in      string
		want    time.Duration
		problem string // part of the problem when refused
	}{
		{in: "90", want: 90 * time.Second},
		{in: "90s", want: 90 * time.Second},
		{in: "2m", want: 2 * time.Minute},
		{in: "1m30s", want: 90 * time.Second},
		{in: "1:30", want: 90 * time.Second},
		{in: "01:30", want: 90 * time.Second},
		{in: " 2M ", want: 2 * time.Minute},
		{in: "10m", want: MaxHang},
		{in: "10:00", want: MaxHang},
		{in: "600", want: MaxHang},
		{in: "1s", want: time.Second},
		{in: "", problem: "empty"},
		{in: "   ", problem: "empty"},
		{in: "abc", problem: "not a duration"},
		{in: "0", problem: "longer than zero"},
		{in: "0:00", problem: "longer than zero"},
		{in: "0m0s", problem: "longer than zero"},
		{in: "-5", problem: "negative"},
		{in: "-1:30", problem: "negative"},
		{in: "+5", problem: "not a duration"},
		{in: "1:75", problem: "minutes:seconds"},
		{in: "1:3", problem: "minutes:seconds"},
		{in: "1:", problem: "minutes:seconds"},
		{in: ":30", problem: "minutes:seconds"},
		{in: "1:30:00", problem: "minutes:seconds"},
		{in: "1:+3", problem: "minutes:seconds"},
		{in: "11m", problem: "10-minute cap"},
		{in: "10m1s", problem: "10-minute cap"},
		{in: "601", problem: "10-minute cap"},
		{in: "1h", problem: "10-minute cap"},
		{in: "1m1m", problem: "not a duration"},
		{in: "5s3m", problem: "not a duration"},
		{in: "2d", problem: "not a duration"},
		{in: "1.5m", want: 90 * time.Second},
		{in: "2 m", want: 2 * time.Minute},
		{in: "90 sec", want: 90 * time.Second},
		{in: "90sec", want: 90 * time.Second},
		{in: "2min", want: 2 * time.Minute},
		{in: "2 minutes", want: 2 * time.Minute},
		{in: "2 Minutes 30 Seconds", want: 150 * time.Second},
		{in: "1 min 30", want: 90 * time.Second},
		{in: "1m 30s", want: 90 * time.Second},
		{in: "1 minute and 30 seconds", want: 90 * time.Second},
		{in: "1 minute and 30 seconds!!", problem: "not a duration"},
		{in: "1.25 min", want: 75 * time.Second},
		{in: "1.", problem: "not a duration"},
		{in: "1.5", problem: "not a duration"},
		{in: "1.5555m", problem: "not a duration"},
		{in: "30 1", problem: "not a duration"},
		{in: "30 s 1", problem: "not a duration"},
		{in: "1 min 30 s 2", problem: "not a duration"},
		{in: "2 mins 3 mins", problem: "not a duration"},
		{in: "2 lightyears", problem: "not a duration"},
		{in: "m", problem: "not a duration"},
		{in: "30x", problem: "not a duration"},
		{in: "1234567m", problem: "not a duration"},
		{in: "999999m", problem: "10-minute cap"},
		{in: "99999999999", problem: "10-minute cap"},
		{in: "18446744074", problem: "10-minute cap"}, // wrapped to 0.29s before
		{in: "9999999999999999", problem: "10-minute cap"},
		{in: "99999999999999999", problem: "10-minute cap"},
		{in: "9999999999999999999999999", problem: "not a duration"},
		{in: "9999999999:00", problem: "10-minute cap"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseDuration("duration", tt.in)
			if tt.problem == "" {
				if err != nil || got != tt.want {
					t.Fatalf("ParseDuration(%q) = %v, %v, want %v", tt.in, got, err, tt.want)
				}
				return
			}
			if err == nil {
				t.Fatalf("ParseDuration(%q) = %v, want an error about %q", tt.in, got, tt.problem)
			}
			if ie := inputError(t, err, "duration"); !strings.Contains(ie.Problem, tt.problem) {
				t.Errorf("ParseDuration(%q) problem = %q, want it to mention %q", tt.in, ie.Problem, tt.problem)
			}
		})
	}
}

func TestParseDelay(t *testing.T) {
	const max = 24 * time.Hour
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"0", 0, true},
		{"90", 90 * time.Second, true},
		{"2h30m", 150 * time.Minute, true},
		{"24h", max, true},
		{"24h1s", 0, false},
		{"-1", 0, false},
		{"", 0, false},
		{"99999999999", 0, false},
		{"soon", 0, false},
	}
	for _, tt := range tests {
		got, err := ParseDelay("in", tt.in, max)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseDelay(%q) = %v, %v, want %v (ok %v)", tt.in, got, err, tt.want, tt.ok)
		}
		if err != nil {
			inputError(t, err, "in")
		}
	}
}

func TestParseAgo(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"", 0, true},
		{"  ", 0, true},
		{"45m", 45 * time.Minute, true},
		{"3h", 3 * time.Hour, true},
		{"1h30m", 90 * time.Minute, true},
		{"2D", 48 * time.Hour, true},
		{"7d", MaxAgo, true},
		{"0m", 0, true},
		{"7d1s", 0, false},
		{"8d", 0, false},
		{"90", 0, false},
		{"1:30", 0, false},
		{"30m2h", 0, false},
		{"-1h", 0, false},
		{"yesterday", 24 * time.Hour, true},
		{" Yesterday ", 24 * time.Hour, true},
		{"2 days", 48 * time.Hour, true},
		{"1.5h", 90 * time.Minute, true},
		{"3 hours 20 min", 200 * time.Minute, true},
		{"1 h 15", 75 * time.Minute, true},
		{"the day before", 0, false},
		{"9999999d", 0, false},
		{"999999d", 0, false}, // overflowed to a negative duration before
		{"999999d999999h999999m999999s", 0, false},
	}
	for _, tt := range tests {
		got, err := ParseAgo("ago", tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseAgo(%q) = %v, %v, want %v (ok %v)", tt.in, got, err, tt.want, tt.ok)
		}
		if err != nil {
			inputError(t, err, "ago")
		}
	}
}

func TestFormatDuration(t *testing.T) {
	tests := []struct {
		in   time.Duration
		want string
	}{
		{0, "0s"},
		{45 * time.Second, "45s"},
		{90 * time.Second, "1m30s"},
		{2 * time.Minute, "2m"},
		{3 * time.Hour, "3h"},
		{time.Hour + time.Second, "1h1s"},
		{1499 * time.Millisecond, "1s"},
		{1500 * time.Millisecond, "2s"},
		{-90 * time.Second, "-1m30s"},
		{math.MinInt64, "-2562047h47m16s"},
		{math.MaxInt64, "2562047h47m16s"},
	}
	for _, tt := range tests {
		if got := FormatDuration(tt.in); got != tt.want {
			t.Errorf("FormatDuration(%d) = %q, want %q", int64(tt.in), got, tt.want)
		}
	}
}

func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{"90", "90s", "2m", "1m30s", "1:30", " 2M ", "", "abc", "0", "-5", "1:75",
		"11m", "10m", "10m1s", "1m1m", "5s3m", "1:3", "99999999999", "18446744074", "9:59", "+1", "0:01",
		"90 sec", "2min", "2 minutes", "1.5m", "1 min 30", "0.001s", "1.999 min", "9 and 5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDuration("duration", s)
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("ParseDuration(%q) error %v is not an *InputError", s, err)
			}
			return
		}
		if d <= 0 || d > MaxHang {
			t.Fatalf("ParseDuration(%q) = %v, want within (0, %v]", s, d, MaxHang)
		}
		again, err := ParseDuration("duration", FormatDuration(d))
		if err != nil || again != d {
			t.Fatalf("ParseDuration(FormatDuration(%v) = %q) = %v, %v, want %v", d, FormatDuration(d), again, err, d)
		}
	})
}

func FuzzParseAgo(f *testing.F) {
	for _, s := range []string{"", "45m", "3h", "1h30m", "2d", "7d", "7d1s", "8d", "90", "-1h", "0m", "999999d999999h999999m999999s",
		"yesterday", "2 days", "1.5h", "1 h 15", "6.999d", "0.0001d"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseAgo("ago", s)
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("ParseAgo(%q) error %v is not an *InputError", s, err)
			}
			return
		}
		if d < 0 || d > MaxAgo {
			t.Fatalf("ParseAgo(%q) = %v, want within [0, %v]", s, d, MaxAgo)
		}
		if d > 0 {
			again, err := ParseAgo("ago", FormatDuration(d))
			if err != nil || again != d {
				t.Fatalf("ParseAgo(FormatDuration(%v) = %q) = %v, %v, want %v", d, FormatDuration(d), again, err, d)
			}
		}
	})
}
