package semantic_test

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dsref/dsref/harness/tlaplus/ast"
	"github.com/dsref/dsref/harness/tlaplus/semantic"
)

// checkCase is one case of testdata/check.txt.
type checkCase struct {
	cmd      string
	line     int
	files    []string // names, root first
	sources  map[string]string
	expected string
}

// readCheckCases parses the script: a command line, files introduced by
// `-- file Name.tla`, a `----` line, the expected output up to a blank line.
func readCheckCases(t testing.TB, path string) []checkCase {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []checkCase
	var cur *checkCase
	var file string
	var body, out []string
	state := 0
	flushFile := func() {
		if file != "" {
			cur.sources[file] = strings.Join(body, "\n") + "\n"
		}
		file, body = "", nil
	}
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		switch state {
		case 0:
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			cur = &checkCase{cmd: line, line: n, sources: map[string]string{}}
			state = 1
		case 1:
			switch {
			case strings.HasPrefix(line, "-- file "):
				flushFile()
				file = strings.TrimPrefix(line, "-- file ")
				cur.files = append(cur.files, file)
			case line == "----":
				flushFile()
				state = 2
			default:
				if file == "" {
					t.Fatalf("%s:%d: text outside a file", path, n)
				}
				body = append(body, line)
			}
		case 2:
			if line == "" {
				cur.expected = strings.Join(out, "\n")
				cases = append(cases, *cur)
				out, state = nil, 0
				continue
			}
			out = append(out, line)
		}
	}
	if state == 2 {
		cur.expected = strings.Join(out, "\n")
		cases = append(cases, *cur)
	} else if state == 1 {
		t.Fatalf("%s: last case has no ---- line", path)
	}
	return cases
}

// summary lists the root's constants, variables and the level of each of
// its own definitions, in source order.
func summary(spec *semantic.Spec) string {
	var b strings.Builder
	names := func(ss []*semantic.Symbol) string {
		var out []string
		for _, s := range ss {
			out = append(out, s.Name)
		}
		return strings.Join(out, " ")
	}
	fmt.Fprintf(&b, "constants %s\nvariables %s", names(spec.Root.Constants), names(spec.Root.Variables))
	for _, u := range spec.Root.AST.Units {
		var name string
		switch u := u.(type) {
		case *ast.OpDef:
			name = u.Name
		case *ast.FuncDef:
			name = u.Name
		case *ast.ModuleDef:
			name = u.Name
		default:
			continue
		}
		fmt.Fprintf(&b, "\n%s: %s", name, spec.Root.Scope[name].Level)
	}
	return strings.ReplaceAll(b.String(), " \n", "\n")
}

// TestCheck runs testdata/check.txt, whose expected outputs and error
// positions were worked out by hand from the cases' sources.
func TestCheck(t *testing.T) { runCheckFile(t, "testdata/check.txt", 40) }

// TestProofNames runs testdata/proofs.txt: names inside proofs resolve as SANY resolves them
// (NEW declarations, step names, DEFINE, PICK, TAKE, SUFFICES, INSTANCE steps, facts and DEF
// clauses), and unknown names and wrong arities inside proofs are errors.
func TestProofNames(t *testing.T) { runCheckFile(t, "testdata/proofs.txt", 20) }

func runCheckFile(t *testing.T, path string, min int) {
	cases := readCheckCases(t, path)
	if len(cases) < min {
		t.Fatalf("only %d cases read", len(cases))
	}
	file := filepath.Base(path)
	for _, c := range cases {
		fsys := fstest.MapFS{}
		for _, name := range c.files[1:] {
			fsys[name] = &fstest.MapFile{Data: []byte(c.sources[name])}
		}
		root := c.files[0]
		spec, err := semantic.Load(root, []byte(c.sources[root]), semantic.Options{FS: fsys})
		switch c.cmd {
		case "load":
			if err != nil {
				t.Errorf("%s:%d: %v", file, c.line, err)
				continue
			}
			if got := summary(spec); got != c.expected {
				t.Errorf("%s:%d:\n got:\n%s\n want:\n%s", file, c.line, got, c.expected)
			}
		case "error":
			if err == nil {
				t.Errorf("%s:%d: loaded, want error %s", file, c.line, c.expected)
				continue
			}
			if err.Error() != c.expected {
				t.Errorf("%s:%d:\n got  %s\n want %s", file, c.line, err, c.expected)
			}
		default:
			t.Fatalf("%s:%d: unknown command %q", file, c.line, c.cmd)
		}
	}
}

// TestLabels runs testdata/labels.txt: where labels may stand, their parameters, duplicates
// (SANY's rules; see labels.go).
func TestLabels(t *testing.T) { runCheckFile(t, "testdata/labels.txt", 20) }
