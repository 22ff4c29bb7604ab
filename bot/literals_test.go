package bot

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// prose is text a user would read: two words of letters with a space
// between them.
var prose = regexp.MustCompile(`\p{L}{2,}[,:;]? \p{L}{2,}`)

// TestNoProseBypassesCatalogs scans the package for string literals that
// read as English prose and do not go through the catalogs: every such
// literal must be a catalog's English message itself (the constants the
// English catalog is built from), a command table's name or description
// (registered with their localizations), or text no user reads (logs,
// internal errors, struct tags). A new reply written as a literal fails
// here, so it cannot reach a German user in English.
func TestNoProseBypassesCatalogs(t *testing.T) {
	englishText := map[string]bool{}
	for _, m := range languages[0].msgs {
		for _, v := range variants(m) {
			englishText[v] = true
		}
	}
	// Command paths ("hang start") name commands, and the command table's
	// descriptions are registered with their localizations.
	for leaf := range newFixture(t).bot.leaves {
		englishText[leaf] = true
	}
	for key := range languages[1].msgs {
		if desc, ok := strings.CutPrefix(key, "desc:"); ok {
			englishText[desc] = true
		}
	}
	// Literals no user reads, by the call they are an argument of.
	internal := map[string]bool{
		"Errorf": true, "New": true, "Error": true, "Warn": true, "Info": true, "Debug": true,
		"Log": true, "Panic": true, "panic": true, "Wrap": true,
	}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	found := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") || strings.HasPrefix(f, "i18n") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		var visit func(n ast.Node) bool
		visit = func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ImportSpec, *ast.Field: // import paths, struct tags
				return false
			case *ast.KeyValueExpr:
				if k, ok := n.Key.(*ast.Ident); ok && (k.Name == "Description" || k.Name == "Name") {
					return false // the command table's, localized at registration
				}
			case *ast.CallExpr:
				name := ""
				switch fn := n.Fun.(type) {
				case *ast.SelectorExpr:
					name = fn.Sel.Name
				case *ast.Ident:
					name = fn.Name
				}
				if internal[name] {
					return false
				}
			case *ast.BasicLit:
				if n.Kind != token.STRING {
					return true
				}
				s, err := strconv.Unquote(n.Value)
				if err != nil || !prose.MatchString(s) || englishText[s] {
					return true
				}
				found++
				t.Errorf("%s: %q reads as English but goes through no catalog: add a catalog key and say it with a Tr", fset.Position(n.Pos()), s)
			}
			return true
		}
		ast.Inspect(file, visit)
	}
}
