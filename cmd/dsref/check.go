package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/dsref/dsref/harness/tlaplus/cfg"
	"github.com/dsref/dsref/harness/tlaplus/check"
	"github.com/dsref/dsref/harness/tlaplus/syntax"
)

func init() {
	register(&command{
		name:    "check",
		summary: "model-check a TLA+ spec with its TLC .cfg, as TLC does",
		args:    "Spec.tla",
		minArgs: 1, maxArgs: 1,
		doc: `
Model-checks Spec.tla with a TLC configuration, printing TLC's messages and counterexamples. The
configuration is Spec.cfg beside the spec unless -config names another; a relative -config not
found from the current folder is looked for in the spec's folder, where TLC runs; -config A.tla
means A.cfg, or without it A.tla's ---- CONFIG A ---- block. The search is breadth-first
with -workers; -dfs searches depth-first down to -depth; -simulate draws -traces random
behaviours (-traces -1: until stopped, TLC's default) of up to -depth states (-depth -1:
unbounded). As TLC's simulator, each step takes the actions of the next-state relation in a
random order, generates and checks every successor of the first that has any, and follows one of
them chosen at random; the last state of a behaviour is expanded and checked too. -generate is
TLC's generate mode: each step generates a single successor, found by taking, inside the action
chosen, its disjuncts, \E bindings and x' \in S values in a random order, so a behaviour ends
where no way through the relation is enabled (TLCGet("config").mode is "generate"). As in TLC,
-simulate and -generate may be followed by num=N (as -traces N) and file=F (each behaviour
written as a module to F_0_0, F_0_1, ...: STATE_1 == its first state, ...), joined by a comma.
-seed seeds the random choices of -simulate, RandomElement and
Randomization as TLC's -seed does: in a breadth-first search the choices made expanding a state
depend on the seed and that state only, and a constant definition choosing at random (Edges ==
... RandomElement(...)) is evaluated once per run; the default seed is 0, where TLC draws one.
As with TLC, -deadlock turns deadlock checking OFF. As TLC does, a breadth-first search ignores
-depth (TLC reads it in simulation only). -workers N with -simulate is accepted, and the behaviors
are drawn by one worker, saying so on the standard error: TLC's N simulation workers each draw
from their own random source, which behaviors are drawn depends on their timing, and here a
seed gives the same run every time (TLCGet("config").worker is N, as in TLC). -nowarning leaves
out TLC's warnings (those of loading the model, and the one after a stuttering counterexample),
as TLC's does; this command's own notes (a PROPERTY not checked, a lasso found under SYMMETRY
failing the fairness) are kept.

-coverage N prints TLC's coverage report of the initial predicates and actions every N minutes
(with every progress line for 0) and before the closing statistics, as TLC's -coverage N does:
"<Name line L, col C to line L2, col C2 of module M>: D:G" per action, Name the definition naming
it and the location its left-hand side, followed by "(bl bc el ec)", the action's own location,
when the action is only part of that definition (a disjunct); D the distinct states it found and
G the states it generated. An initial predicate's line has the initial states generated and,
after the colon, those plus the assignments of all variables a later conjunct rejected. The
bindings of an \E over a constant set are one action, as in TLC. TLC's counts of every
expression below each action are not reported; -coverage applies to breadth-first search only.

TLC's options for its files on disk and its fingerprint set are accepted and have no effect, as
this engine writes no states directory and keeps its fingerprints in memory: -cleanup, -gzip,
-metadir DIR, -fp N, -fpmem X, -fpbits N, -checkpoint 0, -noGenerateSpecTE and -modelcheck
(which TLC ignores too). The TLC options this command does not support are refused with a
message saying what they do in TLC: ` + tlcRefusedNames() + `, and -checkpoint other than 0.

After a breadth-first search, -dump FILE writes every distinct state as TLC's -dump does ("State
N:" and the state) to FILE.dump, -dump dot FILE the state graph in Graphviz dot to FILE.dot, and
-dump json FILE the state graph as JSON to FILE.json (the extension is added when FILE lacks it,
as TLC adds it): {"vars", "states": [{"id", "initial", "state"}], "edges": [{"from", "to",
"action"}]}, values written as Json!JsonSerialize writes them (TLC has no JSON dump). TLC's
-dump dot,actionlabels,colorize FILE is accepted: edges are always labelled with their action,
and not coloured (dot,snapshot is refused). After a
violation found by any search, -dumpTrace json FILE writes the counterexample as TLC's
-dumpTrace json does (the JSON of TLCExt!CounterExample: {"action": [[[i, s], {"name",
"location"}, [j, t]]], "state": [[i, s]]}), and -dumpTrace tla FILE as a module defining
CounterExample; without a counterexample no file is written, as in TLC. -difftrace prints each
state of a counterexample after the first with only the variables whose values changed, as
TLC's -difftrace (a simulated behavior's states equal to the one before are left out, with
TLC's note saying how many; with an ALIAS its records are compared).

The depth printed ("The depth of the complete state graph search is N") is the breadth-first
level of the deepest state found, initial states being level 1, whatever -workers is. That is
what TLC prints with one worker: its worker records the level of every new state it writes
(Worker.writeState: maxLevel = Math.max(curState.getLevel() + 1, maxLevel)) and reports the
greatest (ConcurrentTLCTrace.getLevel). TLC's workers share one queue without levels, so with
several a state can be found first from a deeper state than its shortest path, and TLC's depth
can then exceed ours by a level or more, varying between runs (tlaplus/tlaplus#883). The
tlaplus/Examples manifests record depths from -workers auto runs and their CI does not compare
them: PrisonerLightUnknown is recorded as depth 11 and EWD840 (N = 3) as 10, with distinct and
generated counts equal to ours; ours are 10 and 9, the breadth-first depths, which TLC's rule
gives with one worker (its queue is then first in, first out).

Temporal PROPERTIES (<>P, []<>P, <>[]P, P ~> Q, WF_/SF_, ENABLED) are checked under the
fairness of the SPECIFICATION once a breadth-first search has explored every state, as TLC
checks them, in parallel over the branches of their negation with -workers; a violation prints a
lasso ending "Back to state N" or "Stuttering". As TLC does, a property that a finite behavior
violates whatever follows ([](x => [](~x => []~x)), no fairness) may be found violated while
searching: the run stops there and prints that behavior without a loop, with exit status 12.
As TLC does, a long search also checks them on
the states expanded so far, at the end of a level at most once a minute, while that has taken
under a fifth of the run and the graph grew by a tenth since: a counterexample found then ends
the run with the counts so far ("current state space"); -lncheck final checks only once the
search is complete. The behavior graph (fingerprints, steps and the values of the properties'
atoms) is kept outside Go's heap, up to -lnmem megabytes in memory and past that in an unlinked
temporary file, which the kernel pages in and out (on systems without mmap it stays in memory).
SYMMETRY with temporal PROPERTIES: the graph checked is that of the symmetry classes, as
TLC's, so the verdict is not sound. A violation may be missed ("No error has been found" is
then no proof) and a counterexample may be spurious: the checker prints TLC's warning
("Declaring symmetry during liveness checking is dangerous..."), tests the printed lasso against
the fairness and says when it fails it. The rule, as TLC's: check temporal properties with a
configuration without SYMMETRY; use SYMMETRY for invariants only. -dfs and -simulate check safety only; a temporal property using TLCGet or TLCSet
is reported not checked (its value depends on TLC's search order).

Exit status: 0 no error, 10 assumption false, 11 deadlock, 12 invariant violated (or a temporal
property violated by a finite behavior found while searching, as TLC reports it), 13 property
violated (temporal, by a step or by an initial state, as TLC's VIOLATION_LIVENESS), 14 an Assert
false computing the successors of a state in a breadth-first search (TLC's VIOLATION_ASSERT), 3
no error found but a temporal property left unchecked (see above), 75 evaluation error, 76 an
invariant that fails to evaluate on a successor in a breadth-first search (TLC's
FAILURE_SAFETY_EVAL; a step property that fails to evaluate exits 13, as TLC's) or an INVARIANT
that is not a state predicate, 150 spec does not load (also a configuration naming a formula of
the wrong level, or a temporal formula TLC cannot check either), 151 configuration does not parse
or names what TLC refuses as the configuration's error (a constant without a value, a name not
defined, a PROPERTY that is an action, an action outside [][A]_v in the SPECIFICATION), 255 a
temporal formula whose expansion does not end (TLC's SYSTEM_STACK_OVERFLOW), 130
interrupted (the counts so far are printed), 2 bad usage.`,
		setup:       checkSetup,
		rewriteArgs: func(args []string) []string { return reorderDumpArgs(refuseTLCOptions(args)) },
	})
}

func checkSetup(fs *flag.FlagSet) func(*invocation) int {
	config := fs.String("config", "", "`F.cfg`: TLC configuration file (default: the spec's name with .cfg)")
	workers := new(int)
	*workers = 1
	fs.Func("workers", "`N`: parallel breadth-first workers (1 is deterministic; auto: one per CPU, as TLC's -workers auto); -simulate draws with one (default 1)", func(s string) error {
		if s == "auto" {
			*workers = runtime.NumCPU()
			return nil
		}
		n, err := strconv.Atoi(s)
		if err != nil {
			return fmt.Errorf("expected a number of workers or auto, got %q", s)
		}
		*workers = n
		return nil
	})
	// TLC's -cleanup (remove its states directory) and -noGenerateSpecTE (write no SpecTE module
	// after a violation) ask for what this engine never does: neither writes files unless -dump
	// or -dumpTrace is given. They are accepted so that TLC command lines run unchanged.
	fs.Bool("cleanup", false, "accepted for TLC command lines: no states directory is ever written")
	fs.Bool("noGenerateSpecTE", false, "accepted for TLC command lines: no SpecTE module is ever written")
	noDeadlock := fs.Bool("deadlock", false, "do not check for deadlock (TLC's -deadlock)")
	noWarning := fs.Bool("nowarning", false, "leave out TLC's warnings (TLC's -nowarning); the notes on PROPERTIES not checked are kept")
	diffTrace := fs.Bool("difftrace", false, "print only the variables that changed in each state of a counterexample (TLC's -difftrace)")
	dfs := fs.Bool("dfs", false, "depth-first search down to -depth instead of breadth-first")
	sim := fs.Bool("simulate", false, "random simulation instead of exhaustive search")
	generate := fs.Bool("generate", false, "random simulation generating one random successor per step (TLC's -generate)")
	traceFile := fs.String("tracefile", "", "`F`: with -simulate or -generate, write every behaviour to F_0_N (TLC's -simulate file=F)")
	fs.Func("simoption", "`OPT`: what TLC's -simulate takes besides num= and file= (refused: not supported)", func(s string) error {
		return fmt.Errorf("TLC's -simulate/-generate option %q is not supported (num=N and file=F are)", s)
	})
	depth := fs.Int("depth", 100, "longest behaviour for -dfs, -simulate and -generate (-1: unbounded, for -simulate and -generate); ignored by breadth-first search, as by TLC")
	seed := fs.Int64("seed", 0, "seed of the random source (-simulate's choices, RandomElement, Randomization), as TLC's -seed")
	traces := fs.Int("traces", 100, "number of behaviours for -simulate (-1: until stopped, TLC's default)")
	progress := fs.Duration("progress", 5*time.Second, "interval between progress lines (0 disables them)")
	lncheck := fs.String("lncheck", "default", "`default|final`: check temporal properties also during the search, about once a minute, or only once it is complete (TLC's -lncheck)")
	maxSource := fs.Int("maxsource", syntax.MaxSourceSize>>20, "`MiB`: longest .tla file read (the parser needs up to 15 bytes of memory per byte of a written or generated module, 80 for the densest)")
	lnmem := fs.Int64("lnmem", check.DefaultLiveMemory>>20, "`MB` of the behavior graph recorded for temporal properties kept in memory; the rest goes to a temporary file in $TMPDIR, as TLC keeps it on disk")
	var dump dumpFlag
	fs.Var(&dump, "dump", "`[dot|json] FILE`: write the distinct states (TLC's format), or the state graph in dot or JSON")
	var dumpTrace dumpTraceFlag
	fs.Var(&dumpTrace, "dumpTrace", "`json|tla FILE`: write the counterexample as TLC's -dumpTrace does")
	coverage := fs.Int("coverage", -1, "`MINUTES`: report the states each initial predicate and action generated and found, every MINUTES and at the end (TLC's -coverage; its per-expression counts are not reported)")
	checkpoint := declareTLCNoOps(fs)
	var refused tlcRefusedFlag
	fs.Var(&refused, "tlcrefused", "`NAME`: stands for a TLC option this command refuses (see above)")
	return func(inv *invocation) int {
		stdout := inv.stdout
		*sim = *sim || *generate
		switch {
		case refused.refusal() != "":
			return inv.usageError("%s", refused.refusal())
		case *checkpoint != 0:
			return inv.usageError("-checkpoint %d: no checkpoints are written here (TLC's -checkpoint 0, none, is accepted)", *checkpoint)
		case dump.snapshot:
			return inv.usageError("-dump dot,snapshot is not supported: the graph is written once, when the search ends")
		case *workers < 1:
			return inv.usageError("-workers must be at least 1, got %d", *workers)
		case (*dfs || *sim) && *depth < 1 && !(*depth == -1 && *sim):
			return inv.usageError("-depth must be at least 1 (or -1, unbounded, with -simulate), got %d", *depth)
		case *traces < 1 && *traces != -1:
			return inv.usageError("-traces must be at least 1 (or -1, unbounded), got %d", *traces)
		case *progress < 0:
			return inv.usageError("-progress %v is negative", *progress)
		case *dfs && *sim:
			return inv.usageError("-dfs and -simulate exclude each other")
		// A flag the chosen search does not use is refused rather than silently ignored, but
		// for those TLC takes there: -depth in a breadth-first search, which TLC ignores (only
		// its simulator reads traceDepth), and -workers with -simulate (see below).
		case inv.isSet("workers") && *workers > 1 && *dfs:
			return inv.usageError("-workers applies to breadth-first search and -simulate, not to -dfs")
		case inv.isSet("traces") && !*sim:
			return inv.usageError("-traces applies to -simulate only")
		case *traceFile != "" && !*sim:
			return inv.usageError("-tracefile applies to -simulate only")
		case dump.file != "" && (*dfs || *sim):
			return inv.usageError("-dump needs the default breadth-first search")
		case *lncheck != "default" && *lncheck != "final":
			return inv.usageError("-lncheck is default or final, got %q", *lncheck)
		case inv.isSet("maxsource") && (*maxSource < 1 || *maxSource > 2047):
			return inv.usageError("-maxsource is between 1 and 2047 MiB, got %d", *maxSource)
		case inv.isSet("coverage") && *coverage < 0:
			return inv.usageError("-coverage is a number of minutes, at least 0, got %d", *coverage)
		case inv.isSet("coverage") && (*dfs || *sim):
			return inv.usageError("-coverage applies to the default breadth-first search")
		case *lnmem < 1 || *lnmem > 1<<40:
			return inv.usageError("-lnmem is a number of megabytes from 1 to 2^40, got %d", *lnmem)
		}
		if inv.isSet("maxsource") {
			syntax.MaxSourceSize = *maxSource << 20
		}
		specPath := inv.args[0]
		if !strings.HasSuffix(specPath, ".tla") {
			if _, err := os.Stat(specPath + ".tla"); err == nil {
				specPath += ".tla"
			}
		}
		// The spec is looked for first, so that a mistyped spec name is reported as such rather
		// than as a missing Spec.cfg.
		if st, err := os.Stat(specPath); err != nil || st.IsDir() {
			if err == nil {
				err = fmt.Errorf("%s is a directory", specPath)
			}
			fmt.Fprintf(inv.stderr, "Error: cannot read the spec: %v\n", err)
			return 150
		}
		cfgPath := *config
		// -config A.tla names the model A's configuration, as TLC takes it (tlaplus/tlaplus
		// Github1037, whose test runs -config Github1037.tla beside Github1037.cfg): A.cfg,
		// or without it A.tla's CONFIG block.
		tlaConfig := strings.HasSuffix(cfgPath, ".tla")
		if tlaConfig {
			cfgPath = strings.TrimSuffix(cfgPath, ".tla") + ".cfg"
		}
		if cfgPath == "" {
			cfgPath = strings.TrimSuffix(specPath, ".tla") + ".cfg"
		} else if !filepath.IsAbs(cfgPath) && !fileExists(cfgPath) {
			// Like TLC, which runs in the spec's folder, look for the configuration there too.
			if alt := filepath.Join(filepath.Dir(specPath), cfgPath); fileExists(alt) {
				cfgPath = alt
			}
		}
		var conf *cfg.Config
		var err error
		switch {
		case *config == "" && !fileExists(cfgPath):
			// Without Spec.cfg, a monolithic spec may carry its configuration as a
			// ---- CONFIG Spec ---- block, as TLC accepts it.
			conf, err = embeddedConfig(specPath)
		case tlaConfig && !fileExists(cfgPath):
			tlaPath := *config
			if !filepath.IsAbs(tlaPath) && !fileExists(tlaPath) {
				tlaPath = filepath.Join(filepath.Dir(specPath), tlaPath)
			}
			conf, err = embeddedConfig(tlaPath)
		default:
			conf, err = cfg.ParseFile(cfgPath)
		}
		if err != nil {
			fmt.Fprintf(inv.stderr, "Error: reading the configuration: %v\n", err)
			return 151
		}
		if *sim && *workers > 1 {
			// TLC's simulator runs one SimulationWorker per -workers, each drawing behaviors
			// from its own random source, so which behaviors are drawn, and which violation is
			// found first, depends on the threads' timing. Here one worker draws them all, so a
			// seed gives the same behaviors and report on every run; TLCGet("config").worker
			// is still N, as in TLC.
			fmt.Fprintf(inv.stderr, "Note: -workers %d with -simulate: the behaviors are drawn by one worker here, so that -seed %d gives the same behaviors on every run.\n", *workers, *seed)
		}
		opts := check.Options{Workers: *workers, Depth: *depth, Seed: *seed, Traces: *traces, Print: stdout,
			Generate: *generate, TraceFile: *traceFile}
		if !*dfs && !*sim {
			opts.Depth = 0 // TLC's -depth, ignored by a breadth-first search as by TLC's
		}
		if *progress > 0 {
			opts.Progress = stdout
			opts.ProgressEvery = *progress
		}
		if *lncheck == "final" {
			opts.LiveCheckEvery = -1
		}
		opts.LiveMemory = *lnmem << 20
		if *coverage >= 0 {
			opts.Coverage, opts.CoverageEvery = true, time.Duration(*coverage)*time.Minute
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
		if dump.file != "" {
			f, err := os.Create(dump.path())
			if err != nil {
				return inv.fail(exitUsage, err)
			}
			defer f.Close()
			switch dump.format {
			case "dot":
				opts.Dot = f
			case "json":
				opts.DumpJSON = f
			default:
				opts.DumpStates = f
			}
		}
		collectLessOften()
		if opts.Mode == check.BFS {
			spareProcessor(opts.Workers)
		}
		res, err := check.Check(inv.context(), specPath, conf, opts)
		code := reportCheck(stdout, inv.stderr, res, err, check.ReportOptions{DiffTrace: *diffTrace, NoWarning: *noWarning})
		if dumpTrace.file != "" && len(res.Trace) > 0 {
			if err := writeTraceDump(dumpTrace, res); err != nil {
				fmt.Fprintf(inv.stderr, "Error: -dumpTrace: %v\n", err)
				if code == 0 {
					code = check.ExitError
				}
			}
		}
		return code
	}
}

// embeddedConfig returns the configuration written in the spec's own .tla file as a CONFIG
// block named after the file, or its only CONFIG block.
func embeddedConfig(specPath string) (*cfg.Config, error) {
	src, err := syntax.ReadSource(specPath)
	if err != nil {
		return nil, err
	}
	want := strings.TrimSuffix(filepath.Base(specPath), ".tla")
	missing := fmt.Errorf("there is no %s.cfg, and %s has no CONFIG %s block", strings.TrimSuffix(specPath, ".tla"), specPath, want)
	f, err := syntax.ParseFile(specPath, src)
	if err != nil || len(f.Configs) == 0 {
		return nil, missing
	}
	for _, c := range f.Configs {
		if c.Name == want || len(f.Configs) == 1 {
			return cfg.Parse(specPath, c.Text)
		}
	}
	return nil, missing
}

// exitInterrupted is the exit code of a run stopped by an interrupt (128 + SIGINT, as a shell
// reports it).
const exitInterrupted = 130

// reportCheck prints the outcome of a run and returns the exit code: TLC's report for a finished
// run, the error for one that failed, and for one interrupted the counts reached so far, marked
// as such, since they are no verdict.
func reportCheck(stdout, stderr io.Writer, res check.Result, err error, o check.ReportOptions) int {
	if err != nil {
		var le *check.LoadError
		var so *check.StackOverflowError
		switch {
		case errors.As(err, &le):
			fmt.Fprintf(stderr, "Error: %v\n", err)
			return le.ExitCode()
		case errors.As(err, &so):
			fmt.Fprintf(stderr, "Error: %v\n", err)
			return check.ExitSystem
		case errors.Is(err, context.Canceled):
			fmt.Fprintln(stdout, "Interrupted: the search was stopped before it finished; no verdict. So far:")
			fmt.Fprintf(stdout, "%d states generated, %d distinct states found, %d states left on queue.\n", res.Generated, res.Distinct, res.Left)
			fmt.Fprintf(stdout, "The depth of the state graph search so far is %d.\n", res.Depth)
			return exitInterrupted
		}
		check.WriteErrorReport(stdout, res, err)
		return check.ErrorExitCode(res, err)
	}
	check.WriteReportWith(stdout, res, o)
	fmt.Fprintf(stdout, "Finished in %s.\n", res.Elapsed.Round(time.Millisecond))
	return res.ExitCode()
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// dumpFlag is the value of -dump: the output file, preceded by the format dot or json, which
// is a command-line argument of its own as in TLC's `-dump dot F` (see reorderDumpArgs).
type dumpFlag struct {
	format, file string
	// snapshot is TLC's -dump dot,snapshot (refused); colorize and actionlabels are accepted:
	// edges are always labelled with their action here, and not coloured.
	snapshot bool
}

func (d *dumpFlag) String() string { return d.file }

// path is the file written: like TLC, -dump adds the extension .dump (.dot for dot, .json for
// json) to a name that does not end with it.
func (d *dumpFlag) path() string {
	ext := ".dump"
	if d.format != "" {
		ext = "." + d.format
	}
	if strings.HasSuffix(d.file, ext) {
		return d.file
	}
	return d.file + ext
}

func (d *dumpFlag) Set(s string) error {
	format, file, ok := strings.Cut(s, " ")
	if opts, isDot := strings.CutPrefix(format, "dot,"); ok && isDot {
		// TLC's -dump dot,colorize,actionlabels,snapshot FILE (in any order).
		format = "dot"
		for _, o := range strings.Split(strings.ToLower(opts), ",") {
			switch o {
			case "colorize", "actionlabels":
			case "snapshot":
				d.snapshot = true
			default:
				return fmt.Errorf("-dump dot takes the options colorize, actionlabels and snapshot, not %q", o)
			}
		}
	}
	switch {
	case !ok && s != "" && s != "dot" && s != "json":
		d.format, d.file = "", s
	case ok && (format == "dot" || format == "json") && file != "":
		d.format, d.file = format, file
	default:
		return fmt.Errorf("expected -dump FILE, -dump dot FILE or -dump json FILE, got %q", s)
	}
	return nil
}

// dumpTraceFlag is the value of -dumpTrace: the format json or tla followed by the output file,
// two command-line arguments as in TLC.
type dumpTraceFlag struct{ format, file string }

func (d *dumpTraceFlag) String() string { return d.file }

func (d *dumpTraceFlag) Set(s string) error {
	format, file, ok := strings.Cut(s, " ")
	if !ok || (format != "json" && format != "tla") || file == "" {
		return fmt.Errorf("expected -dumpTrace json FILE or -dumpTrace tla FILE, got %q", s)
	}
	d.format, d.file = format, file
	return nil
}

// writeTraceDump writes res's counterexample to the file of -dumpTrace.
func writeTraceDump(d dumpTraceFlag, res check.Result) error {
	f, err := os.Create(d.file)
	if err != nil {
		return err
	}
	if d.format == "tla" {
		err = check.WriteTraceTLA(f, d.file, res)
	} else {
		err = check.WriteTraceJSON(f, res)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// reorderDumpArgs joins `-dump dot F`, `-dump json F` and `-dumpTrace json F` into the single
// flag values ("dot F") that dumpFlag and dumpTraceFlag parse, and turns the argument TLC takes
// after -simulate or -generate (num=N,file=F, in either order, or one of them) into -traces N
// and -tracefile F. As TLC reads it, the argument is one only when another follows it (the
// spec), and it holds num= or file=.
func reorderDumpArgs(args []string) []string {
	out := make([]string, 0, len(args))
	for i := 0; i < len(args); i++ {
		a := args[i]
		flag := strings.TrimLeft(a, "-")
		if (a == "-"+flag || a == "--"+flag) && (flag == "simulate" || flag == "generate") && i+2 < len(args) &&
			(strings.Contains(args[i+1], "num=") || strings.Contains(args[i+1], "file=")) {
			out = append(out, a)
			for _, sub := range strings.Split(args[i+1], ",") {
				switch {
				case strings.HasPrefix(sub, "num="):
					out = append(out, "-traces", strings.TrimPrefix(sub, "num="))
				case strings.HasPrefix(sub, "file="):
					out = append(out, "-tracefile", strings.TrimPrefix(sub, "file="))
				default:
					out = append(out, "-simoption", sub) // refused by its flag

				}
			}
			i++
			continue
		}
		if (a == "-"+flag || a == "--"+flag) && i+2 < len(args) &&
			(flag == "dump" && (args[i+1] == "dot" || strings.HasPrefix(args[i+1], "dot,") || args[i+1] == "json") ||
				flag == "dumpTrace" && (args[i+1] == "json" || args[i+1] == "tla")) {
			out = append(out, a, args[i+1]+" "+args[i+2])
			i += 2
			continue
		}
		out = append(out, a)
	}
	return out
}
