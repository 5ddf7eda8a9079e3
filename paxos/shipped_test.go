package paxos

import (
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"strings"
	"testing"
)

// TestShippedBuildHasNoMutationCode parses the files the shipped build compiles (no build
// tags): no identifier or string in them names a mutation or the catalogue's types. The planted
// bugs live only in mutation.go, built with -tags dsref_mutations.
//
// Tests PAXOS-12.
func TestShippedBuildHasNoMutationCode(t *testing.T) {
	ctx := build.Default
	ctx.BuildTags = nil
	pkg, err := ctx.ImportDir(".", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(pkg.GoFiles) < 10 {
		t.Fatalf("shipped files %v", pkg.GoFiles)
	}
	fset := token.NewFileSet()
	for _, f := range pkg.GoFiles {
		file, err := parser.ParseFile(fset, f, nil, 0) // comments are dropped
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			var text string
			switch n := n.(type) {
			case *ast.Ident:
				text = n.Name
			case *ast.BasicLit:
				text = n.Value
			}
			if strings.Contains(strings.ToLower(text), "mutation") {
				t.Errorf("%s: the shipped build names %s", fset.Position(n.Pos()), text)
			}
			return true
		})
	}
	for _, f := range pkg.IgnoredGoFiles {
		if f != "mutation.go" && !strings.HasSuffix(f, "_test.go") {
			t.Errorf("%s is left out of the shipped build; only mutation.go should be", f)
		}
	}
}
