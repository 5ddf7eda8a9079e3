//go:build !dsref_mutations

package catalogue

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// mutationTag is the build tag that compiles the planted bugs.
const mutationTag = "dsref_mutations"

var (
	testFunc     = regexp.MustCompile(`(?m)^func (Test|Example|Fuzz|Benchmark)(\w*)\(`)
	buildTagLine = regexp.MustCompile(`(?m)^//go:build (.+)$`)
)

// taggedTests finds, in every package of the module, the test files compiled only with the
// mutation tag and the TestMutation functions they declare (package directory -> names). Tagged
// test files may declare nothing else: a test the subprocess does not select would never run.
// Reading every Go file also makes go test's cache depend on them, the tagged ones included.
func taggedTests(t *testing.T, root string) map[string][]string {
	found := map[string][]string{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != root && (strings.HasPrefix(name, ".") || name == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		m := buildTagLine.FindSubmatch(src)
		if m == nil || strings.TrimSpace(string(m[1])) != mutationTag || !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		dir, _ := filepath.Rel(root, filepath.Dir(path))
		for _, fn := range testFunc.FindAllSubmatch(src, -1) {
			kind, name := string(fn[1]), string(fn[1])+string(fn[2])
			if kind != "Test" || !strings.HasPrefix(name, "TestMutation") {
				t.Errorf("%s declares %s: tests compiled only with -tags %s must be named TestMutation*", path, name, mutationTag)
				continue
			}
			found[dir] = append(found[dir], name)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}

// TestPlantedBugsAreCaught runs, as a subprocess, every test that needs the planted bugs:
// go test -tags dsref_mutations -run '^TestMutation' on each package that has some. They
// include TestMutationCatalogue (the simulator catches every planted bug of every core), the
// cores' own mutation tests and scripts, and TestMutationNoneIsTheShippedProtocol, to which
// this test hands the shipped build's simulation hashes. Each test found in the tagged files
// must have run and passed.
//
// Tests RAFT-MUT-1, PAXOS-12.
func TestPlantedBugsAreCaught(t *testing.T) {
	root := moduleRoot(t)
	want := taggedTests(t, root)
	if len(want["harness/sim/catalogue"]) == 0 || len(want["raft"]) == 0 {
		t.Fatalf("tagged tests found: %v; the catalogue and raft's mutation tests are missing", want)
	}
	var pkgs []string
	for dir := range want {
		pkgs = append(pkgs, "./"+filepath.ToSlash(dir))
	}
	sort.Strings(pkgs)
	gobin, err := exec.LookPath("go") // go test puts $GOROOT/bin first in PATH
	if err != nil {
		t.Fatal(err)
	}
	args := append([]string{"test", "-tags", mutationTag, "-json", "-run", "^TestMutation"}, pkgs...)
	cmd := exec.Command(gobin, args...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), shippedHashesEnv+"="+simHashes(t))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, runErr := cmd.Output()

	type event struct {
		Action, Package, Test, Output string
	}
	passed := map[string]bool{} // package dir/test
	var failures []string
	modulePath := "github.com/dsref/dsref/"
	output := map[string]*strings.Builder{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	for sc.Scan() {
		var ev event
		if json.Unmarshal(sc.Bytes(), &ev) != nil || ev.Test == "" {
			continue
		}
		top, sub, _ := strings.Cut(ev.Test, "/")
		key := strings.TrimPrefix(ev.Package, modulePath) + "/" + top
		switch {
		case ev.Action == "output": // a subtest's output belongs to its test's report
			if output[key] == nil {
				output[key] = &strings.Builder{}
			}
			output[key].WriteString(ev.Output)
		case sub != "":
		case ev.Action == "pass":
			passed[key] = true
		case ev.Action == "fail":
			failures = append(failures, key)
		}
	}
	for _, f := range failures {
		t.Errorf("%s failed:\n%s", f, output[f])
	}
	for dir, tests := range want {
		for _, name := range tests {
			if key := filepath.ToSlash(dir) + "/" + name; !passed[key] {
				t.Errorf("%s did not pass (not run, or failed)", key)
			}
		}
	}
	if runErr != nil && !t.Failed() {
		t.Errorf("go %s: %v\n%s", strings.Join(args, " "), runErr, stderr.String())
	}
	if !t.Failed() {
		t.Logf("%d tagged tests in %d packages passed: %v", len(passed), len(pkgs), pkgs)
	}
}
