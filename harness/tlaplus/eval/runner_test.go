package eval

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dsref/dsref/harness/tlaplus/value"
)

// The evaluation scripts in testdata/*.txt are read by a tiny runner:
//
//	# comment
//	module                 starts a module; the lines up to ==== are its source
//	const N = 3            sets a constant for the modules that follow (value in TLA+ syntax)
//	> expr                 evaluates expr in the current module
//	expected               the expected value as TLC prints it, or "error: <substring>"
//
// Without a module, expressions are evaluated in one extending every standard module. Every
// expected value in these scripts was worked out by hand from the TLA+ semantics.
const defaultModule = `---- MODULE Default ----
EXTENDS Naturals, Integers, Sequences, FiniteSets, Bags, TLC, SequencesExt, FiniteSetsExt, Functions, Folds
====
`

func TestScripts(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no scripts: %v", err)
	}
	// Every script runs with definitions compiled (the default) and walked (Options.Interpret),
	// which must agree.
	for _, interpret := range []bool{false, true} {
		mode := "compiled"
		if interpret {
			mode = "interpreted"
		}
		for _, file := range files {
			t.Run(mode+"/"+filepath.Base(file), func(t *testing.T) { runScript(t, file, interpret) })
		}
	}
}

func runScript(t *testing.T, file string, interpret bool) {
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	line := 0
	next := func() (string, bool) {
		if !sc.Scan() {
			return "", false
		}
		line++
		return sc.Text(), true
	}
	var consts []Constant
	load := func(src string, at int) *Spec {
		spec, err := LoadSource(file, []byte(src), Options{Dir: "testdata", Constants: consts, Interpret: interpret})
		if err != nil {
			t.Fatalf("%s:%d: loading module: %v", file, at, err)
		}
		return spec
	}
	var spec *Spec
	cases := 0
	for {
		l, ok := next()
		if !ok {
			break
		}
		switch {
		case strings.TrimSpace(l) == "" || strings.HasPrefix(l, "#"):
		case l == "module":
			start := line
			var src strings.Builder
			depth := 0 // nested modules end with their own ====
			for {
				m, ok := next()
				if !ok {
					t.Fatalf("%s:%d: module without ====", file, start)
				}
				src.WriteString(m + "\n")
				if strings.HasPrefix(m, "----") && strings.Contains(m, "MODULE") {
					depth++
				}
				if strings.HasPrefix(m, "====") {
					if depth--; depth == 0 {
						break
					}
				}
			}
			spec = load(src.String(), start)
		case strings.HasPrefix(l, "const "):
			name, expr, ok := strings.Cut(strings.TrimPrefix(l, "const "), " = ")
			if !ok {
				t.Fatalf("%s:%d: want const NAME = value", file, line)
			}
			v, err := load(defaultModule, line).NewSession(nil).EvalString(expr)
			if err != nil {
				t.Fatalf("%s:%d: %v", file, line, err)
			}
			consts = append(consts, Constant{Name: strings.TrimSpace(name), Value: v})
		case strings.HasPrefix(l, "> "):
			at := line
			expr := strings.TrimPrefix(l, "> ")
			want, ok := next()
			if !ok {
				t.Fatalf("%s:%d: expression without expected value", file, at)
			}
			if spec == nil {
				spec = load(defaultModule, at)
			}
			cases++
			got, err := spec.NewSession(&Context{}).EvalString(expr)
			if msg, isErr := strings.CutPrefix(want, "error: "); isErr {
				if err == nil {
					t.Errorf("%s:%d: %s = %s, want an error containing %q", file, at, expr, got, msg)
				} else if !strings.Contains(err.Error(), msg) {
					t.Errorf("%s:%d: %s: error %q does not contain %q", file, at, expr, err, msg)
				}
				continue
			}
			if err != nil {
				t.Errorf("%s:%d: %s: %v", file, at, expr, err)
				continue
			}
			if s := render(got); s != want {
				t.Errorf("%s:%d: %s\n got %s\nwant %s", file, at, expr, s, want)
			}
		default:
			t.Fatalf("%s:%d: cannot parse %q", file, line, l)
		}
	}
	if cases == 0 {
		t.Fatalf("%s has no cases", file)
	}
}

// render prints a value, enumerating finite lazy sets so the expected text is the set's elements.
func render(v value.Value) string {
	if s, ok := v.(value.SetValue); ok && s.Finite() {
		if e, err := s.Enumerate(); err == nil {
			return e.String()
		}
	}
	return v.String()
}
