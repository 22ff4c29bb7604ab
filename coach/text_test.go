package coach

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestTextCodes holds the codes the coach says things by to its table:
// every code a text(...) call names has an English format, and every
// format is named by some call (a code built from a prefix, such as
// "c.a."+device, counts for every code under it).
func TestTextCodes(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	used := map[string]bool{}
	var prefixes []string
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			if id, ok := call.Fun.(*ast.Ident); !ok || id.Name != "text" {
				return true
			}
			switch a := call.Args[0].(type) {
			case *ast.BasicLit:
				s, _ := strconv.Unquote(a.Value)
				used[s] = true
				_, f := textFormats[s]
				_, p := textPlurals[s]
				if !f && !p {
					t.Errorf("%s: code %q has no English", fset.Position(a.Pos()), s)
				}
			case *ast.BinaryExpr:
				if lit, ok := a.X.(*ast.BasicLit); ok {
					s, _ := strconv.Unquote(lit.Value)
					prefixes = append(prefixes, s)
				}
			}
			return true
		})
	}
	all := TextFormats()
	for k := range TextPlurals() {
		all[k] = ""
	}
	for code := range all {
		ok := used[code]
		for _, p := range prefixes {
			ok = ok || strings.HasPrefix(code, p)
		}
		if !ok {
			t.Errorf("code %q is never said", code)
		}
	}
	for _, d := range Devices() {
		if _, ok := textFormats["c.a."+string(d)]; !ok {
			t.Errorf("no c.a. code for %s", d)
		}
	}
}

// TestTextEnglish checks that Text renders its parameters as the English
// always has: durations as FormatDuration, devices by label, lists with
// "or", nested texts, and plurals by their first parameter.
func TestTextEnglish(t *testing.T) {
	for _, c := range []struct {
		t    Text
		want string
	}{
		{text("c.in.dur_over_cap", Dur(11*60e9)), "11m is over the 10-minute cap"},
		{text("c.in.angle_goes", Chair, 20, 70), "inversion chair goes from 20° to 70°"},
		{text("c.in.zone_mean", Or{"Europe/Berlin", "Europe/Paris", "Asia/Tokyo"}), "did you mean Europe/Berlin, Europe/Paris or Asia/Tokyo?"},
		{text("c.plan.gap", 9, text("c.plan.easier", 2)), "It has been 9 days since your last hang, so this one is 2 steps easier."},
		{text("c.plan.repeat", 1), "Repeat this level: 1 more completed hang before stepping up."},
		{Text{}, ""},
	} {
		if got := c.t.String(); got != c.want {
			t.Errorf("%s = %q, want %q", c.t.Code, got, c.want)
		}
	}
	var ie *InputError
	_, err := ParseDuration("duration", "11m")
	if !asInput(err, &ie) || ie.ProblemText.Code != "c.in.dur_over_cap" || ie.Problem != ie.ProblemText.String() || ie.Accepted != ie.AcceptedText.String() {
		t.Errorf("ParseDuration(11m) = %#v", err)
	}
}

func asInput(err error, ie **InputError) bool {
	e, ok := err.(*InputError)
	*ie = e
	return ok
}
