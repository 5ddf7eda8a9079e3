// Command fuzz runs dsref's fuzzing campaign: every fuzz test (func FuzzXxx(*testing.F)) of every
// package of every module in the repository, found afresh each time, in turn or several at
// once, for a given total time. Each target's generated corpus is kept between campaigns (in
// fuzz/corpus by default, beside the seed corpora in each package's testdata/fuzz), and a
// crasher is written where go test finds it again (the package's testdata/fuzz), with the
// command that re-runs it.
//
// Usage, from the repository root:
//
//	go run ./fuzz -duration 10m            # every target in turn, 10 minutes in all
//	go run ./fuzz -duration 10m -parallel 2 -run 'raft|clocks'
//	go run ./fuzz -list
//
// It prints a line per target as the target finishes (its package, name, executions, executions
// per second, new interesting inputs, corpus size and result) and a summary. The exit status is
// 0 when no target failed, 1 when one found a crasher or failed, 2 for bad usage. See
// fuzz/README.md for the weekly soak.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], ".", os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, dir string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("fuzz", flag.ContinueOnError)
	fs.SetOutput(stderr)
	duration := fs.Duration("duration", 10*time.Minute, "total fuzzing time of the campaign, shared out evenly among the targets")
	perTarget := fs.Duration("per-target", 0, "fuzzing time of each target (overrides -duration)")
	parallel := fs.Int("parallel", 1, "number of targets fuzzed at once")
	workers := fs.Int("workers", 0, "fuzzing processes per target (default: CPUs / -parallel)")
	runRE := fs.String("run", "", "fuzz only the targets whose package path or name matches this regular expression")
	list := fs.Bool("list", false, "list the targets and exit")
	corpus := fs.String("corpus", "", "directory that keeps each target's generated corpus between campaigns (default: fuzz/corpus under the repository root)")
	tags := fs.String("tags", "", "build tags for the test binaries, as go test -tags")
	verbose := fs.Bool("v", false, "print the fuzzer's whole output for each target that failed")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: go run ./fuzz [-duration D | -per-target D] [-parallel N] [-workers N] [-run REGEXP] [-list] [-corpus DIR] [-tags TAGS] [-v]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	usage := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "fuzz: "+format+"\n", a...)
		fs.Usage()
		return 2
	}
	switch {
	case fs.NArg() > 0:
		return usage("unexpected argument %q", fs.Arg(0))
	case *duration <= 0 && *perTarget <= 0:
		return usage("-duration %v must be positive", *duration)
	case *perTarget < 0:
		return usage("-per-target %v is negative", *perTarget)
	case *parallel < 1:
		return usage("-parallel %d must be at least 1", *parallel)
	case *workers < 0:
		return usage("-workers %d is negative", *workers)
	}
	match, err := regexp.Compile(*runRE)
	if err != nil {
		return usage("-run: %v", err)
	}
	root, err := repoRoot(dir)
	if err != nil {
		fmt.Fprintf(stderr, "fuzz: %v\n", err)
		return 2
	}
	all, err := discover(root, *tags)
	if err != nil {
		fmt.Fprintf(stderr, "fuzz: %v\n", err)
		return 2
	}
	var targets []target
	for _, t := range all {
		if match.MatchString(t.Pkg + "." + t.Name) {
			targets = append(targets, t)
		}
	}
	if *list {
		for _, t := range targets {
			fmt.Fprintf(stdout, "%s %s\n", t.rel(root), t.Name)
		}
		return 0
	}
	if len(targets) == 0 {
		return usage("no fuzz target matches -run %q", *runRE)
	}
	c := &campaign{root: root, corpus: *corpus, parallel: *parallel, workers: *workers, tags: *tags, log: stdout, perTarget: *perTarget}
	if c.corpus == "" {
		c.corpus = filepath.Join(root, "fuzz", "corpus")
	}
	if c.corpus, err = filepath.Abs(c.corpus); err != nil {
		return usage("-corpus: %v", err)
	}
	if c.workers == 0 {
		c.workers = max(1, runtime.GOMAXPROCS(0)/c.parallel)
	}
	if c.perTarget == 0 {
		rounds := (len(targets) + c.parallel - 1) / c.parallel
		c.perTarget = max(time.Second, (*duration / time.Duration(rounds)).Truncate(time.Second))
	}
	c.bin, err = os.MkdirTemp("", "dsref-fuzz-")
	if err != nil {
		fmt.Fprintf(stderr, "fuzz: %v\n", err)
		return 2
	}
	defer os.RemoveAll(c.bin)

	start := time.Now()
	fmt.Fprintf(stdout, "fuzz: %d targets in %d packages; building the instrumented test binaries\n", len(targets), countPackages(targets))
	bins, err := c.build(ctx, targets)
	if err != nil {
		fmt.Fprintf(stderr, "fuzz: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "fuzz: built in %v; fuzzing each target for %v, %d at a time with %d workers each; corpus in %s\n",
		time.Since(start).Round(time.Second), c.perTarget, c.parallel, c.workers, shortPath(root, c.corpus))
	fmt.Fprintf(stdout, "%-28s %-34s %13s %12s %6s %7s  %s\n", "package", "target", "execs", "execs/s", "new", "corpus", "result")
	results := c.run(ctx, targets, bins)
	return summarize(stdout, root, results, time.Since(start), *verbose)
}

// shortPath is path relative to root when it lies under it.
func shortPath(root, path string) string {
	if r := relDir(root, path); !strings.HasPrefix(r, "./..") {
		return r
	}
	return path
}

func countPackages(targets []target) int {
	seen := map[string]bool{}
	for _, t := range targets {
		seen[t.Pkg] = true
	}
	return len(seen)
}

// summarize prints the totals and every failure with what to do about it; it returns the exit
// status.
func summarize(w io.Writer, root string, results []result, wall time.Duration, verbose bool) int {
	var execs int64
	var fuzzing time.Duration
	var bad []result
	for _, r := range results {
		execs += r.Execs
		fuzzing += r.Elapsed
		if !r.ok() {
			bad = append(bad, r)
		}
	}
	fmt.Fprintf(w, "fuzz: %d targets, %s executions in %v of fuzzing (%v wall); %d failed\n",
		len(results), group(execs), fuzzing.Round(time.Second), wall.Round(time.Second), len(bad))
	for _, r := range bad {
		fmt.Fprintf(w, "\n%s %s:\n", r.rel(root), r.Name)
		if r.Crasher != "" {
			fmt.Fprintf(w, "  crasher: %s\n  reproduce: %s\n", r.crasherPath(root), r.Repro)
		} else {
			fmt.Fprintf(w, "  %s\n", strings.ReplaceAll(r.Failure, "\n", "\n  "))
		}
		if verbose {
			fmt.Fprintf(w, "  output:\n    %s\n", strings.ReplaceAll(strings.TrimSpace(r.Output), "\n", "\n    "))
		}
	}
	if len(bad) > 0 {
		return 1
	}
	return 0
}
