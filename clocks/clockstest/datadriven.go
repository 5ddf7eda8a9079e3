package clockstest

// This file is dsref's datadriven script runner. The same file, but for its package clause, is
// copied into raft/rafttest, paxos/paxostest, clocks/clockstest and quorum/quorumtest, so that
// each of those folders can be vendored alone; internal/datadriven holds the original and a test
// that fails when a copy differs. Edit the original, then copy it (the test prints how).

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"unicode"
)

// TestData is one directive of a datadriven script, the format of cockroachdb/datadriven that
// etcd-io/raft's interaction tests use:
//
//	# Comments and blank lines between directives are ignored.
//	command word key=value key=(v1,v2)
//	optional input lines
//	----
//	expected output, up to the next blank line
//
// An argument is a bare word, or key=value where key is a word of letters, digits, '_', '-'
// and '.' (so "{x=y:1}" is a bare word), and value may be a parenthesised, comma-separated list.
// Expected output that holds blank lines is written between two double separators:
//
//	command
//	----
//	----
//	first paragraph
//
//	second paragraph
//	----
//	----
//
// No output is written "ok": an empty expected output is a parse error, so that a directive can
// never pass by matching nothing.
type TestData struct {
	Pos      string   // "file:line" of the command, for messages
	Cmd      string   // the command: the first word of its line
	CmdArgs  []CmdArg // the other words of its line, in order
	Input    string   // the lines between the command and "----", joined by "\n"
	Expected string   // the expected output, without trailing white space on any line
}

// CmdArg is one argument of a command: a bare word (Key, no Vals) or key=value (Key and Vals).
type CmdArg struct {
	Key  string
	Vals []string
}

func (a CmdArg) String() string {
	switch len(a.Vals) {
	case 0:
		return a.Key
	case 1:
		return a.Key + "=" + a.Vals[0]
	}
	return a.Key + "=(" + strings.Join(a.Vals, ",") + ")"
}

// TB is the part of testing.TB the runner uses; *testing.T, *testing.B and *testing.F satisfy it.
// It spares this file an import of package testing.
type TB interface {
	Helper()
	Fatalf(format string, args ...any)
}

// Positional returns the bare-word arguments in order.
func (d *TestData) Positional() []string {
	var out []string
	for _, a := range d.CmdArgs {
		if a.Vals == nil {
			out = append(out, a.Key)
		}
	}
	return out
}

// HasArg reports whether the directive has an argument key, bare or key=value.
func (d *TestData) HasArg(key string) bool {
	_, ok := d.Arg(key)
	return ok
}

// Arg returns the first argument named key.
func (d *TestData) Arg(key string) (CmdArg, bool) {
	for _, a := range d.CmdArgs {
		if a.Key == key {
			return a, true
		}
	}
	return CmdArg{}, false
}

// Values returns the values of argument key, or nil when it is absent or bare.
func (d *TestData) Values(key string) []string {
	a, _ := d.Arg(key)
	return a.Vals
}

// Value returns the single value of argument key, or def when the argument is absent. A list of
// several values is an error.
func (d *TestData) Value(key, def string) (string, error) {
	a, ok := d.Arg(key)
	switch {
	case !ok:
		return def, nil
	case len(a.Vals) != 1:
		return "", d.Errorf("%s wants one value, got %q", key, a.String())
	}
	return a.Vals[0], nil
}

// Int returns argument key as an int, or def when it is absent.
func (d *TestData) Int(key string, def int) (int, error) {
	v, err := d.Value(key, "")
	if err != nil || v == "" {
		return def, err
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, d.Errorf("%s=%q is not an integer", key, v)
	}
	return n, nil
}

// Bool returns argument key as a bool, or def when it is absent.
func (d *TestData) Bool(key string, def bool) (bool, error) {
	v, err := d.Value(key, "")
	if err != nil || v == "" {
		return def, err
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, d.Errorf("%s=%q is not a boolean", key, v)
	}
	return b, nil
}

// Errorf returns an error naming the directive's position and command.
func (d *TestData) Errorf(format string, args ...any) error {
	return fmt.Errorf("%s: %s: %s", d.Pos, d.Cmd, fmt.Sprintf(format, args...))
}

// Fatalf fails the test with a message naming the directive's position and command.
func (d *TestData) Fatalf(t TB, format string, args ...any) {
	t.Helper()
	t.Fatalf("%v", d.Errorf(format, args...))
}

// ParseFile reads and parses the script at path.
func ParseFile(path string) ([]*TestData, error) {
	text, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, string(text))
}

// Parse parses a script; name is used in positions. A malformed script is an error naming the
// line, and so is a script without directives.
func Parse(name, text string) ([]*TestData, error) {
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	var out []*TestData
	for i := 0; i < len(lines); i++ {
		line := strings.TrimSpace(lines[i])
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		d := &TestData{Pos: fmt.Sprintf("%s:%d", name, i+1)}
		if line == "----" {
			return nil, fmt.Errorf("%s: separator without a command", d.Pos)
		}
		fields, err := splitArgs(line)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", d.Pos, err)
		}
		d.Cmd = fields[0]
		for _, f := range fields[1:] {
			d.CmdArgs = append(d.CmdArgs, parseArg(f))
		}
		var input []string
		for i++; i < len(lines) && strings.TrimSpace(lines[i]) != "----"; i++ {
			if strings.TrimSpace(lines[i]) == "" {
				return nil, fmt.Errorf("%s: command %q is not followed by a \"----\" line before the blank line %d", d.Pos, d.Cmd, i+1)
			}
			input = append(input, lines[i])
		}
		if i >= len(lines) {
			return nil, fmt.Errorf("%s: command %q is not followed by a \"----\" line", d.Pos, d.Cmd)
		}
		d.Input = strings.Join(input, "\n")
		var expected []string
		if i+1 < len(lines) && strings.TrimSpace(lines[i+1]) == "----" {
			// Double separator: the output runs to the next "----" line followed by another.
			i += 2
			for ; i+1 < len(lines) && !(strings.TrimSpace(lines[i]) == "----" && strings.TrimSpace(lines[i+1]) == "----"); i++ {
				expected = append(expected, strings.TrimRight(lines[i], " \t"))
			}
			if i+1 >= len(lines) {
				return nil, fmt.Errorf("%s: command %q: output opened with \"----\" twice is not closed by \"----\" twice", d.Pos, d.Cmd)
			}
			i++
		} else {
			for i++; i < len(lines) && strings.TrimSpace(lines[i]) != ""; i++ {
				expected = append(expected, strings.TrimRight(lines[i], " \t"))
			}
		}
		d.Expected = strings.Join(expected, "\n")
		if strings.TrimSpace(d.Expected) == "" {
			return nil, fmt.Errorf("%s: command %q has no expected output (write \"ok\" for none)", d.Pos, d.Cmd)
		}
		out = append(out, d)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no directives", name)
	}
	return out, nil
}

// parseArg reads key=value, key=(v1,v2) or a bare word.
func parseArg(f string) CmdArg {
	k, v, ok := strings.Cut(f, "=")
	if !ok || !isKey(k) {
		return CmdArg{Key: f}
	}
	if strings.HasPrefix(v, "(") && strings.HasSuffix(v, ")") {
		vals := strings.Split(v[1:len(v)-1], ",")
		for i := range vals {
			vals[i] = strings.TrimSpace(vals[i])
		}
		return CmdArg{Key: k, Vals: vals}
	}
	return CmdArg{Key: k, Vals: []string{v}}
}

func isKey(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' && r != '-' && r != '.' {
			return false
		}
	}
	return true
}

// splitArgs splits a command line at white space outside parentheses.
func splitArgs(line string) ([]string, error) {
	var fields []string
	depth, start := 0, -1
	for i, r := range line {
		switch r {
		case '(':
			depth++
		case ')':
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

// RunTest runs the script at path: run is called for each directive in order, and what it
// returns must equal the expected output, white space at the ends of lines and of the output
// aside. An empty output reads "ok", and an error "error: " and its message, so a script can
// expect errors. The first mismatch fails t (later directives usually depend on earlier ones).
func RunTest(t TB, path string, run func(d *TestData) (string, error)) {
	t.Helper()
	directives, err := ParseFile(path)
	if err != nil {
		t.Fatalf("%v", err)
	}
	for _, d := range directives {
		got, err := run(d)
		if err != nil {
			got = "error: " + err.Error()
		}
		if got = normalize(got); got == "" {
			got = "ok"
		}
		if got != d.Expected {
			t.Fatalf("%s: %s: output mismatch\n--- expected\n%s\n--- got\n%s", d.Pos, d.Cmd, d.Expected, got)
		}
	}
}

// normalize drops white space at the ends of lines and trailing newlines.
func normalize(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t")
	}
	return strings.Join(lines, "\n")
}
