package paxostest

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// TestData is one directive of a datadriven script:
//
//	# comments and blank lines between directives are ignored
//	command arg key=value key=(v1,v2)
//	----
//	expected output, up to the next blank line
//
// The runner calls the test's function with each directive and compares what it returns
// with the expected output.
type TestData struct {
	Pos      string // file:line of the command
	Cmd      string
	Args     []Arg
	Expected string
}

// Arg is one argument: a bare word (Key only) or key=value, where value may be a
// parenthesised comma-separated list.
type Arg struct {
	Key    string
	Values []string
}

// Has reports whether the directive has an argument named key.
func (d *TestData) Has(key string) bool {
	for _, a := range d.Args {
		if a.Key == key {
			return true
		}
	}
	return false
}

// Values returns the values of argument key, or nil.
func (d *TestData) Values(key string) []string {
	for _, a := range d.Args {
		if a.Key == key {
			return a.Values
		}
	}
	return nil
}

// Value returns the single value of argument key, or def when it is absent.
func (d *TestData) Value(key, def string) string {
	v := d.Values(key)
	if len(v) == 0 {
		return def
	}
	return v[0]
}

// Fatalf fails the test with the directive's position.
func (d *TestData) Fatalf(t testing.TB, format string, args ...any) {
	t.Helper()
	t.Fatalf("%s: %s: %s", d.Pos, d.Cmd, fmt.Sprintf(format, args...))
}

// ParseDataDriven parses a script; errors name the file and line.
func ParseDataDriven(name, text string) ([]*TestData, error) {
	lines := strings.Split(text, "\n")
	var out []*TestData
	for i := 0; i < len(lines); i++ {
		line := strings.TrimSpace(lines[i])
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		d := &TestData{Pos: fmt.Sprintf("%s:%d", name, i+1)}
		fields, err := splitArgs(line)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", d.Pos, err)
		}
		d.Cmd = fields[0]
		for _, f := range fields[1:] {
			a := Arg{Key: f}
			if k, v, ok := strings.Cut(f, "="); ok {
				a.Key = k
				if strings.HasPrefix(v, "(") && strings.HasSuffix(v, ")") {
					a.Values = strings.Split(v[1:len(v)-1], ",")
				} else {
					a.Values = []string{v}
				}
			}
			d.Args = append(d.Args, a)
		}
		i++
		if i >= len(lines) || strings.TrimSpace(lines[i]) != "----" {
			return nil, fmt.Errorf("%s: command %q is not followed by a ---- line", d.Pos, d.Cmd)
		}
		var expected []string
		for i++; i < len(lines) && strings.TrimSpace(lines[i]) != ""; i++ {
			expected = append(expected, strings.TrimRight(lines[i], " \t"))
		}
		d.Expected = strings.Join(expected, "\n")
		out = append(out, d)
	}
	return out, nil
}

func splitArgs(line string) ([]string, error) {
	var fields []string
	depth := 0
	start := -1
	for i, r := range line {
		switch {
		case r == '(':
			depth++
		case r == ')':
			depth--
			if depth < 0 {
				return nil, fmt.Errorf("unbalanced ')' at column %d", i+1)
			}
		}
		if (r == ' ' || r == '\t') && depth == 0 {
			if start >= 0 {
				fields = append(fields, line[start:i])
				start = -1
			}
			continue
		}
		if start < 0 {
			start = i
		}
	}
	if depth != 0 {
		return nil, fmt.Errorf("unbalanced '('")
	}
	if start >= 0 {
		fields = append(fields, line[start:])
	}
	return fields, nil
}

// RunDataDriven runs the script at path: run is called for each directive in order and
// must return the actual output, which must equal the expected output (trailing space
// ignored).
func RunDataDriven(t *testing.T, path string, run func(t *testing.T, d *TestData) string) {
	t.Helper()
	text, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	directives, err := ParseDataDriven(path, string(text))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range directives {
		got := strings.TrimRight(run(t, d), "\n")
		var lines []string
		for _, l := range strings.Split(got, "\n") {
			lines = append(lines, strings.TrimRight(l, " \t"))
		}
		got = strings.Join(lines, "\n")
		if got != d.Expected {
			t.Fatalf("%s: %s: output mismatch\n--- expected\n%s\n--- got\n%s", d.Pos, d.Cmd, d.Expected, got)
		}
	}
}
