package syntax_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/dsref/dsref/harness/tlaplus/syntax"
	"github.com/dsref/dsref/internal/datadriven"
)

// FuzzParse feeds arbitrary text to the module and expression parsers.
// Neither may panic or hang; whatever parses must print to text that
// parses back to the same tree.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.tla")
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(src))
	}
	cases, err := datadriven.ParseFile("testdata/exprs.txt")
	if err != nil {
		f.Fatal(err)
	}
	for _, c := range cases {
		f.Add(c.Input)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if m, err := syntax.ParseModule("fuzz.tla", []byte(src)); err == nil {
			printed := syntax.Print(m)
			m2, err := syntax.ParseModule("printed.tla", []byte(printed))
			if err != nil {
				t.Fatalf("printed module does not parse: %v\n%s", err, printed)
			}
			if a, b := dump(m), dump(m2); a != b {
				t.Fatalf("round trip changed the tree:\n%s\nprinted:\n%s", lineDiff(b, a), printed)
			}
		}
		if x, err := syntax.ParseExpr("fuzz", src); err == nil {
			printed := syntax.PrintExpr(x)
			y, err := syntax.ParseExpr("printed", printed)
			if err != nil {
				t.Fatalf("printed expression %q does not parse: %v", printed, err)
			}
			if a, b := dump(x), dump(y); a != b {
				t.Fatalf("round trip through %q changed the tree:\n got  %s\n want %s", printed, b, a)
			}
		}
	})
}
