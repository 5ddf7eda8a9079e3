package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"time"

	"github.com/dsref/dsref/harness/tlaplus/cfg"
	"github.com/dsref/dsref/harness/tlaplus/check"
)

func init() {
	register("check", "model-check a TLA+ spec with its TLC .cfg, as TLC does", runCheck)
}

const checkUsage = `usage: dsref check [-config F.cfg] [-workers N] [-deadlock] [-dfs -depth N]
                   [-simulate -depth N -seed S -traces T] [-dump dot F] Spec.tla

Model-checks Spec.tla with the TLC configuration F.cfg (default Spec.cfg beside the spec), printing
TLC's messages and counterexamples. As with TLC, -deadlock turns deadlock checking OFF.
Exit codes: 0 no error, 10 assumption false, 11 deadlock, 12 safety violation (13, liveness, is
never returned: liveness properties are not checked; a run without error that left one unchecked
exits with 3, never 0), 75 evaluation error, 150 spec does not load (also a configuration naming
a formula of the wrong level), 151 configuration does not parse, 130 interrupted (the counts so
far are printed), 2 bad usage.
`

func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, checkUsage)
		fs.PrintDefaults()
	}
	config := fs.String("config", "", "TLC configuration file (default: the spec's name with .cfg)")
	workers := fs.Int("workers", 1, "parallel BFS workers (1 is deterministic)")
	noDeadlock := fs.Bool("deadlock", false, "do not check for deadlock (TLC's -deadlock)")
	dfs := fs.Bool("dfs", false, "depth-first search down to -depth instead of breadth-first")
	sim := fs.Bool("simulate", false, "random simulation instead of exhaustive search")
	depth := fs.Int("depth", 100, "longest behavior for -dfs and -simulate")
	seed := fs.Int64("seed", 0, "seed of the random source for -simulate")
	traces := fs.Int("traces", 100, "number of behaviors for -simulate")
	progress := fs.Duration("progress", 5*time.Second, "interval between progress lines (0 disables them)")
	var dump dumpFlag
	fs.Var(&dump, "dump", "`dot FILE`: write the state graph in dot format (small models)")
	if err := fs.Parse(reorderDumpArgs(args)); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "dsref check: expected exactly one spec file (Spec.tla)")
		fs.Usage()
		return 2
	}
	if *workers < 1 {
		fmt.Fprintf(stderr, "dsref check: -workers must be at least 1, got %d\n", *workers)
		return 2
	}
	if *depth < 1 {
		fmt.Fprintf(stderr, "dsref check: -depth must be at least 1, got %d\n", *depth)
		return 2
	}
	if *traces < 1 {
		fmt.Fprintf(stderr, "dsref check: -traces must be at least 1, got %d\n", *traces)
		return 2
	}
	if *dfs && *sim {
		fmt.Fprintln(stderr, "dsref check: -dfs and -simulate exclude each other")
		return 2
	}
	// A flag the chosen search does not use is refused rather than silently ignored.
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if set["workers"] && *workers > 1 && (*dfs || *sim) {
		fmt.Fprintln(stderr, "dsref check: -workers applies to breadth-first search only, not to -dfs or -simulate")
		return 2
	}
	if set["depth"] && !*dfs && !*sim {
		fmt.Fprintln(stderr, "dsref check: -depth applies to -dfs and -simulate only; breadth-first search explores every reachable state")
		return 2
	}
	if (set["seed"] || set["traces"]) && !*sim {
		fmt.Fprintln(stderr, "dsref check: -seed and -traces apply to -simulate only")
		return 2
	}
	specPath := fs.Arg(0)
	if !strings.HasSuffix(specPath, ".tla") {
		if _, err := os.Stat(specPath + ".tla"); err == nil {
			specPath += ".tla"
		}
	}
	// The spec is looked for first, so that a mistyped spec name is reported as such rather than
	// as a missing Spec.cfg.
	if st, err := os.Stat(specPath); err != nil || st.IsDir() {
		if err == nil {
			err = fmt.Errorf("%s is a directory", specPath)
		}
		fmt.Fprintf(stderr, "Error: cannot read the spec: %v\n", err)
		return 150
	}
	cfgPath := *config
	if cfgPath == "" {
		cfgPath = strings.TrimSuffix(specPath, ".tla") + ".cfg"
	} else if !filepath.IsAbs(cfgPath) && !fileExists(cfgPath) {
		// Like TLC, which runs in the spec's folder, look for the configuration there too.
		if alt := filepath.Join(filepath.Dir(specPath), cfgPath); fileExists(alt) {
			cfgPath = alt
		}
	}
	conf, err := cfg.ParseFile(cfgPath)
	if err != nil {
		fmt.Fprintf(stderr, "Error: reading the configuration: %v\n", err)
		return 151
	}
	opts := check.Options{Workers: *workers, Depth: *depth, Seed: *seed, Traces: *traces, Print: stdout}
	if *progress > 0 {
		opts.Progress = stdout
		opts.ProgressEvery = *progress
	}
	if *noDeadlock {
		off := false
		opts.Deadlock = &off
	}
	switch {
	case *dfs:
		opts.Mode = check.DFS
	case *sim:
		opts.Mode = check.Simulate
	}
	var dotFile *os.File
	if dump.file != "" {
		if opts.Mode != check.BFS {
			fmt.Fprintln(stderr, "dsref check: -dump dot needs the default breadth-first search")
			return 2
		}
		dotFile, err = os.Create(dump.file)
		if err != nil {
			fmt.Fprintf(stderr, "dsref check: %v\n", err)
			return 2
		}
		defer dotFile.Close()
		opts.Dot = dotFile
	}
	collectLessOften()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	res, err := check.Check(ctx, specPath, conf, opts)
	return reportCheck(stdout, stderr, res, err)
}

// exitInterrupted is the exit code of a run stopped by an interrupt (128 + SIGINT, as a shell
// reports it).
const exitInterrupted = 130

// reportCheck prints the outcome of a run and returns the exit code: TLC's report for a finished
// run, the error for one that failed, and for one interrupted the counts reached so far, marked
// as such, since they are no verdict.
func reportCheck(stdout, stderr io.Writer, res check.Result, err error) int {
	if err != nil {
		var le *check.LoadError
		switch {
		case errors.As(err, &le):
			fmt.Fprintf(stderr, "Error: %v\n", err)
			return 150
		case errors.Is(err, context.Canceled):
			fmt.Fprintln(stdout, "Interrupted: the search was stopped before it finished; no verdict. So far:")
			fmt.Fprintf(stdout, "%d states generated, %d distinct states found, %d states left on queue.\n", res.Generated, res.Distinct, res.Left)
			fmt.Fprintf(stdout, "The depth of the state graph search so far is %d.\n", res.Depth)
			return exitInterrupted
		}
		check.WriteError(stdout, err)
		return check.ExitError
	}
	check.WriteReport(stdout, res)
	fmt.Fprintf(stdout, "Finished in %s.\n", res.Elapsed.Round(time.Millisecond))
	return res.ExitCode()
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// dumpFlag is the value of -dump: the format (only dot) followed by the output file, which is the
// next command-line argument as in TLC's `-dump dot F`.
type dumpFlag struct{ file string }

func (d *dumpFlag) String() string { return d.file }

func (d *dumpFlag) Set(s string) error {
	format, file, ok := strings.Cut(s, " ")
	if !ok || format != "dot" || file == "" {
		return fmt.Errorf("expected -dump dot FILE, got %q", s)
	}
	d.file = file
	return nil
}

// reorderDumpArgs joins `-dump dot F` into the single flag value "dot F" that dumpFlag parses.
func reorderDumpArgs(args []string) []string {
	out := make([]string, 0, len(args))
	for i := 0; i < len(args); i++ {
		a := args[i]
		if (a == "-dump" || a == "--dump") && i+2 < len(args) && args[i+1] == "dot" {
			out = append(out, a, "dot "+args[i+2])
			i += 2
			continue
		}
		out = append(out, a)
	}
	return out
}
