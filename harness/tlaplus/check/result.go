package check

import (
	"errors"
	"fmt"
	"io"
	"sync/atomic"
	"time"

	"github.com/dsref/dsref/harness/tlaplus/eval"
	"github.com/dsref/dsref/harness/tlaplus/value"
)

// Mode selects how the state space is explored.
type Mode int

const (
	// BFS explores breadth first, so a counterexample is a shortest one. It is TLC's default.
	BFS Mode = iota
	// DFS explores depth first down to Options.Depth; counterexamples need not be shortest.
	DFS
	// Simulate runs Options.Traces random behaviors of at most Options.Depth states each, choosing
	// initial states and successors with a source seeded by Options.Seed.
	Simulate
)

// Options tunes a run. The zero value is TLC's default: breadth-first, one worker, deadlock
// checked as the configuration says.
type Options struct {
	Mode    Mode
	Workers int // parallel workers for BFS; 0 or 1 is the deterministic single-worker mode

	Depth  int   // DFS and simulation: the longest behavior explored (0: 100; simulation: negative is unbounded, TLC's -depth -1)
	Seed   int64 // simulation: seed of the random source
	Traces int   // simulation: number of behaviors (0: 100; negative: unbounded, TLC's default)
	// Generate, with Simulate, is TLC's -generate: each step of a behavior generates one
	// successor, chosen at random while the next-state relation is enumerated, instead of
	// generating every successor and choosing among them (see simulate).
	Generate bool
	// TraceFile, with Simulate, is TLC's -simulate file=F: every behavior is written, once
	// drawn, to F_0_N (N counting the behaviors from 0) as TLC's SimulationWorker writes it.
	TraceFile string

	// Deadlock overrides CHECK_DEADLOCK of the configuration when non-nil.
	Deadlock *bool

	// Out receives TLC-style messages: errors, counterexamples and the closing statistics. Nil
	// discards them; the Result carries the same information.
	Out io.Writer
	// Print receives the output of Print and PrintT in the specification, a line at a time; nil
	// discards it.
	Print io.Writer
	// Progress receives a progress line every ProgressEvery (default 5s) on long runs.
	Progress      io.Writer
	ProgressEvery time.Duration

	// LiveCheckEvery is how often a breadth-first search checks the temporal properties on the
	// states expanded so far, so that a long run reports a counterexample early, as TLC does
	// (see liveSchedule): 0 is DefaultLiveCheckEvery (TLC's minute), a negative value checks them
	// only once the search is complete (TLC's -lncheck final).
	LiveCheckEvery time.Duration
	// LiveMemory is how many bytes of the behavior graph recorded for checking temporal
	// properties are kept in memory (0: DefaultLiveMemory; negative: no limit); past it the
	// graph goes to a temporary file in LiveDir (the system's temporary directory if empty),
	// removed at once, as TLC keeps its behavior graph on disk.
	LiveMemory int64
	LiveDir    string
	// liveChunkWords, when positive, replaces the size of the graph's chunks (tests: many
	// chunks on a small graph).
	liveChunkWords int
	// liveCrossCheck searches every branch of the temporal properties on its own too, and
	// fails on a different verdict (tests).
	liveCrossCheck bool
	// liveNoDerive evaluates every fairness condition instead of taking its values from the
	// successors (tests; see livederive.go).
	liveNoDerive bool

	// Dot, when non-nil, receives the explored state graph in Graphviz dot format (BFS only; meant
	// for small models).
	Dot io.Writer
	// DumpJSON, when non-nil, receives the explored state graph as JSON (BFS only; see
	// writeGraphJSON), and DumpStates every distinct state as TLC's -dump FILE writes them.
	DumpJSON, DumpStates io.Writer

	// Coverage collects TLC's -coverage report of a breadth-first search (see coverage.go):
	// Result.Coverage, and while the search runs a report to Progress every CoverageEvery (TLC's
	// -coverage N, N minutes; 0: with every progress line, as TLC's -coverage 0).
	Coverage      bool
	CoverageEvery time.Duration

	// live, when set, receives the counters of the search, for TLCGet (see runInfo).
	live *atomic.Pointer[counters]
	// timing, when set, accumulates where a breadth-first search's elapsed time goes
	// (benchmarks; see searchTiming).
	timing *searchTiming
}

func (o Options) depthOrDefault() int {
	if o.Depth == 0 {
		return 100
	}
	return o.Depth
}

// modeName is the search's name in TLCGet("config").mode, as TLC names it.
func (o Options) modeName() string {
	switch {
	case o.Mode == Simulate && o.Generate:
		return "generate"
	case o.Mode == Simulate:
		return "simulate"
	}
	return "bfs"
}

func (o Options) tracesOrDefault() int {
	if o.Traces == 0 {
		return 100
	}
	return o.Traces
}

// Verdict is the outcome of a run.
type Verdict int

const (
	// OK: every reachable state was explored (or every simulated behavior ran) without a violation.
	OK Verdict = iota
	// AssumptionFailed: an ASSUME of the specification is false under the configuration.
	AssumptionFailed
	// Deadlock: a reachable state has no successor and deadlock checking is on.
	Deadlock
	// InvariantViolated: a reachable state falsifies an INVARIANT.
	InvariantViolated
	// ActionPropertyViolated: a step falsifies a PROPERTY of the form [][A]_v (including a
	// refinement mapping), or an ACTION_CONSTRAINT-free step violates it.
	ActionPropertyViolated
	// PostconditionFailed: the POSTCONDITION is false after the search.
	PostconditionFailed
	// LivenessViolated: a behavior of the specification violates a temporal PROPERTY; the
	// counterexample is a lasso (Result.Lasso).
	LivenessViolated
	// TemporalSafetyViolated: a finite behavior violates a temporal PROPERTY whatever follows it
	// (such as [](x => [](~x => []~x))), found while searching, as TLC finds some of these (see
	// prefixTracker); the counterexample is that behavior (no Result.Lasso), and TLC reports it
	// with the exit status of an invariant violated.
	TemporalSafetyViolated
)

func (v Verdict) String() string {
	switch v {
	case OK:
		return "ok"
	case AssumptionFailed:
		return "assumption failed"
	case Deadlock:
		return "deadlock"
	case InvariantViolated:
		return "invariant violated"
	case ActionPropertyViolated:
		return "property violated"
	case PostconditionFailed:
		return "postcondition failed"
	case LivenessViolated:
		return "liveness violated"
	case TemporalSafetyViolated:
		return "temporal property violated"
	}
	return fmt.Sprintf("verdict(%d)", int(v))
}

// Exit codes of TLC, which `dsref check` returns too.
const (
	ExitOK         = 0
	ExitAssumption = 10
	ExitDeadlock   = 11
	ExitSafety     = 12
	ExitLiveness   = 13
	ExitAssert     = 14 // a false Assert computing successors (TLC's VIOLATION_ASSERT; see ErrorExitCode)
	ExitError      = 75 // a semantic or evaluation error in the model (TLC uses 75 for these too)
	ExitInvariant  = 76 // an invariant of a successor failed to evaluate, or is not a state predicate (TLC's FAILURE_SAFETY_EVAL)
	// ExitSpecParse and ExitConfigParse are TLC's ERROR_SPEC_PARSE and ERROR_CONFIG_PARSE, the
	// exit statuses of a LoadError (LoadError.ExitCode).
	ExitSpecParse   = 150
	ExitConfigParse = 151
	// ExitSystem is TLC's EC.ExitStatus.ERROR, with which TLC.process exits after a
	// StackOverflowError (EC.SYSTEM_STACK_OVERFLOW) outside the search's own error handling.
	ExitSystem = 255
	// ExitNotChecked is returned instead of ExitOK when no error was found but a PROPERTY was
	// not checked (a temporal property in a depth-first search or a simulation, which check
	// safety only): TLC has no such outcome, and exiting 0 would tell a script the property
	// holds.
	ExitNotChecked = 3
)

// ExitCode returns TLC's exit code for the verdict, as TLC's EC.ExitStatus.errorConstantToExitStatus
// maps its messages: a PROPERTY violated, be it by a step ([][A]_v,
// TLC_ACTION_PROPERTY_VIOLATED_BEHAVIOR), by an initial state (TLC_PROPERTY_VIOLATED_INITIAL) or
// by a behavior (TLC_TEMPORAL_PROPERTY_VIOLATED), is VIOLATION_LIVENESS (13); an INVARIANT
// violated is VIOLATION_SAFETY (12), and so is a temporal PROPERTY violated by a finite behavior
// found while searching, which TLC ends as an invariant violation
// (LiveCheck.printErrorTrace: setErrState(..., TLC_INVARIANT_VIOLATED_BEHAVIOR)).
func (v Verdict) ExitCode() int {
	switch v {
	case OK:
		return ExitOK
	case AssumptionFailed:
		return ExitAssumption
	case Deadlock:
		return ExitDeadlock
	case LivenessViolated, ActionPropertyViolated:
		return ExitLiveness
	}
	return ExitSafety
}

// ErrorExitCode returns TLC's exit code for a run that stopped with err, ExitError but for three
// errors of a breadth-first search. A false Assert met computing the successors of a state is
// ExitAssert: TLC's ModelChecker.doNextFailed takes the code of an EvalException thrown by
// Tool.getNextStates as the run's (ec = ((EvalException) e).getErrorCode(), here
// EC.TLC_VALUE_ASSERT_FAILED, which EC.ExitStatus.errorConstantToExitStatus maps to
// VIOLATION_ASSERT), as TLC's test Github461 expects. An INVARIANT that fails to evaluate on a
// successor is ExitInvariant: ModelChecker.doNextCheckInvariants reports it with
// doNextEvalFailed(..., EC.TLC_INVARIANT_EVALUATION_FAILED, ...), FAILURE_SAFETY_EVAL. A step
// property ([][A]_v in a PROPERTY) that fails to evaluate on a step is ExitLiveness:
// ModelChecker.doNextCheckImplied reports it as EC.TLC_ACTION_PROPERTY_EVALUATION_FAILED, which
// errorConstantToExitStatus maps to VIOLATION_LIVENESS. A false Assert anywhere else, and an
// invariant or property failing on an initial state, keep ExitError: in the initial predicate,
// in a constraint (TLC's would give 14 as well; this engine does not tell it apart from the
// other checks of a successor), in a depth-first search or a simulation.
func ErrorExitCode(res Result, err error) int {
	var ee *EvalError
	if res.Mode != BFS || !errors.As(err, &ee) {
		return ExitError
	}
	var ae *eval.AssertionError
	if !ee.Checking && len(ee.Trace) > 0 && errors.As(ee.Err, &ae) && ae.Second != nil {
		return ExitAssert
	}
	var inv *invariantFailed
	if ee.Checking && errors.As(ee.Err, &inv) {
		return ExitInvariant
	}
	var sp *stepPropertyFailed
	if ee.Checking && errors.As(ee.Err, &sp) {
		return ExitLiveness
	}
	return ExitError
}

// Step is one state of a counterexample.
type Step struct {
	// Action names the action that produced the state: "Initial predicate" for the first one, the
	// name of the sub-action of Next otherwise.
	Action string
	// Where is the source position of that action ("line 12, col 5 of module M"); empty for the
	// initial predicate.
	Where string
	// Params names the parameters of the definition the action applies and Args their values,
	// when TLC records them (TLC's Action.getParameters: the action was split out of the
	// next-state relation with constant arguments); nil otherwise.
	Params []string
	Args   []value.Value
	Vars   []string
	State  []value.Value
}

// Result reports a run.
type Result struct {
	Verdict Verdict
	// Violated names the failed invariant, property, assumption or postcondition.
	Violated string
	// AssumptionError is the error evaluating the assumption Violated names failed with, if it
	// failed with one instead of being false.
	AssumptionError string
	// Trace is the counterexample, first state first; for BFS it is a shortest one. For a
	// liveness violation it is the stem and cycle of a lasso, whose loop is Lasso.
	Trace []Step
	// Lasso says how a liveness counterexample goes on after its last state.
	Lasso *Lasso
	// Temporal reports the check of the temporal PROPERTIES, when there were some and the
	// search explored the whole state graph, or when a check during the search (see
	// Options.LiveCheckEvery) found a counterexample (Partial).
	Temporal *TemporalCheck

	Generated int64 // states generated, counted as TLC counts them
	Distinct  int64 // distinct states found (stored in the fingerprint set)
	Left      int64 // states left on the queue when the run stopped
	Depth     int   // depth of the state graph search: the level of the deepest state found

	// Mode is the search that produced the result.
	Mode Mode

	// NotChecked lists PROPERTIES the checker did not verify (the temporal ones, in a search
	// other than breadth-first), reported loudly.
	NotChecked []string
	// NotCheckedWhy says why each of NotChecked was not checked.
	NotCheckedWhy map[string]string
	// Postcondition, after a violation, is what evaluating the POSTCONDITION found when it was
	// false or failed to evaluate (TLC evaluates it with the counterexample and prints the
	// outcome; the verdict stays the violation's). Empty when it held or there is none.
	Postcondition string
	// Warnings are what loading the model found questionable but went on with, as TLC warns.
	Warnings []string
	// Coverage is the -coverage report's lines (Options.Coverage), printed by WriteCoverage.
	Coverage []string
	Elapsed  time.Duration
}

// ExitCode is TLC's exit code for the run, except that a run without error that left a PROPERTY
// unchecked exits with ExitNotChecked rather than ExitOK.
func (r Result) ExitCode() int {
	if r.Verdict == OK && len(r.NotChecked) > 0 {
		return ExitNotChecked
	}
	return r.Verdict.ExitCode()
}

// Lasso is the loop of a liveness counterexample: after the last state of Result.Trace the
// behavior either stutters for ever (Stuttering) or takes the step Action (at Where) back to
// state BackTo (counted from 1) and repeats the states from there, for ever.
type Lasso struct {
	Stuttering bool
	BackTo     int
	Action     string
	Where      string
	// Params and Args are the loop's action's parameters and their values (see Step).
	Params []string
	Args   []value.Value
	// Warning, if set, says why the counterexample may be spurious (found under SYMMETRY), or,
	// as TLC warns, that a stuttering counterexample may come from missing fairness.
	Warning string
	// Hint: Warning is TLC's warning on a stuttering counterexample
	// (TLC_CONFIG_NO_SPEC_BUT_PROPERTY, TLC_CONFIG_NO_FAIRNESS_BUT_LIVE_PROPERTY), which TLC's
	// -nowarning leaves out, not the note that the counterexample may be spurious.
	Hint bool
}

// TemporalCheck reports a check of temporal properties: which PROPERTIES, into how many branches
// their negation with the fairness conditions split (TLC's "satisfiability problem has N
// branches"), on how many states, and how long it took after the search. Partial says the check
// was one made during the search, on the States expanded so far (TLC's "current state space").
type TemporalCheck struct {
	Properties []string
	Branches   int
	States     int64
	Elapsed    time.Duration
	// CPU is the process's CPU time (user and system) during the check, 0 where unknown: the
	// search is over, or paused at the end of a level for a check during it, so it is the
	// check's own, all its goroutines together.
	CPU     time.Duration
	Partial bool
	// Spilled is how many bytes of the behavior graph went to a file (see Options.LiveMemory).
	Spilled int64
}
