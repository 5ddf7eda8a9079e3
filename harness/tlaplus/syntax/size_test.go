package syntax_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dsref/dsref/harness/tlaplus/syntax"
)

// withMaxSourceSize runs f with syntax.MaxSourceSize set to n.
func withMaxSourceSize(t *testing.T, n int, f func()) {
	t.Helper()
	old := syntax.MaxSourceSize
	syntax.MaxSourceSize = n
	defer func() { syntax.MaxSourceSize = old }()
	f()
}

// TestSourceOverMaxSizeIsRefused checks that every entry point refuses a source longer than
// MaxSourceSize with an error naming the file, its size and the bound, and accepts one of
// exactly that size.
func TestSourceOverMaxSizeIsRefused(t *testing.T) {
	module := "---- MODULE M ----\nX == 1\n====\n"
	fits := module + strings.Repeat(" ", 200-len(module))
	over := fits + " "
	dir := t.TempDir()
	big := filepath.Join(dir, "M.tla")
	if err := os.WriteFile(big, []byte(over), 0o644); err != nil {
		t.Fatal(err)
	}
	withMaxSourceSize(t, 200, func() {
		if _, err := syntax.ParseModule("M.tla", []byte(fits)); err != nil {
			t.Errorf("a module of exactly MaxSourceSize bytes: %v", err)
		}
		want := "M.tla:1:1: the source is 201 bytes, more than the 200 (0 MiB) the TLA+ parser reads"
		for name, parse := range map[string]func() error{
			"ParseModule": func() error { _, err := syntax.ParseModule("M.tla", []byte(over)); return err },
			"ParseFile":   func() error { _, err := syntax.ParseFile("M.tla", []byte(over)); return err },
			"ParseExpr":   func() error { _, err := syntax.ParseExpr("M.tla", strings.Repeat("1+", 100)+"1"); return err },
			"ReadSource": func() error {
				_, err := syntax.ReadSource(big)
				if err != nil {
					want := strings.Replace(want, "M.tla", big, 1)
					if !strings.HasPrefix(err.Error(), want) {
						t.Errorf("ReadSource: %v, want %s...", err, want)
					}
				}
				return err
			},
		} {
			err := parse()
			if err == nil {
				t.Errorf("%s accepted %d bytes over a bound of 200", name, len(over))
				continue
			}
			if name != "ReadSource" && name != "ParseExpr" && !strings.HasPrefix(err.Error(), want) {
				t.Errorf("%s: %v, want %s...", name, err, want)
			}
			if !strings.Contains(err.Error(), "raise the bound with dsref check -maxsource MiB (syntax.MaxSourceSize)") {
				t.Errorf("%s: %v does not say how to raise the bound", name, err)
			}
		}
	})
}

// TestDeepModuleNestingIsRefused checks modules nested beyond 100 deep are a syntax error at the
// first one too deep, not a recursion as deep as the input (250,000 nested modules took 930 MB
// and 15 s before), and that 100 parse.
func TestDeepModuleNestingIsRefused(t *testing.T) {
	nested := func(n int) []byte {
		var b strings.Builder
		for i := range n + 1 {
			fmt.Fprintf(&b, "---- MODULE M%d ----\n", i)
		}
		b.WriteString(strings.Repeat("====\n", n+1))
		return []byte(b.String())
	}
	if _, err := syntax.ParseModule("M0.tla", nested(100)); err != nil {
		t.Fatalf("100 nested modules: %v", err)
	}
	_, err := syntax.ParseModule("M0.tla", nested(250000))
	if want := "M0.tla:102:1: module nested more than 100 modules deep"; err == nil || err.Error() != want {
		t.Fatalf("250000 nested modules: error %v, want %s", err, want)
	}
}
