package quorum

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"

	"pgregory.net/rapid"
)

// rapidChecks runs prop as a rapid property with checks cases, unless the caller set
// -rapid.checks explicitly, which then wins. Properties differ in cost, so each states how many
// cases fit the package's test budget.
func rapidChecks(t *testing.T, checks int, prop func(*rapid.T)) {
	t.Helper()
	// Decide once, before this helper itself has set the flag.
	checksExplicitOnce.Do(func() {
		flag.Visit(func(f *flag.Flag) { checksExplicit = checksExplicit || f.Name == "rapid.checks" })
	})
	if !checksExplicit {
		old := flag.Lookup("rapid.checks").Value.String()
		if err := flag.Set("rapid.checks", strconv.Itoa(checks)); err != nil {
			t.Fatal(err)
		}
		defer flag.Set("rapid.checks", old)
	}
	rapid.Check(t, prop)
}

var (
	checksExplicitOnce sync.Once
	checksExplicit     bool
)

// ddCase is one case of a datadriven script: a command line, input lines, and the expected
// output, as in etcd-io/raft's testdata.
type ddCase struct {
	pos      string
	cmd      string
	args     []string
	input    []string
	expected string
}

// readScript parses a datadriven script. A case is a command line, zero or more input lines,
// a "----" line and the expected output, which ends at a blank line or the end of the file.
// Lines starting with "#" between cases are comments.
func readScript(t *testing.T, path string) []ddCase {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []ddCase
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
		fields := strings.Fields(text)
		c := ddCase{pos: fmt.Sprintf("%s:%d", path, line), cmd: fields[0], args: fields[1:]}
		sawSeparator := false
		for {
			text, ok = next()
			if !ok {
				break
			}
			if text == "----" {
				sawSeparator = true
				break
			}
			c.input = append(c.input, text)
		}
		if !sawSeparator {
			t.Fatalf("%s: case %q has no ---- line", c.pos, c.cmd)
		}
		var out []string
		for {
			text, ok = next()
			if !ok || text == "" {
				break
			}
			out = append(out, text)
		}
		c.expected = strings.Join(out, "\n")
		cases = append(cases, c)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return cases
}

// parseAcked reads "0=5 1=7 2=3" into acked indexes indexed by member ID.
func parseAcked(text string) ([]Index, error) {
	var acked []Index
	for _, f := range strings.Fields(text) {
		idText, idxText, ok := strings.Cut(f, "=")
		if !ok {
			return nil, fmt.Errorf("acked entry %q is not id=index", f)
		}
		id, err := strconv.Atoi(idText)
		if err != nil || id < 0 || id >= MaxMembers {
			return nil, fmt.Errorf("acked entry %q: bad member ID", f)
		}
		idx, err := strconv.ParseUint(idxText, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("acked entry %q: bad index", f)
		}
		for len(acked) <= id {
			acked = append(acked, 0)
		}
		acked[id] = Index(idx)
	}
	return acked, nil
}

// mustSet parses a set literal in a test, failing the test on error.
func mustSet(t testing.TB, text string) Set {
	t.Helper()
	s, err := ParseSet(text)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// mustParse parses a system in a test, failing the test on error.
func mustParse(t testing.TB, text string) System {
	t.Helper()
	s, err := Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
