package quorum

import (
	"flag"
	"strconv"
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
