package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

// campaign is one run of every selected fuzz target.
type campaign struct {
	root      string        // the repository root
	corpus    string        // where each target's generated corpus is kept between campaigns
	bin       string        // where the instrumented test binaries are built
	perTarget time.Duration // fuzzing time of each target
	parallel  int           // targets fuzzed at once
	workers   int           // fuzzing processes per target (-test.parallel)
	tags      string
	log       io.Writer // progress lines
}

// result is what fuzzing one target found.
type result struct {
	target
	Execs       int64
	Elapsed     time.Duration // fuzzing time, as the engine reports it
	Interesting int           // new interesting inputs this campaign
	Corpus      int           // inputs in the corpus at the end (seeds, testdata and generated)
	Crasher     string        // the failing input's file, relative to the package directory
	Repro       string        // the command that re-runs it, from the repository root
	Failure     string        // what went wrong, for a failure without a crasher
	Output      string        // the fuzzer's whole output
}

func (r result) rate() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Execs) / r.Elapsed.Seconds()
}

// crasherPath is the crasher's file relative to the repository root.
func (r result) crasherPath(root string) string {
	if rel := r.rel(root); rel != "." {
		return rel + "/" + filepath.ToSlash(r.Crasher)
	}
	return filepath.ToSlash(r.Crasher)
}

func (r result) ok() bool { return r.Crasher == "" && r.Failure == "" }

// build compiles one instrumented test binary per package of the targets.
func (c *campaign) build(ctx context.Context, targets []target) (map[string]string, error) {
	bins := map[string]string{}
	for _, t := range targets {
		if _, done := bins[t.Pkg]; done {
			continue
		}
		bin := filepath.Join(c.bin, strings.NewReplacer("/", "_", ".", "_").Replace(t.Pkg)+".test")
		args := []string{"test", "-c", "-fuzz=" + t.Name, "-o", bin}
		if c.tags != "" {
			args = append(args, "-tags", c.tags)
		}
		cmd := exec.CommandContext(ctx, "go", append(args, t.Pkg)...)
		cmd.Dir = t.Module
		if out, err := cmd.CombinedOutput(); err != nil {
			return nil, fmt.Errorf("building %s: %v\n%s", t.Pkg, err, out)
		}
		bins[t.Pkg] = bin
	}
	return bins, nil
}

// run fuzzes every target, parallel at a time, and returns their results in order.
func (c *campaign) run(ctx context.Context, targets []target, bins map[string]string) []result {
	results := make([]result, len(targets))
	sem := make(chan struct{}, c.parallel)
	var wg sync.WaitGroup
	var mu sync.Mutex
	for i, t := range targets {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			r := c.fuzz(ctx, t, bins[t.Pkg])
			results[i] = r
			mu.Lock()
			fmt.Fprintln(c.log, r.line(c.root))
			mu.Unlock()
		}()
	}
	wg.Wait()
	return results
}

// fuzz runs one target's fuzzer in its package's directory, so that its seed corpus
// (testdata/fuzz) is read and a crasher is written there, with its generated corpus kept under
// c.corpus.
func (c *campaign) fuzz(ctx context.Context, t target, bin string) result {
	r := result{target: t}
	cache := filepath.Join(c.corpus, filepath.FromSlash(t.Pkg))
	cmd := exec.CommandContext(ctx, bin,
		"-test.run=^$", "-test.fuzz=^"+t.Name+"$", "-test.fuzztime="+c.perTarget.String(),
		"-test.fuzzminimizetime="+minimizeTime(c.perTarget).String(),
		"-test.fuzzcachedir="+cache, "-test.parallel="+strconv.Itoa(c.workers), "-test.timeout=0")
	cmd.Dir = t.Dir
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	r.Output = out.String()
	parseFuzzOutput(&r, r.Output)
	r.Corpus = countFiles(filepath.Join(cache, t.Name)) + countFiles(filepath.Join(t.Dir, "testdata", "fuzz", t.Name))
	switch {
	case ctx.Err() != nil:
		r.Failure = "interrupted"
	case r.Crasher != "":
		r.Repro = fmt.Sprintf("go test -run='^%s$/^%s$' %s", t.Name, filepath.Base(r.Crasher), t.rel(c.root))
		if t.Module != c.root {
			r.Repro = fmt.Sprintf("(cd %s && go test -run='^%s$/^%s$' %s)", relDir(c.root, t.Module), t.Name, filepath.Base(r.Crasher), relDir(t.Module, t.Dir))
		}
	case err != nil && !deadlineRace(r.Output, t.Name):
		r.Failure = firstLines(r.Output, 12)
		if r.Failure == "" {
			r.Failure = err.Error()
		}
	}
	return r
}

// minimizeTime bounds how long the engine may shrink one input. The engine shrinks every new
// interesting input before it fuzzes on, for up to go test's default of 60 s: a target whose
// inputs run a few hundred times a second (a loaded machine, a costly target) spent a 30 s turn
// shrinking its first new input and reported a handful of executions. A quarter of the turn
// leaves the rest for fuzzing; a crasher is written shrunk as far as the time allowed.
func minimizeTime(perTarget time.Duration) time.Duration {
	return min(60*time.Second, max(time.Second, perTarget/4))
}

var (
	statusLine  = regexp.MustCompile(`^fuzz: elapsed: (\S+), execs: (\d+) \(\d+/sec\)(?:, new interesting: (\d+) \(total: (\d+)\))?`)
	crasherLine = regexp.MustCompile(`^Failing input written to (\S+)`)
)

// parseFuzzOutput reads the engine's status lines (the last one holds the totals) and the
// crasher's path.
func parseFuzzOutput(r *result, out string) {
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if m := statusLine.FindStringSubmatch(line); m != nil {
			if d, err := time.ParseDuration(m[1]); err == nil {
				r.Elapsed = d
			}
			r.Execs, _ = strconv.ParseInt(m[2], 10, 64)
			if m[3] != "" {
				r.Interesting, _ = strconv.Atoi(m[3])
			}
		}
		if m := crasherLine.FindStringSubmatch(line); m != nil {
			r.Crasher = m[1]
		}
	}
}

// deadlineRace reports whether the fuzzer's output fails the target only with the deadline of
// its -fuzztime window: Go's fuzzing coordinator up to Go 1.26 may let the deadline that ends the
// window escape as the target's failure (go.dev/issue/75804, fixed in Go 1.27), with no input
// written and nothing else failing. That is the window's normal end, not a finding.
func deadlineRace(out, name string) bool {
	lines := strings.Split(strings.TrimSpace(out), "\n")
	fail := -1
	for i, line := range lines {
		line = strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "--- FAIL: "+name+" ("):
			if fail >= 0 {
				return false
			}
			fail = i
		case strings.HasPrefix(line, "--- FAIL"), strings.HasPrefix(line, "panic:"), crasherLine.MatchString(line):
			return false
		}
	}
	if fail < 0 || fail+1 >= len(lines) || strings.TrimSpace(lines[fail+1]) != "context deadline exceeded" {
		return false
	}
	for _, line := range lines[fail+2:] {
		if line = strings.TrimSpace(line); line != "FAIL" && !strings.HasPrefix(line, "exit status") {
			return false
		}
	}
	return true
}

// line is a target's result as one line of the report.
func (r result) line(root string) string {
	status := "ok"
	switch {
	case r.Crasher != "":
		status = "CRASHER " + r.crasherPath(root)
	case r.Failure != "":
		status = "FAILED"
	}
	return fmt.Sprintf("%-28s %-34s %13s %10s/s %6d %7d  %s", r.rel(root), r.Name, group(r.Execs), group(int64(r.rate())), r.Interesting, r.Corpus, status)
}

// group writes n with thousands separators.
func group(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func countFiles(dir string) int {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return 0
	}
	n := 0
	for _, e := range entries {
		if !e.IsDir() {
			n++
		}
	}
	return n
}

func firstLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = append(lines[:n], "...")
	}
	return strings.Join(lines, "\n")
}

func relDir(from, to string) string {
	r, err := filepath.Rel(from, to)
	if err != nil {
		return to
	}
	if r == "." {
		return "."
	}
	return "./" + filepath.ToSlash(r)
}
