package bot

import (
	"fmt"
	"strings"
	"testing"
)

func TestFitLines(t *testing.T) {
	more := func(n int) string { return fmt.Sprintf("…and %d more", n) }
	tests := []struct {
		items  []string
		budget int
		want   string
		kept   int
	}{
		{[]string{"aa", "bb", "cc"}, 100, "aa\nbb\ncc", 3},
		{[]string{"aa", "bb", "cc"}, 8, "aa\nbb\ncc", 3},
		{[]string{"aaaaaaaa", "bbbbbbbb", "cccccccc"}, 20, "aaaaaaaa\n…and 2 more", 1},
		{[]string{"aaaa", "bbbb", "cccc"}, 5, "…and…", 0},
		{nil, 10, "", 0},
	}
	for _, tt := range tests {
		got, kept := fitLines(tt.items, "\n", tt.budget, more)
		if got != tt.want || kept != tt.kept {
			t.Errorf("fitLines(%q, %d) = %q, %d, want %q, %d", tt.items, tt.budget, got, kept, tt.want, tt.kept)
		}
		if textLen(got) > tt.budget {
			t.Errorf("fitLines(%q, %d) is %d long", tt.items, tt.budget, textLen(got))
		}
	}
	var many []string
	for i := range 5000 {
		many = append(many, fmt.Sprintf("<@%d> · **3m** · 🔥 12", 200000000000000000+i))
	}
	got, kept := fitLines(many, "\n", 1900, more)
	if textLen(got) > 1900 || !strings.HasSuffix(got, fmt.Sprintf("and %d more", 5000-kept)) || kept < 40 {
		t.Errorf("fitLines(5000 lines, 1900) is %d long, keeps %d and ends %q", textLen(got), kept, got[len(got)-20:])
	}
}

func TestTextLen(t *testing.T) {
	for s, want := range map[string]int{"": 0, "abc": 3, "é": 1, "🔥": 2, "a🔥b": 4} {
		if got := textLen(s); got != want {
			t.Errorf("textLen(%q) = %d, want %d", s, got, want)
		}
	}
}
