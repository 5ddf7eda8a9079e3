package main

import (
	"bytes"
	"context"
	"go/build"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
)

// copyFixture copies testdata/fixture (a module with fuzz tests, one of them crashing, and a
// nested module) to a temporary directory, where a campaign may write.
func copyFixture(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir("testdata/fixture", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel("testdata/fixture", path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func names(targets []target) []string {
	var out []string
	for _, t := range targets {
		out = append(out, t.Pkg+"."+t.Name)
	}
	return out
}

// TestDiscoverFindsEveryFuzzTest: the fixture's fuzz tests are found, in the nested module too
// and under an aliased import of testing; functions that go test would not fuzz (a lower-case
// letter after Fuzz, another signature, a method, a result) and files the build excludes are not.
func TestDiscoverFindsEveryFuzzTest(t *testing.T) {
	dir := copyFixture(t)
	targets, err := discover(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	want := "example.com/fixture/a.FuzzCrash example.com/fixture/a.FuzzOK example.com/fixture/sub/b.FuzzNested"
	if got := strings.Join(names(targets), " "); got != want {
		t.Fatalf("found %s\nwant  %s", got, want)
	}
	if targets[2].Module != filepath.Join(dir, "sub") {
		t.Fatalf("FuzzNested's module is %s", targets[2].Module)
	}
	tagged, err := discover(dir, "fixturetag")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(names(tagged), " "); !strings.Contains(got, "a.FuzzTagged") {
		t.Fatalf("with -tags fixturetag found %s", got)
	}
}

// fuzzDecl matches a fuzz test's declaration the way a reader would spot one.
var fuzzDecl = regexp.MustCompile(`(?m)^func (Fuzz(?:[A-Z0-9_]\w*)?)\(\w+ \*testing\.F\) \{`)

// TestDiscoverAgreesWithTheSource checks the campaign's list of this repository's fuzz tests
// against an independent count: every _test.go file the default build compiles (build
// constraints evaluated by go/build), searched for fuzz test declarations with a regular
// expression. A fuzz test added anywhere is in the campaign without anyone listing it.
func TestDiscoverAgreesWithTheSource(t *testing.T) {
	root, err := repoRoot(".")
	if err != nil {
		t.Fatal(err)
	}
	targets, err := discover(root, "")
	if err != nil {
		t.Fatal(err)
	}
	var found []string
	for _, tg := range targets {
		found = append(found, tg.rel(root)+" "+tg.Name)
	}
	var want []string
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != root && (name == "testdata" || name == "vendor" || strings.HasPrefix(name, ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		if ok, err := build.Default.MatchFile(filepath.Dir(path), d.Name()); err != nil || !ok {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range fuzzDecl.FindAllStringSubmatch(string(src), -1) {
			want = append(want, relDir(root, filepath.Dir(path))+" "+m[1])
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(found)
	sort.Strings(want)
	if strings.Join(found, "\n") != strings.Join(want, "\n") {
		t.Fatalf("the campaign would fuzz\n%s\nthe source declares\n%s", strings.Join(found, "\n"), strings.Join(want, "\n"))
	}
	if len(found) < 20 {
		t.Fatalf("only %d fuzz tests found", len(found))
	}
}

// TestCampaignReportsCrashersAndKeepsCorpora runs a short campaign over the fixture: the planted
// crash is reported with its crasher file and a command that reproduces it (checked by running
// it), the other targets report executions, and their generated corpora are kept.
//
// The campaign runs two fuzzing processes per target whatever the machine: by default it would
// start one per CPU, and what the test checks does not depend on how many there are. The
// fixture's other targets cannot fail on any input, so a faster machine (more executions in
// the 3 s) finds no crasher in them either.
func TestCampaignReportsCrashersAndKeepsCorpora(t *testing.T) {
	dir := copyFixture(t)
	corpus := filepath.Join(t.TempDir(), "corpus")
	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"-per-target", "3s", "-workers", "2", "-corpus", corpus}, dir, &out, &errOut)
	report := out.String()
	if code != 1 {
		t.Fatalf("exit %d, want 1 for a crasher; stderr %s\n%s", code, errOut.String(), report)
	}
	if errOut.Len() > 0 {
		t.Errorf("stderr: %s", errOut.String())
	}
	for _, want := range []string{"fuzz: 3 targets in 2 packages", "1 at a time with 2 workers each", "./a                          FuzzOK", "./sub/b                      FuzzNested", "CRASHER ./a/testdata/fuzz/FuzzCrash/", "3 targets, ", "; 1 failed"} {
		if !strings.Contains(report, want) {
			t.Errorf("report lacks %q:\n%s", want, report)
		}
	}
	for _, line := range strings.Split(report, "\n") {
		if f := strings.Fields(line); len(f) > 3 && (f[1] == "FuzzOK" || f[1] == "FuzzNested") && (f[2] == "0" || f[len(f)-1] != "ok") {
			t.Errorf("target without executions or not ok: %q", line)
		}
	}
	repro := regexp.MustCompile(`reproduce: go test (-run='\^FuzzCrash\$/\^[0-9a-f]+\$') \./a`).FindStringSubmatch(report)
	if repro == nil {
		t.Fatalf("no reproduce command:\n%s", report)
	}
	cmd := exec.Command("go", "test", strings.ReplaceAll(repro[1], "'", ""), "./a")
	cmd.Dir = dir
	if b, err := cmd.CombinedOutput(); err == nil || !strings.Contains(string(b), "planted crash") {
		t.Fatalf("the reproduce command did not reproduce the crash: %v\n%s", err, b)
	}
	if n := countFiles(filepath.Join(corpus, "example.com", "fixture", "a", "FuzzOK")); n == 0 {
		t.Fatal("FuzzOK's generated corpus was not kept")
	}
}

// TestBadUsage: flags the campaign cannot honour exit 2 with a message.
func TestBadUsage(t *testing.T) {
	for _, args := range [][]string{{"-duration", "0"}, {"-parallel", "0"}, {"-run", "("}, {"-run", "NoSuchTarget"}, {"extra"}} {
		var out, errOut bytes.Buffer
		if code := run(context.Background(), args, ".", &out, &errOut); code != 2 || errOut.Len() == 0 {
			t.Errorf("%v: exit %d, stderr %q", args, code, errOut.String())
		}
	}
}

// TestFuzzFuncsReadsSignatures: the functions go test fuzzes, and look-alikes it does not.
func TestFuzzFuncsReadsSignatures(t *testing.T) {
	got, err := fuzzFuncs("testdata/signatures.txt")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, " ") != "FuzzA FuzzB Fuzz Fuzz_c Fuzz2" {
		t.Fatalf("found %v", got)
	}
}

// TestMinimizeTime: shrinking one input takes at most a quarter of a target's turn, at least a
// second, and never more than go test's own default of a minute.
func TestMinimizeTime(t *testing.T) {
	for _, c := range []struct{ turn, want time.Duration }{
		{3 * time.Second, time.Second}, {30 * time.Second, 7500 * time.Millisecond},
		{4 * time.Minute, time.Minute}, {time.Hour, time.Minute},
	} {
		if got := minimizeTime(c.turn); got != c.want {
			t.Errorf("minimizeTime(%v) = %v, want %v", c.turn, got, c.want)
		}
	}
}

// TestDeadlineRaceIsTheWindowsEnd: the output go1.26.8's fuzzer gave a target that found
// nothing, failed only with the deadline of its -fuzztime window (go.dev/issue/75804), is the
// window's end; a failure that says anything else, or a crasher, stays a failure.
func TestDeadlineRaceIsTheWindowsEnd(t *testing.T) {
	race := `fuzz: elapsed: 0s, gathering baseline coverage: 0/2 completed
fuzz: elapsed: 0s, gathering baseline coverage: 2/2 completed, now fuzzing with 2 workers
fuzz: elapsed: 3s, execs: 235280 (78412/sec), new interesting: 24 (total: 26)
fuzz: elapsed: 3s, execs: 235280 (0/sec), new interesting: 24 (total: 26)
--- FAIL: FuzzOK (3.09s)
    context deadline exceeded
FAIL
`
	if !deadlineRace(race, "FuzzOK") {
		t.Fatal("the deadline alone was taken for a failure")
	}
	if deadlineRace(race, "FuzzOther") {
		t.Fatal("another target's deadline was taken for FuzzOther's end")
	}
	for name, out := range map[string]string{
		"other message": strings.Replace(race, "context deadline exceeded", "fuzz_test.go:12: got 3, want 4", 1),
		"more after":    strings.Replace(race, "    context deadline exceeded\n", "    context deadline exceeded\n    fuzz_test.go:12: got 3\n", 1),
		"crasher":       race + "Failing input written to testdata/fuzz/FuzzOK/8853315897765b77\n",
		"panic":         strings.Replace(race, "FAIL\n", "panic: boom\nFAIL\n", 1),
		"second target": race + "--- FAIL: FuzzOK2 (1.00s)\n",
		"no failure":    "fuzz: elapsed: 3s, execs: 10 (3/sec)\nPASS\n",
	} {
		if deadlineRace(out, "FuzzOK") {
			t.Errorf("%s: taken for the window's end", name)
		}
	}
}
