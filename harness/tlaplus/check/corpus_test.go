package check

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dsref/dsref/harness/tlaplus/cfg"
	"github.com/stretchr/testify/require"
)

// corpusCase is a model of testdata/corpus with its outcome worked out by hand; the reasoning is
// in the comment at the top of each spec.
type corpusCase struct {
	config    string
	spec      string
	verdict   Verdict
	violated  string
	generated int64
	distinct  int64
	depth     int
	left      int64
	trace     []string // "Action: /\ var = value ..." per state, when a counterexample is expected
	// notChecked lists the PROPERTIES not checked (none in a breadth-first search).
	notChecked []string
	// lasso is how a liveness counterexample loops: "stuttering" or "back to N".
	lasso string
}

var corpus = []corpusCase{
	{config: "HourClock.cfg", spec: "HourClock.tla", generated: 24, distinct: 12, depth: 1},
	{config: "DotLabels.cfg", spec: "DotLabels.tla", generated: 3, distinct: 2, depth: 2},
	{config: "Fair.cfg", spec: "Fair.tla", generated: 4, distinct: 4, depth: 4},
	{config: "FairInvariant.cfg", spec: "Fair.tla", verdict: InvariantViolated, violated: "Below4",
		generated: 3, distinct: 3, depth: 3,
		trace: []string{"Initial predicate: x = 0 w = alice", "Next: x = 2 w = alice", "Next: x = 4 w = alice"}},
	{config: "Counter.cfg", spec: "Counter.tla", generated: 4, distinct: 3, depth: 3},
	// TLC's published numbers for DieHard are 97 generated, 16 distinct, depth 8; the BFS levels
	// are {00} {30 05} {35 03 32} {33 02} {15 20} {10 25} {01 34} {31 04}.
	{config: "DieHard.cfg", spec: "DieHard.tla", generated: 97, distinct: 16, depth: 8},
	// The violation is found expanding (2,5), the last state of level 6: 11 states were expanded
	// before it (6 successors each), and its sixth action BigToSmall reaches (3,4): generated
	// 1 + 66 + 6 = 73; distinct 12 up to level 6, plus (0,1) and (3,4); (0,1) is queued, (3,4)
	// is not (TLC queues a new state only once its invariants hold), and the deepest state
	// found is on level 7.
	{config: "DieHardSolve.cfg", spec: "DieHard.tla", verdict: InvariantViolated, violated: "NotSolved",
		generated: 73, distinct: 14, depth: 7, left: 1,
		trace: []string{"Initial predicate: small = 0 big = 0", "FillBig: small = 0 big = 5", "BigToSmall: small = 3 big = 2",
			"EmptySmall: small = 0 big = 2", "BigToSmall: small = 2 big = 0", "FillBig: small = 2 big = 5", "BigToSmall: small = 3 big = 4"}},
	{config: "CounterAction.cfg", spec: "Counter.tla", generated: 3, distinct: 2, depth: 2},
	{config: "CounterInvariant.cfg", spec: "Counter.tla", verdict: InvariantViolated, violated: "Small",
		generated: 4, distinct: 3, depth: 3,
		trace: []string{"Initial predicate: x = 0", "Inc: x = 1", "Inc: x = 2", "Inc: x = 3"}},
	{config: "Stop.cfg", spec: "Stop.tla", verdict: Deadlock, generated: 3, distinct: 3, depth: 3,
		trace: []string{"Initial predicate: x = 0", "Inc: x = 1", "Inc: x = 2"}},
	{config: "StopNoDeadlock.cfg", spec: "Stop.tla", generated: 3, distinct: 3, depth: 3},
	{config: "Jumps.cfg", spec: "Jumps.tla", verdict: InvariantViolated, violated: "NotFour",
		generated: 5, distinct: 5, depth: 3, left: 2,
		trace: []string{"Initial predicate: n = 0", "Plus1: n = 1", "Plus3: n = 4"}},
	{config: "Bits.cfg", spec: "Bits.tla", generated: 21, distinct: 4, depth: 3},
	{config: "Team.cfg", spec: "Team.tla", generated: 13, distinct: 8, depth: 4},
	{config: "TeamSymmetry.cfg", spec: "Team.tla", generated: 7, distinct: 4, depth: 4},
	{config: "Ticker.cfg", spec: "Ticker.tla", generated: 4, distinct: 3, depth: 3},
	{config: "TickerAlias.cfg", spec: "Ticker.tla", verdict: InvariantViolated, violated: "FewSteps",
		generated: 3, distinct: 3, depth: 3,
		// The ALIAS's fields in the order written, [now |-> x, later |-> x'], as TLC prints them.
		trace: []string{"Initial predicate: now = 0 later = 1", "Next: now = 1 later = 2", "Next: now = 2 later = 2"}},
	{config: "TickerPost.cfg", spec: "Ticker.tla", generated: 4, distinct: 3, depth: 3},
	{config: "TickerPostBad.cfg", spec: "Ticker.tla", verdict: PostconditionFailed, violated: "PostBad", generated: 4, distinct: 3, depth: 3},
	{config: "Levels.cfg", spec: "Levels.tla", generated: 4, distinct: 3, depth: 3},
	{config: "CounterSubst.cfg", spec: "Counter.tla", generated: 4, distinct: 3, depth: 3},
	{config: "Cycle.cfg", spec: "Cycle.tla", generated: 5, distinct: 4, depth: 4},
	{config: "CycleBad.cfg", spec: "Cycle.tla", verdict: ActionPropertyViolated, violated: "line 7, col 17 to line 7, col 26 of module Parity",
		generated: 3, distinct: 3, depth: 3,
		trace: []string{"Initial predicate: n = 0", "Next: n = 1", "Next: n = 2"}},
	{config: "CycleInitBad.cfg", spec: "Cycle.tla", verdict: ActionPropertyViolated, violated: "StartsAtOne",
		generated: 1, distinct: 1, depth: 1, left: 1, trace: []string{"Initial predicate: n = 0"}},
	// Spec has no fairness: the behavior that stays at n = 0 for ever (stuttering) never has
	// n = 1, and is the counterexample nearest the initial state.
	{config: "CycleLive.cfg", spec: "Cycle.tla", verdict: LivenessViolated, violated: "Live", generated: 5, distinct: 4, depth: 4,
		trace: []string{"Initial predicate: n = 0"}, lasso: "stuttering"},
	// Temporal properties violated by a finite behavior, found while searching (see Flip.tla and
	// Climb.tla): the search stops, and the behavior has no loop.
	{config: "Flip.cfg", spec: "Flip.tla", verdict: TemporalSafetyViolated, violated: "Once", generated: 5, distinct: 2, depth: 2,
		trace: []string{"Initial predicate: b = FALSE", "Next: b = TRUE", "Next: b = FALSE", "Next: b = TRUE"}},
	{config: "FlipTwice.cfg", spec: "Flip.tla", verdict: TemporalSafetyViolated, violated: "Twice", generated: 5, distinct: 2, depth: 2,
		trace: []string{"Initial predicate: b = FALSE", "Next: b = TRUE", "Next: b = FALSE", "Next: b = TRUE", "Next: b = FALSE", "Next: b = TRUE"}},
	{config: "Climb.cfg", spec: "Climb.tla", verdict: TemporalSafetyViolated, violated: "Above", generated: 3, distinct: 3, depth: 3, left: 1,
		trace: []string{"Initial predicate: x = 1", "Next: x = 2"}},
	{config: "Assume.cfg", spec: "Assume.tla", verdict: AssumptionFailed, violated: "line 5, col 8 to line 5, col 12 of module Assume"},
	{config: "CarryX.cfg", spec: "Carry.tla", verdict: InvariantViolated, violated: "XSmall",
		generated: 8, distinct: 7, depth: 4, left: 2,
		trace: []string{"Initial predicate: x = 0 y = 0", "XStep: x = 1 y = 0", "XStep: x = 2 y = 0", "XStep: x = 3 y = 0"}},
	{config: "CarryY.cfg", spec: "Carry.tla", verdict: InvariantViolated, violated: "YSmall",
		generated: 7, distinct: 6, depth: 3, left: 2,
		trace: []string{"Initial predicate: x = 0 y = 0", "YStep: x = 0 y = 1", "YStep: x = 0 y = 2"}},
	{config: "CarryLevel.cfg", spec: "Carry.tla", verdict: InvariantViolated, violated: "LevelLow",
		generated: 8, distinct: 7, depth: 4, left: 2,
		trace: []string{"Initial predicate: x = 0 y = 0", "XStep: x = 1 y = 0", "XStep: x = 2 y = 0", "XStep: x = 3 y = 0"}},
	// x = 0 has the successors x = 1 (Up) and x = -1 (Fall), both stored (distinct); the second
	// violates NotNegative and is not queued, as TLC's ModelChecker.doNext queues a new state
	// only after its invariants and step properties hold.
	{config: "Fork.cfg", spec: "Fork.tla", verdict: InvariantViolated, violated: "NotNegative",
		generated: 3, distinct: 3, depth: 2, left: 1, trace: []string{"Initial predicate: x = 0", "Fall: x = -1"}},
	{config: "InitBad.cfg", spec: "InitBad.tla", verdict: InvariantViolated, violated: "Positive",
		generated: 1, distinct: 1, depth: 1, left: 1, trace: []string{"Initial predicate: x = 0"}},
	// Subexpression names (see the spec's comment): 2 is left on the queue when 3 fails (3 is
	// stored, not queued).
	{config: "Selectors.cfg", spec: "Selectors.tla", generated: 15, distinct: 5, depth: 3},
	{config: "SelectorsBad.cfg", spec: "Selectors.tla", verdict: InvariantViolated, violated: "Below3",
		generated: 9, distinct: 4, depth: 3, left: 1,
		trace: []string{"Initial predicate: x = 0", "Next: x = 1", "Next: x = 3"}},
}

func runCorpus(t *testing.T, c corpusCase, opts Options) Result {
	t.Helper()
	dir := filepath.Join("testdata", "corpus")
	conf, err := cfg.ParseFile(filepath.Join(dir, c.config))
	require.NoError(t, err)
	res, err := Check(context.Background(), filepath.Join(dir, c.spec), conf, opts)
	require.NoError(t, err)
	return res
}

func traceLines(res Result) []string {
	var out []string
	for _, st := range res.Trace {
		line := st.Action + ":"
		for i, v := range st.Vars {
			line += " " + v + " = " + st.State[i].String()
		}
		out = append(out, line)
	}
	return out
}

// TestCorpus checks every corpus model against its hand-counted outcome with one worker (TLC's
// deterministic order, so the counts at a violation are exact too) and the exhaustive runs again
// with two workers.
func TestCorpus(t *testing.T) {
	for _, c := range corpus {
		t.Run(c.config, func(t *testing.T) {
			res := runCorpus(t, c, Options{})
			require.Equal(t, c.verdict, res.Verdict)
			require.Equal(t, c.violated, res.Violated)
			require.Equal(t, c.generated, res.Generated, "states generated")
			require.Equal(t, c.distinct, res.Distinct, "distinct states")
			require.Equal(t, c.depth, res.Depth, "depth")
			require.Equal(t, c.left, res.Left, "left on queue")
			if c.trace != nil {
				require.Equal(t, c.trace, traceLines(res))
			}
			require.Equal(t, c.notChecked, res.NotChecked, "PROPERTIES not checked")
			require.Equal(t, c.lasso, lassoText(res.Lasso))
			if c.verdict == OK {
				par := runCorpus(t, c, Options{Workers: 2})
				require.Equal(t, [3]int64{c.generated, c.distinct, int64(c.depth)}, [3]int64{par.Generated, par.Distinct, int64(par.Depth)})
			}
		})
	}
}

func lassoText(l *Lasso) string {
	switch {
	case l == nil:
		return ""
	case l.Stuttering:
		return "stuttering"
	}
	return fmt.Sprintf("back to %d: %s", l.BackTo, l.Action)
}

// TestTemporalPropertiesNotCheckedOutsideBFS: depth-first search and simulation check safety
// only; a temporal property is then reported as not checked, never as passed.
func TestTemporalPropertiesNotCheckedOutsideBFS(t *testing.T) {
	for _, opts := range []Options{{Mode: DFS, Depth: 10}, {Mode: Simulate, Depth: 10, Traces: 5}} {
		res := runCorpus(t, corpusCase{config: "CycleLive.cfg", spec: "Cycle.tla"}, opts)
		require.Equal(t, []string{"Live"}, res.NotChecked)
		var out bytes.Buffer
		WriteReport(&out, res)
		require.Contains(t, out.String(), "Warning: PROPERTY Live is a temporal property; it was NOT checked: only a breadth-first search checks temporal properties.")
		require.True(t, strings.HasSuffix(out.String(), "Warning: PROPERTY Live NOT checked; exit code 3, not 0.\n"), out.String())
		// No error was found, but the run is not a pass: the exit code says so, and a manifest
		// entry recording it as "ok" does not match.
		require.Equal(t, OK, res.Verdict)
		require.Equal(t, ExitNotChecked, res.ExitCode())
		e := ManifestEntry{Config: "CycleLive.cfg", Verdict: "ok", Generated: res.Generated, Distinct: res.Distinct, Depth: res.Depth}
		err := e.Compare(res)
		require.ErrorContains(t, err, "PROPERTY Live not checked (liveness)")
		res.NotChecked = nil
		require.NoError(t, e.Compare(res), "the same entry matches once nothing is left unchecked")
		require.Equal(t, ExitOK, res.ExitCode())
	}
	// A violation keeps its own exit code.
	res := runCorpus(t, corpusCase{config: "CycleLive.cfg", spec: "Cycle.tla"}, Options{})
	require.Equal(t, ExitLiveness, res.ExitCode())
}

func TestCorpusDFSAndSimulation(t *testing.T) {
	res := runCorpus(t, corpusCase{config: "Bits.cfg", spec: "Bits.tla"}, Options{Mode: DFS, Depth: 10})
	require.Equal(t, OK, res.Verdict)
	require.Equal(t, int64(4), res.Distinct)

	res = runCorpus(t, corpusCase{config: "Stop.cfg", spec: "Stop.tla"}, Options{Mode: Simulate, Depth: 10, Traces: 3, Seed: 1})
	require.Equal(t, Deadlock, res.Verdict)
	require.Equal(t, []string{"Initial predicate: x = 0", "Inc: x = 1", "Inc: x = 2"}, traceLines(res))

	res = runCorpus(t, corpusCase{config: "Jumps.cfg", spec: "Jumps.tla"}, Options{Mode: Simulate, Depth: 50, Traces: 50, Seed: 3})
	require.Equal(t, InvariantViolated, res.Verdict)
	require.Equal(t, "n = 4", strings.SplitN(traceLines(res)[len(res.Trace)-1], ": ", 2)[1])
}

func TestLoadErrors(t *testing.T) {
	dir := filepath.Join("testdata", "corpus")
	cases := []struct{ cfg, spec, want string }{
		{"CONSTANT Limit = 3 INIT Init NEXT Nope", "Counter.tla", "NEXT Nope is not defined"},
		{"INIT Init NEXT Next INVARIANT Missing", "Stop.tla", "INVARIANT Missing is not defined"},
		{"INIT Init NEXT Next", "Counter.tla", "gives no value to constant(s) Limit"},
		{"CONSTANT Limit = [Other] 3 INIT Init NEXT Next", "Counter.tla", "inline.cfg:1:10: the configuration entry Limit = [Other] 3 names module Other, which module Counter neither extends nor instantiates"},
		{"CONSTANT Mod = 3 SPECIFICATION Init", "Cycle.tla", "has no [][Next]_vars conjunct"},
		{"CONSTANT Procs = {p1, p2} INIT Init NEXT Next SYMMETRY Procs", "Team.tla", "not a permutation"},
	}
	for _, c := range cases {
		conf, err := cfg.Parse("inline.cfg", c.cfg)
		require.NoError(t, err)
		_, err = Check(context.Background(), filepath.Join(dir, c.spec), conf, Options{})
		require.Error(t, err, c.cfg)
		require.Contains(t, err.Error(), c.want)
		var le *LoadError
		require.ErrorAs(t, err, &le)
	}
}

// TestLevelErrors checks that a configuration naming a formula of the wrong level is refused when
// the model loads, at the configuration's line, as TLC refuses it at startup.
func TestLevelErrors(t *testing.T) {
	spec := filepath.Join("testdata", "corpus", "WrongLevel.tla")
	cases := []struct{ cfg, want string }{
		{"INIT Next NEXT Next", "inline.cfg:1:6: INIT Next is an action-level (primed) formula (defined at "},
		{"INIT Init NEXT Always", "inline.cfg:1:16: NEXT Always is a temporal formula"},
		{"INIT Init NEXT Next INVARIANT Step", "inline.cfg:1:31: INVARIANT Step is an action-level (primed) formula"},
		{"INIT Init NEXT Next INVARIANTS Small Always", "inline.cfg:1:38: INVARIANT Always is a temporal formula"},
		{"INIT Init NEXT Next CONSTRAINT Step", "CONSTRAINT Step is an action-level (primed) formula"},
		{"INIT Init NEXT Next ACTION_CONSTRAINT Always", "ACTION_CONSTRAINT Always is a temporal formula"},
		{"INIT Init NEXT Next VIEW Step", "VIEW Step is an action-level (primed) formula"},
		{"INIT Init NEXT Next SYMMETRY Small", "SYMMETRY Small is a state-level formula (defined at "},
		{"INIT Init NEXT Next POSTCONDITION Small", "POSTCONDITION Small is a state-level formula"},
		// TLC's processConfigProps: Step is of level 2, neither a state predicate (an implied
		// initial predicate) nor temporal: EC.TLC_CONFIG_PROPERTY_NOT_CORRECTLY_DEFINED.
		{"INIT Init NEXT Next PROPERTY Step", "inline.cfg:1:30: PROPERTY Step: The property Step is not correctly defined."},
		{"INIT Init NEXT Next INVARIANT Below", "inline.cfg:1:31: INVARIANT Below is an operator with 1 parameter(s)"},
		// TLC's processConfigSpec: Next's body splits into x < 2 (an initial predicate) and
		// x' = x + 1, an action, where it stops with TLC_CANT_HANDLE_CONJUNCT and the location.
		{"SPECIFICATION Unboxed", "inline.cfg:1:15: SPECIFICATION Unboxed: TLC cannot handle this conjunct of the spec:\nline 9, col 18 to line 9, col 27 of module WrongLevel"},
	}
	for _, c := range cases {
		conf, err := cfg.Parse("inline.cfg", c.cfg)
		require.NoError(t, err)
		_, err = Check(context.Background(), spec, conf, Options{})
		require.Error(t, err, c.cfg)
		require.Contains(t, err.Error(), c.want, c.cfg)
		var le *LoadError
		require.ErrorAs(t, err, &le, c.cfg)
	}
	// The same definitions where they belong load and check: x = 0, 1, 2 (generated 1 + 2 = 3).
	conf, err := cfg.Parse("inline.cfg", "INIT Init NEXT Next INVARIANT Small ACTION_CONSTRAINT Step PROPERTY Always CHECK_DEADLOCK FALSE")
	require.NoError(t, err)
	res, err := Check(context.Background(), spec, conf, Options{})
	require.NoError(t, err)
	require.Equal(t, [4]int64{int64(OK), 3, 3, 3}, [4]int64{int64(res.Verdict), res.Generated, res.Distinct, int64(res.Depth)})
}

func TestPrintReachesOptionsPrint(t *testing.T) {
	var printed bytes.Buffer
	res := runCorpus(t, corpusCase{config: "Printer.cfg", spec: "Printer.tla"}, Options{Print: &printed})
	require.Equal(t, OK, res.Verdict)
	require.Equal(t, int64(1), res.Distinct)
	require.Equal(t, "<<\"init\", 7>>\n", printed.String())
}

func TestModuleScopedConstantOfRootModule(t *testing.T) {
	conf, err := cfg.Parse("scoped.cfg", "CONSTANT Limit = [Counter] 3 INIT Init NEXT Next CONSTRAINT Bound")
	require.NoError(t, err)
	res, err := Check(context.Background(), filepath.Join("testdata", "corpus", "Counter.tla"), conf, Options{})
	require.NoError(t, err)
	require.Equal(t, [3]int64{4, 3, 3}, [3]int64{res.Generated, res.Distinct, int64(res.Depth)})
}

func TestEvaluationErrors(t *testing.T) {
	cases := []struct{ spec, want string }{
		{"BadInit", "BadInit.tla:5:9: the variable x is read before it is assigned a value"},
		{"BadOrder", "BadOrder.tla:6:14: in action Next, x' is read before the action assigns it"},
		{"Incomplete", "successor state is not completely specified by action Next: variable y is not assigned"},
	}
	for _, c := range cases {
		res, err := func() (Result, error) {
			conf, err := cfg.ParseFile(filepath.Join("testdata", "corpus", c.spec+".cfg"))
			require.NoError(t, err)
			return Check(context.Background(), filepath.Join("testdata", "corpus", c.spec+".tla"), conf, Options{})
		}()
		require.Error(t, err, c.spec)
		require.Contains(t, err.Error(), c.want)
		var ee *EvalError
		if c.spec != "BadInit" {
			require.ErrorAs(t, err, &ee)
			require.Len(t, ee.Trace, 1, "the trace leads to the state being expanded")
		}
		require.Equal(t, OK, res.Verdict)
	}
}

// TestAliasErrors checks that an ALIAS that is not a record, or fails to evaluate, is an error
// naming it rather than silently printing the variables; the Result still has the verdict.
func TestAliasErrors(t *testing.T) {
	cases := []struct{ config, want string }{
		{"TickerAliasBad.cfg", "ALIAS FewSteps must be a record, but on state 1 of the counterexample it is TRUE"},
		{"TickerAliasFails.cfg", "evaluating ALIAS Broken on state 1 of the counterexample: "},
	}
	for _, c := range cases {
		conf, err := cfg.ParseFile(filepath.Join("testdata", "corpus", c.config))
		require.NoError(t, err)
		res, err := Check(context.Background(), filepath.Join("testdata", "corpus", "Ticker.tla"), conf, Options{})
		require.ErrorContains(t, err, c.want, c.config)
		require.Equal(t, InvariantViolated, res.Verdict, c.config)
		require.Equal(t, []string{"Initial predicate: x = 0 c = 0", "Next: x = 1 c = 1", "Next: x = 2 c = 2"}, traceLines(res), c.config)
	}
}

// TestReportStopsBeforeSearchAsTLC: a run that ends before its search (a false ASSUME, an initial
// state violating an invariant or a PROPERTY) reports no statistics, as TLC's modelCheckImpl
// returns from checkAssumptions or doInit without its summary; a later violation reports them.
func TestReportStopsBeforeSearchAsTLC(t *testing.T) {
	for _, c := range []struct {
		config, spec string
		stats        bool
	}{
		{"Assume.cfg", "Assume.tla", false},
		{"CycleInitBad.cfg", "Cycle.tla", false},
		{"Jumps.cfg", "Jumps.tla", true},
		{"CycleBad.cfg", "Cycle.tla", true},
	} {
		for _, mode := range []Mode{BFS, DFS} {
			res := runCorpus(t, corpusCase{config: c.config, spec: c.spec}, Options{Mode: mode, Depth: 10})
			require.NotEqual(t, OK, res.Verdict, c.config)
			var out bytes.Buffer
			WriteReport(&out, res)
			require.Equal(t, c.stats, strings.Contains(out.String(), "states generated"), "%s %v:\n%s", c.config, mode, out.String())
			require.Equal(t, c.stats, strings.Contains(out.String(), "The depth of the complete state graph search is"), "%s %v", c.config, mode)
		}
	}
}

// TestDiffTrace: with -difftrace (ReportOptions.DiffTrace) each state after the first shows only
// the variables that changed, as TLC's TLCStateMut.toString(lastState); in a simulated behavior
// a state equal to the one before is left out and counted in TLC's note.
func TestDiffTrace(t *testing.T) {
	res := runCorpus(t, corpusCase{config: "DieHardSolve.cfg", spec: "DieHard.tla"}, Options{})
	require.Equal(t, InvariantViolated, res.Verdict)
	var out bytes.Buffer
	WriteReportWith(&out, res, ReportOptions{DiffTrace: true})
	text := out.String()
	// DieHard's shortest solution: fill big (only big changes), pour big into small (both), empty
	// small (only small), ...
	require.Contains(t, text, "State 1: <Initial predicate>\n/\\ small = 0\n/\\ big = 0\n\n")
	require.Regexp(t, `State 2: <FillBig [^>]*>\n/\\ big = 5\n\nState 3: <BigToSmall [^>]*>\n/\\ small = 3\n/\\ big = 2\n\nState 4: <EmptySmall [^>]*>\n/\\ small = 0\n\n`, text)
	out.Reset()
	WriteReport(&out, res)
	require.Regexp(t, `State 2: <FillBig [^>]*>\n/\\ small = 0\n/\\ big = 5\n\n`, out.String(), "without DiffTrace every variable is printed")

	// A simulated behavior 0, 0, 1, 1, 1, 2 of one variable: states 2, 4 and 5 repeat the one
	// before and are left out; the others keep their numbers.
	step := func(action string, n int64) Step {
		return Step{Action: action, Vars: []string{"n"}, State: st(n)}
	}
	sim := Result{Verdict: InvariantViolated, Violated: "Small", Mode: Simulate, Trace: []Step{
		step("Initial predicate", 0), step("Stay", 0), step("Up", 1), step("Stay", 1), step("Stay", 1), step("Up", 2)}}
	out.Reset()
	WriteReportWith(&out, sim, ReportOptions{DiffTrace: true})
	require.Contains(t, out.String(), "Error: The behavior up to this point is:\nState 1: <Initial predicate>\nn = 0\n\nState 3: <Up>\nn = 1\n\nState 6: <Up>\nn = 2\n\n"+
		"difftrace requested: Shortened behavior by omitting finite stuttering (3 states), which is an artifact of simulation mode.\n\n")
}

// TestErrorCheckingSuccessor: an error evaluating a successor's CONSTRAINT or invariant comes with
// the behavior up to that successor, as TLC's doNextFailed and doNextEvalFailed print the trace
// to curState and succState; x = 2 is the successor of x = 1 on which both fail. In both searches
// the error is marked as one checking the last state.
func TestErrorCheckingSuccessor(t *testing.T) {
	dir := t.TempDir()
	spec := filepath.Join(dir, "Climb.tla")
	require.NoError(t, os.WriteFile(spec, []byte("---- MODULE Climb ----\nEXTENDS Naturals\nVARIABLE x\n"+
		"Init == x = 0\nNext == x < 5 /\\ x' = x + 1\nOdd == IF x = 2 THEN x + \"a\" > 0 ELSE TRUE\n====\n"), 0o644))
	for _, text := range []string{"INIT Init NEXT Next CONSTRAINT Odd", "INIT Init NEXT Next INVARIANT Odd"} {
		for _, opts := range []Options{{}, {Mode: DFS, Depth: 5}} {
			conf, err := cfg.Parse("climb.cfg", text)
			require.NoError(t, err)
			_, err = Check(context.Background(), spec, conf, opts)
			var ee *EvalError
			require.ErrorAs(t, err, &ee, text)
			var got []string
			for _, st := range ee.Trace {
				got = append(got, st.State[0].String())
			}
			require.Equal(t, []string{"0", "1", "2"}, got, "%s, mode %v", text, opts.Mode)
			require.True(t, ee.Checking, text)
		}
	}
}

// TestForallPropertySplit: a PROPERTY \A k \in S : F, S constant, whose F has an initial
// predicate or [][A]_v among its conjuncts is checked as the conjuncts of F for each k (TLC's
// Github1134e: \A n \in {2} : Inst(n)!Spec holds): the initial part on the initial states, the
// box actions on every step. Each part is shown to be checked by a variant that fails.
func TestForallPropertySplit(t *testing.T) {
	dir := t.TempDir()
	spec := filepath.Join(dir, "Steps.tla")
	require.NoError(t, os.WriteFile(spec, []byte("---- MODULE Steps ----\nEXTENDS Naturals\nVARIABLE x\n"+
		"Init == x = 0\nNext == x < 3 /\\ x' = x + 1\nSpec == Init /\\ [][Next]_x\n"+
		"Good == \\A k \\in {0, 1} : x >= k * 0 /\\ [][x' = x + 1 + k * 0]_x\n"+
		"BadStep == \\A k \\in {1, 2} : [][x' = x + k]_x /\\ x = 0\n"+
		"BadInit == \\A k \\in {0, 1} : x = k /\\ [][x' > x]_x\n====\n"), 0o644))
	cases := []struct {
		prop     string
		verdict  Verdict
		violated string
	}{
		{"Good", OK, ""},
		{"BadStep", ActionPropertyViolated, "BadStep"},
		{"BadInit", ActionPropertyViolated, "BadInit"},
	}
	for _, c := range cases {
		conf, err := cfg.Parse("steps.cfg", "SPECIFICATION Spec PROPERTY "+c.prop)
		require.NoError(t, err)
		off := false
		res, err := Check(context.Background(), spec, conf, Options{Deadlock: &off})
		require.NoError(t, err, c.prop)
		require.Equal(t, c.verdict, res.Verdict, c.prop)
		require.Equal(t, c.violated, res.Violated, c.prop)
	}
}

// TestSpecificationWithoutVariables: a SPECIFICATION of a module without variables, here
// [][TRUE]_<<>> with no initial predicate, has no state to explore; as TLC (its BagsTest), the
// assumptions are checked and 0 states reported, and a false ASSUME is still found.
func TestSpecificationWithoutVariables(t *testing.T) {
	dir := t.TempDir()
	spec := filepath.Join(dir, "NoVars.tla")
	require.NoError(t, os.WriteFile(spec, []byte("---- MODULE NoVars ----\nEXTENDS Naturals\nCONSTANT K\n"+
		"ASSUME K + 1 > K\nSpec == [][TRUE]_<<>>\n====\n"), 0o644))
	conf, err := cfg.Parse("novars.cfg", "SPECIFICATION Spec CONSTANT K = 2")
	require.NoError(t, err)
	res, err := Check(context.Background(), spec, conf, Options{})
	require.NoError(t, err)
	require.Equal(t, OK, res.Verdict)
	require.Equal(t, [3]int64{0, 0, 0}, [3]int64{res.Generated, res.Distinct, res.Left})
	require.NoError(t, os.WriteFile(spec, []byte("---- MODULE NoVars ----\nEXTENDS Naturals\nCONSTANT K\n"+
		"ASSUME K > 5\nSpec == [][TRUE]_<<>>\n====\n"), 0o644))
	res, err = Check(context.Background(), spec, conf, Options{})
	require.NoError(t, err)
	require.Equal(t, AssumptionFailed, res.Verdict)
}

// TestFingerprintErrorNamesNoSymmetry: a state that cannot be fingerprinted (a set too large to
// enumerate) is reported as such, without claiming a SYMMETRY the model does not have (the
// orbit hasher fingerprints every model, as a group of one without SYMMETRY); the error comes
// with the state being checked and 2 generated / 1 distinct, as TLC's FingerprintExceptionNext
// test counts it.
func TestFingerprintErrorNamesNoSymmetry(t *testing.T) {
	dir := t.TempDir()
	spec := filepath.Join(dir, "Huge.tla")
	require.NoError(t, os.WriteFile(spec, []byte("---- MODULE Huge ----\nEXTENDS Naturals\nVARIABLE x\n"+
		"Init == x = 0\nNext == x' = SUBSET SUBSET (1..6)\n====\n"), 0o644))
	conf, err := cfg.Parse("huge.cfg", "INIT Init NEXT Next")
	require.NoError(t, err)
	res, err := Check(context.Background(), spec, conf, Options{})
	require.ErrorContains(t, err, "fingerprinting a state: ")
	require.NotContains(t, err.Error(), "SYMMETRY")
	require.Equal(t, [3]int64{2, 1, 0}, [3]int64{res.Generated, res.Distinct, res.Left})
}

// TestViolationCountsWholeAction: TLC counts an action's successors as generated all at once,
// before checking the first (ModelChecker.doNext: incrementStatesGenerated(nextStates.size())),
// so a violation at the first of x' \in {4, 5, 6} counts all three: 1 + 3 generated, and the
// action's other successors are not checked (5 and 6 are not distinct states).
func TestViolationCountsWholeAction(t *testing.T) {
	dir := t.TempDir()
	spec := filepath.Join(dir, "Three.tla")
	require.NoError(t, os.WriteFile(spec, []byte("---- MODULE Three ----\nEXTENDS Naturals\nVARIABLE x\n"+
		"Init == x = 0\nJump == x < 3 /\\ x' \\in {4, 5, 6}\nStep == x < 3 /\\ x' = x + 1\n"+
		"Next == Jump \\/ Step\nInv == x # 4\n====\n"), 0o644))
	conf, err := cfg.Parse("three.cfg", "INIT Init NEXT Next INVARIANT Inv")
	require.NoError(t, err)
	res, err := Check(context.Background(), spec, conf, Options{})
	require.NoError(t, err)
	require.Equal(t, InvariantViolated, res.Verdict)
	require.Equal(t, [3]int64{4, 2, 0}, [3]int64{res.Generated, res.Distinct, res.Left}, "Step's successor is not generated")
}

// TestRecursiveTemporalOperator: a RECURSIVE operator whose body is temporal is translated for
// liveness checking as far as its recursion goes when its IF condition is constant, as TLC's
// translator does since its Github1389 fix: Ev(3) == <>(n = 3) holds of a counter going round
// 0..3, Ev(4) == <>(n = 4) does not.
func TestRecursiveTemporalOperator(t *testing.T) {
	dir := t.TempDir()
	spec := filepath.Join(dir, "Round.tla")
	require.NoError(t, os.WriteFile(spec, []byte("---- MODULE Round ----\nEXTENDS Naturals\nVARIABLE n\n"+
		"Spec == n = 0 /\\ [][n' = (n + 1) % 4]_n /\\ WF_n(n' = (n + 1) % 4)\n"+
		"RECURSIVE Ev(_, _)\nEv(k, m) == IF k = 0 THEN <>(n = m) ELSE Ev(k - 1, m)\n"+
		"Good == Ev(5, 3)\nBad == Ev(2, 4)\n====\n"), 0o644))
	for _, c := range []struct {
		prop    string
		verdict Verdict
	}{{"Good", OK}, {"Bad", LivenessViolated}} {
		require.Equal(t, c.verdict, checkSpecProperty(t, spec, c.prop).Verdict, c.prop)
	}
}

// TestPropertyThroughSubexpressionName checks temporal properties that name their formulas
// through subexpression names (Thm!2!1, I!Thm!:), as TLC's test216 does (Prop1 == Thm1b!2!1,
// Prop4 == J!ThmC!1 /\ J!ThmC!2 /\ J!ThmC2!:): the name is looked through to the formula it
// selects, as TLC's liveness translator and its processing of PROPERTY conjuncts look through
// any expression to its operator application. The action property [][Next]_x reached so is
// checked on every step, the others by the tableau, a name inside a formula (Imp) as well.
// Before, each was refused ("its temporal operators are inside an expression TLC checks as a
// whole", or "cannot check <>~([Next]_x)").
func TestPropertyThroughSubexpressionName(t *testing.T) {
	modules := map[string]string{
		"SubProp": "EXTENDS Naturals\nVARIABLE x\nNext == x' = (x + 1) % 3\nSpec == x = 0 /\\ [][Next]_x /\\ WF_x(Next)\n" +
			"THEOREM Thm == Spec => /\\ [][Next]_x\n" +
			"                       /\\ []<>(x = 0)\n" +
			"THEOREM Never == <>(x = 5)\nJ == INSTANCE Inner\n" +
			"Box == Thm!2!1\nLive == Thm!2!2\nBoth == J!ThmC!1 /\\ J!ThmC!2\nImp == x = 0 => Thm!2!2\nBad == Never!:\n",
		"Inner": "EXTENDS Naturals\nVARIABLE x\nTHEOREM ThmC == [][x' = (x + 1) % 3]_x => [](x \\in 0..2)\n",
	}
	dir := t.TempDir()
	for name, body := range modules {
		text := "---- MODULE " + name + " ----\n" + body + "====\n"
		require.NoError(t, os.WriteFile(filepath.Join(dir, name+".tla"), []byte(text), 0o644))
	}
	spec := filepath.Join(dir, "SubProp.tla")
	want := map[string]Verdict{"Box": OK, "Live": OK, "Both": OK, "Imp": OK, "Bad": LivenessViolated}
	for prop, verdict := range want {
		res := checkSpecProperty(t, spec, prop)
		require.Equal(t, verdict, res.Verdict, prop)
		require.Equal(t, int64(3), res.Distinct, prop)
	}
}

// checkSpecProperty checks spec with the configuration SPECIFICATION Spec PROPERTY prop.
func checkSpecProperty(t *testing.T, spec, prop string) Result {
	t.Helper()
	conf, err := cfg.Parse("prop.cfg", "SPECIFICATION Spec PROPERTY "+prop)
	require.NoError(t, err)
	res, err := Check(context.Background(), spec, conf, Options{})
	require.NoError(t, err, prop)
	return res
}

// TestOperatorConstantTable: CONSTANT F(_) given line by line in the configuration, F(0) = 1,
// F(1) = 2, F(2) = 2, as TLC's ConstantOperatorConfigurationTest (its model: x = 0, x' = F(x),
// Inv == x /= 2) expects: F applied as its table says, Inv violated by x = 0, 1, 2 (3 generated,
// 3 distinct); arguments no line has are TLC's error (OpRcdValue.apply); the configuration was
// refused ("expected _ in the parameter list of F").
func TestOperatorConstantTable(t *testing.T) {
	const src = "---- MODULE ConstantOperatorConfiguration ----\n" +
		"CONSTANT F(_)\nVARIABLE x\nInit == x = 0\nNext == x' = F(x)\nInv == x /= 2\n====\n"
	off := false
	res := checkSource(t, "ConstantOperatorConfiguration", src,
		"INIT Init\nNEXT Next\nCONSTANT\n    F(0) = 1\n    F(1) = 2\n    F(2) = 2\nINVARIANT Inv\n", Options{Deadlock: &off})
	require.Equal(t, InvariantViolated, res.Verdict)
	require.Equal(t, "Inv", res.Violated)
	require.Equal(t, [3]int64{3, 3, 0}, [3]int64{res.Generated, res.Distinct, res.Left})
	_, err := checkSourceErr(t, "ConstantOperatorConfiguration", src,
		"INIT Init\nNEXT Next\nCONSTANT\n    F(0) = 1\n    F(1) = 3\nINVARIANT Inv\n", Options{Deadlock: &off})
	var ee *EvalError
	require.ErrorAs(t, err, &ee)
	require.Contains(t, err.Error(), "Attempted to apply operator:\n{ <0, 1>, <1, 3>}\nto arguments (3), which is undefined.")
}
