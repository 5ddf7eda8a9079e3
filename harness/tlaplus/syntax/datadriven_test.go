package syntax_test

import (
	"bufio"
	"os"
	"strings"
	"testing"
)

// testCase is one block of a datadriven script:
//
//	command
//	input lines...
//	----
//	expected output lines...
//	(blank line)
//
// Lines starting with # between blocks are comments.
type testCase struct {
	cmd      string
	line     int
	input    string
	expected string
}

// readCases parses a datadriven script.
func readCases(t testing.TB, path string) []testCase {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []testCase
	sc := bufio.NewScanner(f)
	lineNo := 0
	var cur *testCase
	var in, out []string
	state := 0 // 0 between cases, 1 reading input, 2 reading expected output
	flush := func() {
		if cur != nil {
			cur.input = strings.Join(in, "\n")
			cur.expected = strings.Join(out, "\n")
			cases = append(cases, *cur)
		}
		cur, in, out, state = nil, nil, nil, 0
	}
	for sc.Scan() {
		lineNo++
		line := sc.Text()
		switch state {
		case 0:
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			cur = &testCase{cmd: strings.TrimSpace(line), line: lineNo}
			state = 1
		case 1:
			if line == "----" {
				state = 2
				continue
			}
			in = append(in, line)
		case 2:
			if line == "" {
				flush()
				continue
			}
			out = append(out, line)
		}
	}
	if state == 1 {
		t.Fatalf("%s:%d: case has no ---- line", path, cur.line)
	}
	flush()
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(cases) == 0 {
		t.Fatalf("%s: no cases", path)
	}
	return cases
}
