package bot

import (
	"strings"
	"unicode/utf8"
)

// Colours of embeds, readable on Discord's dark and light themes.
const (
	colorBrand = 0x4F9DDE
	colorWarn  = 0xE8A33D
	colorOK    = 0x4CAF7A
)

const (
	msgInternal      = "Sorry — something went wrong on my side and nothing was saved. Please try again in a moment."
	msgShuttingDown  = "Hangtime is restarting; nothing was saved. Please try again in a moment."
	msgNotYourButton = "Those buttons belong to someone else. Run the command yourself to get your own."
	msgStaleButton   = "That button is no longer valid."
	// msgAnsweredPrivately briefly replaces a public placeholder whose
	// reply turned out private (see deliverLate).
	msgAnsweredPrivately = "🔒 Answered privately."
)

// Discord limits text by length: 2,000 characters of message content, 4,096
// of an embed description, 1,024 of a field, 6,000 in all of a message's
// embeds. The helpers below measure and fit text to such budgets.

// textLen is the length of s as Discord limits it, counted in UTF-16 code
// units: never less than its number of characters, so a text that fits by
// this count fits however Discord counts.
func textLen(s string) int {
	n := 0
	for _, r := range s {
		if r > 0xFFFF {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// fitLines joins items with sep, keeping as many leading items as fit in
// budget (by textLen) together with more(n), a summary of the n left out,
// appended after sep. It returns the text and how many items it kept. more
// is only used when something is left out; when not even the summary
// alone fits, it is cut to the budget.
func fitLines(items []string, sep string, budget int, more func(left int) string) (string, int) {
	used, sepLen := 0, textLen(sep)
	all := 0
	for i, it := range items {
		if i > 0 {
			all += sepLen
		}
		all += textLen(it)
	}
	if all <= budget {
		return strings.Join(items, sep), len(items)
	}
	// Something is left out, so room for the summary is kept throughout.
	var b strings.Builder
	for i, it := range items {
		add := textLen(it)
		if i > 0 {
			add += sepLen
		}
		need := used + add
		if left := len(items) - i - 1; left > 0 {
			need += sepLen + textLen(more(left))
		}
		if need > budget {
			tail := more(len(items) - i)
			if i > 0 {
				tail = sep + tail
			}
			return cutText(b.String()+tail, budget), i
		}
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(it)
		used += add
	}
	return b.String(), len(items)
}

// cutText shortens s to at most n by textLen, ending it with an ellipsis.
func cutText(s string, n int) string {
	if textLen(s) <= n {
		return s
	}
	var b strings.Builder
	used := 0
	for _, r := range s {
		w := 1
		if r > 0xFFFF {
			w = 2
		}
		if used+w > n-1 {
			break
		}
		b.WriteRune(r)
		used += w
	}
	return b.String() + "…"
}

// lowerFirst lowers the first letter of a sentence, to continue another.
func lowerFirst(s string) string {
	for i, r := range s {
		return strings.ToLower(string(r)) + s[i+utf8.RuneLen(r):]
	}
	return s
}
