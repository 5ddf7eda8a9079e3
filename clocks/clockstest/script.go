package clockstest

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"testing"
)

// A ScriptCase is one command of a datadriven script and the output it must produce.
type ScriptCase struct {
	Pos     string // file:line of the command, for failure messages
	Command string
	Args    []string
	Want    string
}

// ParseScript reads a datadriven script: blocks of one command line, a line "----", and the
// expected output up to the next blank line or the end of the file. Lines starting with '#'
// outside expected output are comments.
func ParseScript(path string) ([]ScriptCase, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var cases []ScriptCase
	sc := bufio.NewScanner(f)
	line := 0
	next := func() (string, bool) {
		if !sc.Scan() {
			return "", false
		}
		line++
		return sc.Text(), true
	}
	for {
		text, ok := next()
		if !ok {
			break
		}
		if strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#") {
			continue
		}
		c := ScriptCase{Pos: fmt.Sprintf("%s:%d", path, line)}
		fields := strings.Fields(text)
		c.Command, c.Args = fields[0], fields[1:]
		sep, ok := next()
		if !ok || sep != "----" {
			return nil, fmt.Errorf("%s: command %q must be followed by a line ----", c.Pos, text)
		}
		var want []string
		for {
			out, ok := next()
			if !ok || out == "" {
				break
			}
			want = append(want, out)
		}
		c.Want = strings.Join(want, "\n")
		cases = append(cases, c)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(cases) == 0 {
		return nil, fmt.Errorf("%s: no commands", path)
	}
	return cases, nil
}

// RunScript runs every case of the script at path through run and fails t on each output that
// differs from the expected one. run returns the output of one command; an error is printed as
// "error: <message>" so scripts can expect errors too.
func RunScript(t *testing.T, path string, run func(c ScriptCase) (string, error)) {
	t.Helper()
	cases, err := ParseScript(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		got, err := run(c)
		if err != nil {
			got = "error: " + err.Error()
		}
		got = strings.TrimRight(got, "\n")
		if got != c.Want {
			t.Errorf("%s: %s %s\n got: %s\nwant: %s", c.Pos, c.Command, strings.Join(c.Args, " "), got, c.Want)
		}
	}
}
