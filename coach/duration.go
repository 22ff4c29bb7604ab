package coach

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Limits of a single hang.
const (
	// MaxHang is the hard cap on one hang; longer values are refused.
	MaxHang = 10 * time.Minute
	// CautionAbove is the length past which a hang earns a caution.
	CautionAbove = 5 * time.Minute
	// MaxAgo is how far back a past hang may be logged.
	MaxAgo = 7 * 24 * time.Hour
	// MaxNoteLen is the longest note, in characters, kept with a hang.
	MaxNoteLen = 200
)

const (
	durationFormats = "use seconds or minutes such as 90, 90s, 2 min, 1.5m, 1m30s or 1:30"
	agoAccepted     = "use a time such as 45m, 3h, 2d or yesterday, at most 7d"
)

// errTooLong reports a number so large that it would overflow a
// time.Duration; callers turn it into their own "too long" message.
var errTooLong = errors.New("is far too long")

// maxPart bounds each number a user types, in every form, well above any
// limit the coach uses and far enough below the overflow of time.Duration
// (about 292 years) that four of them still add up safely.
const maxPart = 100_000 * time.Hour

// ParseDuration reads a hang length as users type it: "90" (seconds), "90s",
// "90 sec", "2m", "2min", "2 minutes", "1.5m", "1m30s", "1 min 30" or "1:30". It refuses empty, malformed, zero or negative
// values and anything over MaxHang.
func ParseDuration(field, s string) (time.Duration, error) {
	d, err := parseClockish(s)
	if errors.Is(err, errTooLong) {
		return 0, inputErr(field, text("c.in.over_cap"), text("c.in.hang_max"))
	}
	if err != nil {
		return 0, inputErr(field, problemOf(err), text("c.in.durations"))
	}
	if d <= 0 {
		return 0, inputErr(field, text("c.in.zero"), text("c.in.durations"))
	}
	if d > MaxHang {
		return 0, inputErr(field, text("c.in.dur_over_cap", Dur(d)), text("c.in.hang_max"))
	}
	return d, nil
}

// ParseDelay reads a reminder delay: the same formats as ParseDuration, zero
// allowed, at most max.
func ParseDelay(field, s string, max time.Duration) (time.Duration, error) {
	d, err := parseClockish(s)
	if errors.Is(err, errTooLong) {
		return 0, inputErr(field, text("c.in.too_long"), text("c.in.at_most", Dur(max)))
	}
	if err != nil {
		return 0, inputErr(field, problemOf(err), text("c.in.durations"))
	}
	if d < 0 {
		return 0, inputErr(field, text("c.in.negative"), text("c.in.durations"))
	}
	if d > max {
		return 0, inputErr(field, text("c.in.too_long"), text("c.in.at_most", Dur(max)))
	}
	return d, nil
}

// ParseAgo reads how long ago a past hang happened: a number with a unit s,
// m, h or d, combined as in "1h30m", "2 days" or "1.5h", or "yesterday"
// (a day back), up to MaxAgo. Empty means now.
func ParseAgo(field, s string) (time.Duration, error) {
	accepted := text("c.in.agos")
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return 0, nil
	}
	if s == "yesterday" {
		return 24 * time.Hour, nil
	}
	if len(s) > maxInput {
		return 0, inputErr(field, text("c.in.not_duration", truncate(s, 16)), accepted)
	}
	d, err := parseUnits(s, true)
	if errors.Is(err, errTooLong) {
		return 0, inputErr(field, text("c.in.ago_over"), accepted)
	}
	if err != nil {
		return 0, inputErr(field, problemOf(err), accepted)
	}
	if d > MaxAgo {
		return 0, inputErr(field, text("c.in.ago_over"), accepted)
	}
	return d, nil
}

// maxInput is the longest duration text read; "2 minutes 30 seconds" fits.
const maxInput = 24

// parseClockish accepts "90", "1:30" and unit forms without days.
func parseClockish(s string) (time.Duration, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return 0, textError{text("c.in.empty")}
	}
	if len(s) > maxInput {
		return 0, textError{text("c.in.not_duration", truncate(s, 16))}
	}
	if strings.HasPrefix(s, "-") {
		return 0, textError{text("c.in.negative")}
	}
	if m, sec, ok := strings.Cut(s, ":"); ok {
		mi, err1 := strconv.Atoi(m)
		si, err2 := strconv.Atoi(sec)
		if err1 != nil || err2 != nil || len(sec) != 2 || mi < 0 || si < 0 || si > 59 || strings.HasPrefix(m, "+") || strings.HasPrefix(sec, "+") {
			return 0, textError{text("c.in.not_mmss", s)}
		}
		if mi > int(maxPart/time.Minute) {
			return 0, errTooLong
		}
		return time.Duration(mi)*time.Minute + time.Duration(si)*time.Second, nil
	}
	if n, err := strconv.Atoi(s); !strings.HasPrefix(s, "+") && (err == nil || errors.Is(err, strconv.ErrRange)) {
		// Without this bound "18446744074" would wrap around to 0.29s.
		if err != nil || n > int(maxPart/time.Second) {
			return 0, errTooLong
		}
		return time.Duration(n) * time.Second, nil
	}
	return parseUnits(s, false)
}

// unitNames maps each unit word people type to its unit letter.
var unitNames = map[string]byte{
	"s": 's', "sec": 's', "secs": 's', "second": 's', "seconds": 's',
	"m": 'm', "min": 'm', "mins": 'm', "minute": 'm', "minutes": 'm',
	"h": 'h', "hr": 'h', "hrs": 'h', "hour": 'h', "hours": 'h',
	"d": 'd', "day": 'd', "days": 'd',
}

// parseUnits reads numbers followed by a unit, repeated, each unit at most
// once and in decreasing order (d, h, m, s): "1m30s", "2 minutes", "90sec",
// "1.5m". A last number without a unit takes the next smaller unit, as in
// "1 min 30". Spaces between the parts are optional.
func parseUnits(s string, days bool) (time.Duration, error) {
	units := map[byte]time.Duration{'h': time.Hour, 'm': time.Minute, 's': time.Second}
	if days {
		units['d'] = 24 * time.Hour
	}
	bad := textError{text("c.in.not_duration", truncate(s, 16))}
	const order = "dhms"
	last := -1
	var total time.Duration
	rest := strings.TrimSpace(s)
	for rest != "" {
		i := 0
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			i++
		}
		if i == 0 || i > 6 {
			return 0, bad
		}
		whole, _ := strconv.Atoi(rest[:i])
		frac, fracDigits := 0, 0
		if i < len(rest) && rest[i] == '.' {
			j := i + 1
			for j < len(rest) && rest[j] >= '0' && rest[j] <= '9' {
				j++
			}
			fracDigits = j - i - 1
			if fracDigits == 0 || fracDigits > 3 {
				return 0, bad
			}
			frac, _ = strconv.Atoi(rest[i+1 : j])
			i = j
		}
		rest = strings.TrimLeft(rest[i:], " ")
		j := 0
		for j < len(rest) && rest[j] >= 'a' && rest[j] <= 'z' {
			j++
		}
		var u byte
		if j == 0 {
			// A bare number is only the tail of "1 min 30" or "1 h 15".
			if rest != "" || last < 0 || last+1 >= len(order) || fracDigits > 0 {
				return 0, bad
			}
			u = order[last+1]
		} else {
			var ok bool
			if u, ok = unitNames[rest[:j]]; !ok {
				return 0, bad
			}
		}
		unit, ok := units[u]
		pos := strings.IndexByte(order, u)
		if !ok || pos <= last {
			return 0, bad
		}
		last = pos
		if whole > int(maxPart/unit) {
			return 0, errTooLong
		}
		total += time.Duration(whole) * unit
		if fracDigits > 0 {
			scale := time.Duration(1)
			for k := 0; k < fracDigits; k++ {
				scale *= 10
			}
			total += (time.Duration(frac) * unit / scale).Round(time.Second)
		}
		rest = strings.TrimLeft(rest[j:], " ,")
		rest = strings.TrimPrefix(rest, "and ")
	}
	return total, nil
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// FormatDuration renders a duration the way users write it: "1m30s", "2m",
// "45s", "3h".
func FormatDuration(d time.Duration) string {
	if d < 0 {
		if d == math.MinInt64 {
			d++ // -math.MinInt64 overflows back to itself
		}
		return "-" + FormatDuration(-d)
	}
	d = d.Round(time.Second)
	h := int(d / time.Hour)
	m := int(d % time.Hour / time.Minute)
	s := int(d % time.Minute / time.Second)
	var b strings.Builder
	if h > 0 {
		fmt.Fprintf(&b, "%dh", h)
	}
	if m > 0 {
		fmt.Fprintf(&b, "%dm", m)
	}
	if s > 0 || b.Len() == 0 {
		fmt.Fprintf(&b, "%ds", s)
	}
	return b.String()
}
