package syntax_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dsref/dsref/harness/tlaplus/ast"
	"github.com/dsref/dsref/harness/tlaplus/syntax"
	"github.com/dsref/dsref/internal/datadriven"
)

// TestExpressions runs testdata/exprs.txt: each `parse` case gives an
// expression and its tree written by hand; each `error` case the exact
// error message.
func TestExpressions(t *testing.T) {
	cases, err := datadriven.ParseFile("testdata/exprs.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		x, err := syntax.ParseExpr("t", c.Input)
		switch c.Cmd {
		case "parse":
			if err != nil {
				t.Errorf("%s: %q: unexpected error %v", c.Pos, c.Input, err)
				continue
			}
			if got := dump(x); got != c.Expected {
				t.Errorf("%s: %q:\n got  %s\n want %s", c.Pos, c.Input, got, c.Expected)
				continue
			}
			// Printing and parsing again gives the same tree.
			printed := syntax.PrintExpr(x)
			y, err := syntax.ParseExpr("printed", printed)
			if err != nil {
				t.Errorf("%s: printed form %q does not parse: %v", c.Pos, printed, err)
				continue
			}
			if got := dump(y); got != c.Expected {
				t.Errorf("%s: round trip through %q:\n got  %s\n want %s", c.Pos, printed, got, c.Expected)
			}
		case "error":
			if err == nil {
				t.Errorf("%s: %q: parsed as %s, want error %s", c.Pos, c.Input, dump(x), c.Expected)
				continue
			}
			if err.Error() != c.Expected {
				t.Errorf("%s: %q:\n got  %s\n want %s", c.Pos, c.Input, err, c.Expected)
			}
		default:
			t.Fatalf("%s: unknown command %q", c.Pos, c.Cmd)
		}
	}
}

// TestModuleGolden parses each testdata/*.tla module and compares its
// tree with the hand-written testdata/*.tree file next to it.
func TestModuleGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.tla")
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata modules: %v", err)
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		m, err := syntax.ParseModule(filepath.Base(f), src)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		want, err := os.ReadFile(strings.TrimSuffix(f, ".tla") + ".tree")
		if err != nil {
			t.Errorf("%s: missing golden tree: %v", f, err)
			continue
		}
		if got := dump(m); got != strings.TrimSpace(string(want)) {
			t.Errorf("%s: tree differs from golden file:\n%s", f, lineDiff(got, strings.TrimSpace(string(want))))
		}
	}
}

// TestModuleRoundTrip checks parse -> print -> parse on every module in
// testdata: the second tree equals the first, and printing is stable.
func TestModuleRoundTrip(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.tla")
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		m, err := syntax.ParseModule(filepath.Base(f), src)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		printed := syntax.Print(m)
		m2, err := syntax.ParseModule("printed.tla", []byte(printed))
		if err != nil {
			t.Errorf("%s: printed module does not parse: %v\n%s", f, err, printed)
			continue
		}
		if a, b := dump(m), dump(m2); a != b {
			t.Errorf("%s: round trip changed the tree:\n%s", f, lineDiff(b, a))
		}
		if again := syntax.Print(m2); again != printed {
			t.Errorf("%s: printing is not stable:\n%s", f, lineDiff(again, printed))
		}
	}
}

// lineDiff shows the first differing line of got and want.
func lineDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return "line " + itoa(i+1) + ":\n got  " + gl + "\n want " + wl
		}
	}
	return "(no difference)"
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(b)
}

// TestNumberLiteralValue checks the integer value the parser records with a number literal, in
// every base and at the edge of 64 bits; decimals and larger integers have none.
func TestNumberLiteralValue(t *testing.T) {
	for _, tc := range []struct {
		src   string
		want  int64
		isInt bool
	}{
		{"31", 31, true},
		{`\h1F`, 31, true},
		{`\o17`, 15, true},
		{`\b101`, 5, true},
		{"0", 0, true},
		{"9223372036854775807", 9223372036854775807, true},
		{"9223372036854775808", 0, false},
		{"1.5", 0, false},
	} {
		x, err := syntax.ParseExpr("test", tc.src)
		if err != nil {
			t.Fatalf("%s: %v", tc.src, err)
		}
		n, ok := x.(*ast.Num)
		if !ok {
			t.Fatalf("%s parsed as %T", tc.src, x)
		}
		if n.Int != tc.want || n.IsInt != tc.isInt {
			t.Errorf("%s: Int %d, IsInt %v; want %d, %v", tc.src, n.Int, n.IsInt, tc.want, tc.isInt)
		}
	}
}
