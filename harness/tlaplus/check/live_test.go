package check

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dsref/dsref/harness/tlaplus/cfg"
	"github.com/stretchr/testify/require"
)

// liveCorpus are the models of testdata/live: one or two per construct of temporal properties,
// each with its verdict, counts and counterexample (stem, then how the lasso loops) worked out
// by hand in the comment at the top of its spec. The counterexample is the one nearest an
// initial state, as the checker prints it: the shortest stem to a cycle satisfying the violated
// branch, counting only steps that change the state.
var liveCorpus = []corpusCase{
	// <>P, []<>P, P ~> Q under weak fairness hold; without fairness <>P fails by stuttering.
	{config: "LiveCounterFair.cfg", spec: "LiveCounter.tla", generated: 4, distinct: 3, depth: 3},
	{config: "LiveCounterUnfair.cfg", spec: "LiveCounter.tla", verdict: LivenessViolated, violated: "Eventually2",
		generated: 4, distinct: 3, depth: 3, trace: []string{"Initial predicate: n = 0"}, lasso: "stuttering"},
	// <>[]P fails on the cycle 0, 1, 2.
	{config: "LiveCounterEA.cfg", spec: "LiveCounter.tla", verdict: LivenessViolated, violated: "EventuallyAlways0",
		generated: 4, distinct: 3, depth: 3, trace: []string{"Initial predicate: n = 0", "Next: n = 1", "Next: n = 2"}, lasso: "back to 1: Next"},
	// P ~> Q: of two PROPERTIES only the violated one is named. The tableau of
	// <>(n = 1 /\ [](n # 3)) pairs n = 1 with its "now" node, then (free stuttering step) with
	// the node holding only [](n # 3), which loops: stem 0, 1; cycle 2, 0, back to state 2.
	{config: "LiveCounterLeadsBad.cfg", spec: "LiveCounter.tla", verdict: LivenessViolated, violated: "LeadsBad",
		generated: 4, distinct: 3, depth: 3, trace: []string{"Initial predicate: n = 0", "Next: n = 1", "Next: n = 2", "Next: n = 0"}, lasso: "back to 2: Next"},
	// WF does not force an action that is not continuously enabled; SF does.
	{config: "LiveStrongWeak.cfg", spec: "LiveStrong.tla", verdict: LivenessViolated, violated: "Taken",
		generated: 6, distinct: 4, depth: 4, trace: []string{"Initial predicate: light = FALSE taken = FALSE", "Toggle: light = TRUE taken = FALSE"}, lasso: "back to 1: Toggle"},
	{config: "LiveStrongStrong.cfg", spec: "LiveStrong.tla", generated: 6, distinct: 4, depth: 4},
	// ENABLED in a property.
	{config: "LiveStrongEnabled.cfg", spec: "LiveStrong.tla", verdict: LivenessViolated, violated: "OftenEnabled",
		generated: 6, distinct: 4, depth: 4, trace: []string{"Initial predicate: light = FALSE taken = FALSE", "Toggle: light = TRUE taken = FALSE",
			"Take: light = TRUE taken = TRUE", "Toggle: light = FALSE taken = TRUE"}, lasso: "back to 3: Toggle"},
	// ENABLED of an action assigning only some variables.
	{config: "LiveStrongPartial.cfg", spec: "LiveStrong.tla", generated: 6, distinct: 4, depth: 4},
	// \A over fairness conditions and properties; removing one process's fairness breaks both.
	{config: "LiveQuantFair.cfg", spec: "LiveQuant.tla", generated: 5, distinct: 4, depth: 3},
	{config: "LiveQuantUnfair.cfg", spec: "LiveQuant.tla", verdict: LivenessViolated, violated: "AllSet",
		generated: 5, distinct: 4, depth: 3, trace: []string{"Initial predicate: f = <<0, 0>>", "Set(2): f = <<0, 1>>"}, lasso: "stuttering"},
	{config: "LiveQuantUnfairLeads.cfg", spec: "LiveQuant.tla", verdict: LivenessViolated, violated: "EachLeads",
		generated: 5, distinct: 4, depth: 3, trace: []string{"Initial predicate: f = <<0, 0>>", "Set(2): f = <<0, 1>>"}, lasso: "stuttering"},
	// []P mixed with temporal formulas, <>[][A]_v, WF as a property, IF, tautologies.
	{config: "LiveStepsClimb.cfg", spec: "LiveSteps.tla", generated: 3, distinct: 3, depth: 3},
	{config: "LiveStepsUnfair.cfg", spec: "LiveSteps.tla", verdict: LivenessViolated, violated: "WeakUp",
		generated: 3, distinct: 3, depth: 3, trace: []string{"Initial predicate: x = 0"}, lasso: "stuttering"},
	{config: "LiveStepsStuck.cfg", spec: "LiveSteps.tla", verdict: LivenessViolated, violated: "Beyond",
		generated: 3, distinct: 3, depth: 3, trace: []string{"Initial predicate: x = 0", "Up: x = 1", "Up: x = 2"}, lasso: "stuttering"},
	{config: "LiveStepsBounce.cfg", spec: "LiveSteps.tla", verdict: LivenessViolated, violated: "StaysUp",
		generated: 4, distinct: 3, depth: 3, trace: []string{"Initial predicate: x = 0", "Up: x = 1", "Up: x = 2", "Reset: x = 0", "Up: x = 1", "Up: x = 2"}, lasso: "back to 4: Reset"},
	{config: "LiveStepsQuiet.cfg", spec: "LiveSteps.tla", verdict: LivenessViolated, violated: "Quiet",
		generated: 4, distinct: 3, depth: 3, trace: []string{"Initial predicate: x = 0", "Up: x = 1", "Up: x = 2"}, lasso: "back to 1: Reset"},
	// A refinement with fairness: WF of an instance's action whose variables are substituted by
	// expressions (ENABLED binds them as TLC does).
	{config: "LiveRefinesFair.cfg", spec: "LiveRefines.tla", generated: 4, distinct: 4, depth: 4},
	{config: "LiveRefinesUnfair.cfg", spec: "LiveRefines.tla", verdict: LivenessViolated, violated: "Refines",
		generated: 4, distinct: 4, depth: 4, trace: []string{"Initial predicate: x = 0 y = 0", "Count: x = 1 y = 0", "Count: x = 2 y = 0"}, lasso: "stuttering"},
	// State constraints cut the behavior graph, as in TLC.
	{config: "LiveBoundedFair.cfg", spec: "LiveBounded.tla", generated: 4, distinct: 3, depth: 3},
	{config: "LiveBoundedUnfair.cfg", spec: "LiveBounded.tla", verdict: LivenessViolated, violated: "Reaches3",
		generated: 4, distinct: 3, depth: 3, trace: []string{"Initial predicate: x = 0"}, lasso: "stuttering"},
	// TLC's regression tests Github1389Violated and Github1389ViolatedB: a RECURSIVE temporal
	// operator expanded to <>(x = 99), resp. <><><>(x = 99), violated by the cycle 0, 1 (TLC's
	// expected trace x = 0, x = 1, "Back to state 1").
	{config: "Github1389Violated.cfg", spec: "Github1389Violated.tla", verdict: LivenessViolated, violated: "PropViolated",
		generated: 3, distinct: 2, depth: 2, trace: []string{"Initial predicate: x = 0", "Next: x = 1"}, lasso: "back to 1: Next"},
	{config: "Github1389ViolatedB.cfg", spec: "Github1389ViolatedB.tla", verdict: LivenessViolated, violated: "PropViolated",
		generated: 3, distinct: 2, depth: 2, trace: []string{"Initial predicate: x = 0", "Next: x = 1"}, lasso: "back to 1: Next"},
	// SYMMETRY: see TestLivenessUnderSymmetry.
	{config: "LiveSymmetricPlain.cfg", spec: "LiveSymmetric.tla", generated: 9, distinct: 4, depth: 3},
	{config: "LiveSymmetricLazy.cfg", spec: "LiveSymmetric.tla", verdict: LivenessViolated, violated: "EachFlips",
		generated: 9, distinct: 4, depth: 3, trace: []string{"Initial predicate: b = (p1 :> 0 @@ p2 :> 0)", "Flip(p2): b = (p1 :> 0 @@ p2 :> 1)"}, lasso: "back to 1: Flip(p2)"},
}

func runLive(t *testing.T, c corpusCase, opts Options) Result {
	t.Helper()
	dir := filepath.Join("testdata", "live")
	conf, err := cfg.ParseFile(filepath.Join(dir, c.config))
	require.NoError(t, err)
	res, err := Check(context.Background(), filepath.Join(dir, c.spec), conf, opts)
	require.NoError(t, err)
	return res
}

// TestLiveCorpus checks every liveness model against its hand-derived outcome, with one worker
// and with two (the branches are then checked in parallel; the verdict and the counterexample
// are the same).
func TestLiveCorpus(t *testing.T) {
	for _, c := range liveCorpus {
		t.Run(c.config, func(t *testing.T) {
			for _, workers := range []int{1, 2} {
				res := runLive(t, c, Options{Workers: workers})
				require.Equal(t, c.verdict, res.Verdict, "workers %d", workers)
				require.Equal(t, c.violated, res.Violated)
				require.Equal(t, [3]int64{c.generated, c.distinct, int64(c.depth)}, [3]int64{res.Generated, res.Distinct, int64(res.Depth)}, "generated, distinct, depth")
				require.Equal(t, c.trace, traceLines(res))
				require.Equal(t, c.lasso, lassoText(res.Lasso))
				require.Empty(t, res.NotChecked)
				require.NotNil(t, res.Temporal, "the temporal properties were checked")
				if c.verdict == LivenessViolated {
					require.Equal(t, ExitLiveness, res.ExitCode())
				}
			}
		})
	}
}

// TestLivenessReport checks the report of a liveness violation line by line: TLC's messages,
// the lasso's states with their actions and positions, and the loop.
func TestLivenessReport(t *testing.T) {
	res := runLive(t, corpusCase{config: "LiveStrongWeak.cfg", spec: "LiveStrong.tla"}, Options{})
	var out bytes.Buffer
	WriteReport(&out, res)
	want := `Implied-temporal checking--satisfiability problem has 1 branches.
Checking temporal properties for the complete state space with 4 total distinct states.
Error: Temporal property Taken was violated.

Error: The following behavior constitutes a counter-example:

State 1: <Initial predicate>
/\ light = FALSE
/\ taken = FALSE

State 2: <Toggle line 22, col 11 to line 22, col 44 of module LiveStrong>
/\ light = TRUE
/\ taken = FALSE

Back to state 1: <Toggle line 22, col 11 to line 22, col 44 of module LiveStrong>

6 states generated, 4 distinct states found, 0 states left on queue.
The depth of the complete state graph search is 4.
`
	require.Equal(t, want, out.String())

	res = runLive(t, corpusCase{config: "LiveCounterUnfair.cfg", spec: "LiveCounter.tla"}, Options{})
	out.Reset()
	WriteReport(&out, res)
	require.Contains(t, out.String(), "State 1: <Initial predicate>\nn = 0\n\nState 2: Stuttering\n\nWarning: The stuttering counterexample above may be caused by the absence of a fairness constraint in the behavior specification Spec defined at line 6, col 9 to line 6, col 26 of module LiveCounter.")
}

// TestLivenessUnderSymmetry: with SYMMETRY the checker does what TLC does, warning as TLC
// warns. Here the quotient graph shows a violation the full graph does not have: the branch
// "flag p2 is never 1" holds on the class representatives while a step of the class flips p2.
// The concrete lasso printed then fails the fairness, which the checker says.
func TestLivenessUnderSymmetry(t *testing.T) {
	plain := runLive(t, corpusCase{config: "LiveSymmetricPlain.cfg", spec: "LiveSymmetric.tla"}, Options{})
	require.Equal(t, OK, plain.Verdict)
	res := runLive(t, corpusCase{config: "LiveSymmetricSym.cfg", spec: "LiveSymmetric.tla"}, Options{})
	require.Equal(t, [3]int64{7, 3, 3}, [3]int64{res.Generated, res.Distinct, int64(res.Depth)})
	require.Contains(t, res.Warnings, "Declaring symmetry during liveness checking is dangerous. It might cause TLC to miss violations of the stated liveness properties. Please check liveness without symmetry defined.")
	require.Equal(t, LivenessViolated, res.Verdict)
	require.Contains(t, res.Lasso.Warning, "does not satisfy the specification's fairness: it may be spurious")
}

// TestLivenessCheckedDuringTheSearch: checked on the states expanded so far at the end of every
// level (LiveCheckEvery of a nanosecond), the temporal properties get the verdict of the final
// check on every model of the corpus: a check on part of the graph finds no counterexample the
// complete graph lacks, and one it finds ends the search with the counts so far, as TLC's
// periodic check does.
func TestLivenessCheckedDuringTheSearch(t *testing.T) {
	early := Options{LiveCheckEvery: time.Nanosecond}
	for _, c := range liveCorpus {
		res := runLive(t, c, early)
		require.Equal(t, c.verdict, res.Verdict, c.config)
		require.Equal(t, c.violated, res.Violated, c.config)
		if c.verdict == OK {
			require.Equal(t, [3]int64{c.generated, c.distinct, int64(c.depth)}, [3]int64{res.Generated, res.Distinct, int64(res.Depth)}, c.config)
		} else {
			require.LessOrEqual(t, res.Distinct, c.distinct, c.config)
		}
	}
	// LiveCounter (n = 0, 1, 2, 0, ...) without fairness stutters at n = 0 forever. The check
	// after the first level, n = 0 expanded and n = 1 found, sees it: 2 states generated, 2
	// distinct, depth 2, n = 1 left on the queue.
	unfair := corpusCase{config: "LiveCounterUnfair.cfg", spec: "LiveCounter.tla"}
	res := runLive(t, unfair, early)
	require.Equal(t, [4]int64{2, 2, 2, 1}, [4]int64{res.Generated, res.Distinct, int64(res.Depth), res.Left})
	require.Equal(t, []string{"Initial predicate: n = 0"}, traceLines(res))
	require.Equal(t, "stuttering", lassoText(res.Lasso))
	require.True(t, res.Temporal.Partial)
	var out bytes.Buffer
	WriteReport(&out, res)
	require.Contains(t, out.String(), "Checking temporal properties for the current state space with 1 total distinct states.")
	// Checked only once the search is complete (TLC's -lncheck final), it finds the same lasso
	// after the whole graph.
	res = runLive(t, unfair, Options{LiveCheckEvery: -1})
	require.Equal(t, [4]int64{4, 3, 3, 0}, [4]int64{res.Generated, res.Distinct, int64(res.Depth), res.Left})
	require.False(t, res.Temporal.Partial)
}

// TestLivenessWarnsAboutConstraints: a CONSTRAINT cuts the behaviors liveness is checked on
// (here making the check vacuous, as in TLC); the checker says so.
func TestLivenessWarnsAboutConstraints(t *testing.T) {
	res := runLive(t, corpusCase{config: "LiveBoundedFair.cfg", spec: "LiveBounded.tla"}, Options{})
	require.Equal(t, OK, res.Verdict)
	require.Len(t, res.Warnings, 1)
	require.Contains(t, res.Warnings[0], "PROPERTIES Reaches3 are checked on the behaviors within the CONSTRAINT")
}

// TestLivenessFormulaTLCCannotCheck: a temporal formula with an action under [] and <> other
// than <>[]A or []<>A is refused when the model loads, with TLC's reason.
func TestLivenessFormulaTLCCannotCheck(t *testing.T) {
	dir := filepath.Join("testdata", "live")
	conf, err := cfg.ParseFile(filepath.Join(dir, "LiveStepsBadFormula.cfg"))
	require.NoError(t, err)
	_, err = Check(context.Background(), filepath.Join(dir, "LiveSteps.tla"), conf, Options{})
	var le *LoadError
	require.ErrorAs(t, err, &le)
	require.ErrorContains(t, err, "PROPERTIES ActionInside: cannot check <>[]<>~([Up]_x): temporal formulas containing actions must be of the forms <>[]A or []<>A")
}

// TestLivePlans checks how temporal properties are split into branches, as TLC's
// processLiveness splits them (its "satisfiability problem has N branches").
func TestLivePlans(t *testing.T) {
	for _, c := range []struct {
		config, spec string
		branches     int
		solutions    int
	}{
		// Three properties, one branch each; WF is a []<>A condition of every branch.
		{"LiveCounterFair.cfg", "LiveCounter.tla", 3, 3},
		// SF_vars(Take) is <>[]~ENABLED \/ []<>Take: two branches sharing their tableau.
		{"LiveStrongStrong.cfg", "LiveStrong.tla", 2, 1},
		// \A i \in 1..2 : <>(f[i] = 1): one branch per i, each with its own tableau.
		{"LiveQuantFair.cfg", "LiveQuant.tla", 4, 4},
	} {
		res := runLive(t, corpusCase{config: c.config, spec: c.spec}, Options{})
		require.Equal(t, c.branches, res.Temporal.Branches, c.config)
		m := loadLiveModel(t, c.config, c.spec)
		require.Equal(t, c.solutions, len(m.live.solutions), c.config+"\n"+m.live.describe())
	}
}

func loadLiveModel(t *testing.T, config, spec string) *tlaModel {
	t.Helper()
	dir := filepath.Join("testdata", "live")
	conf, err := cfg.ParseFile(filepath.Join(dir, config))
	require.NoError(t, err)
	m, err := loadModel(filepath.Join(dir, spec), conf)
	require.NoError(t, err)
	return m
}

// TestTableau checks the particle tableau of small formulas against the construction done by
// hand (Manna and Pnueli's PART-TAB).
func TestTableau(t *testing.T) {
	p := liveStateAtom(&liveAtom{})
	q := liveStateAtom(&liveAtom{})
	// []p: one particle {[]p, p, ()[]p}, its own successor.
	tab := newTableau(liveAll(p))
	require.Equal(t, 1, len(tab.nodes))
	require.Equal(t, 1, tab.initCnt)
	require.Equal(t, []int{0}, tab.nodes[0].next)
	require.Len(t, tab.nodes[0].preds, 1)
	// <>p: p now ({<>p, p}) or later ({<>p, ()<>p}); after p, nothing is required (the empty
	// particle, its own successor); later leads to both again.
	tab = newTableau(liveEven(p))
	require.Equal(t, 2, tab.initCnt)
	require.Equal(t, 3, len(tab.nodes))
	var empty int
	for i, n := range tab.nodes {
		if len(n.par) == 0 {
			empty = i
		}
	}
	require.Equal(t, []int{empty}, tab.nodes[empty].next)
	// p /\ ~p is not locally consistent: no particle.
	tab = newTableau(liveJunction(lnConj, p, liveNeg(p)).makeBinary())
	require.Equal(t, 0, len(tab.nodes))
	// <>(p /\ []q): the promise is fulfilled where p /\ []q holds.
	tf := liveEven(liveJunction(lnConj, p, liveAll(q))).makeBinary()
	tab = newTableau(tf)
	promises := tf.promises(nil)
	require.Len(t, promises, 1)
	fulfilling := 0
	for _, n := range tab.nodes {
		if n.par.has(promises[0]) && n.par.fulfills(promises[0]) {
			fulfilling++
		}
	}
	require.Equal(t, 1, fulfilling)
}

// TestLiveDNF checks the normal form of the negation of typical properties under fairness.
func TestLiveDNF(t *testing.T) {
	p := liveStateAtom(&liveAtom{x: nil})
	a := liveActionAtom(&liveAtom{})
	en := liveStateAtom(&liveAtom{enabled: true})
	wf := liveAll(liveEven(liveJunction(lnDisj, liveNeg(en), a)))
	sf := liveJunction(lnDisj, liveEven(liveAll(liveNeg(en))), liveAll(liveEven(a)))
	// WF /\ ~<>p: one branch, []<>(WF condition) and the tf []~p.
	d := liveJunction(lnConj, wf, liveNeg(liveEven(p))).simplify().toDNF()
	require.Equal(t, lnConj, d.kind, "a conjunction without disjunctions stays one")
	require.Len(t, d.kids, 2)
	// SF /\ SF /\ ~<>p: 2 x 2 branches.
	d = liveJunction(lnConj, sf, sf, liveNeg(liveEven(p))).simplify().toDNF()
	require.Len(t, d.kids, 4)
	// []<>A1 \/ []<>A2 is merged into []<>(A1 \/ A2).
	d = liveJunction(lnDisj, liveAll(liveEven(a)), liveAll(liveEven(p))).toDNF()
	require.Len(t, d.kids, 1)
	require.NotNil(t, d.kids[0].aeBody())
	require.True(t, strings.Contains(d.String(), `\/`))
}

// TestLivenessRunDependent: a temporal property reading TLCGet("queue") (TLC's trace-validation
// idiom) is checked with the queue TLC has when it evaluates the property's predicates: Matched
// and MatchedOne hold, Unmatched (the trace is not matched to its end) is violated, the
// counterexample ending in the state expanded last, with nothing queued. With the predicates
// evaluated as the state is taken from the queue, MatchedOne fails; with the queue's size
// updated only per level, MatchedOne and Unmatched are wrong too.
func TestLivenessRunDependent(t *testing.T) {
	res := runLive(t, corpusCase{config: "LiveRunDependent.cfg", spec: "LiveRunDependent.tla"}, Options{})
	require.Equal(t, OK, res.Verdict, res.Violated)
	require.Empty(t, res.NotChecked)
	require.Equal(t, []string{"Matched", "MatchedOne", "Eventually2"}, res.Temporal.Properties)
	require.Equal(t, ExitOK, res.ExitCode())

	res = runLive(t, corpusCase{config: "LiveRunDependentUnmatched.cfg", spec: "LiveRunDependent.tla"}, Options{})
	require.Equal(t, LivenessViolated, res.Verdict)
	require.Equal(t, "Unmatched", res.Violated)
	require.NotNil(t, res.Lasso)
	require.True(t, res.Lasso.Stuttering)
	require.Empty(t, res.Lasso.Warning, "no stuttering hint: the values are the run's")
	require.Len(t, res.Trace, 3)

	res = runLive(t, corpusCase{config: "LiveRunDependentBranch.cfg", spec: "LiveRunDependentBranch.tla"}, Options{})
	require.Equal(t, OK, res.Verdict, res.Violated)
	require.Equal(t, [2]int64{4, 4}, [2]int64{res.Generated, res.Distinct})
}

// TestTemporalExpansionOverflow: TLC's regression tests Github1389Loops and
// Github1389StateGuard, a RECURSIVE operator of the temporal level whose expansion does not end
// (a constant IF condition choosing the recursive branch for ever, resp. a condition on the
// variable x, which is not constant, so that both branches are expanded), end the run as TLC
// ends it, with EC.SYSTEM_STACK_OVERFLOW and exit status 255 (ExitStatus.ERROR), not as a formula
// TLC cannot handle (a LoadError, exit 150, which both gave before).
func TestTemporalExpansionOverflow(t *testing.T) {
	for _, name := range []string{"Github1389Loops", "Github1389StateGuard"} {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join("testdata", "live")
			conf, err := cfg.ParseFile(filepath.Join(dir, name+".cfg"))
			require.NoError(t, err)
			_, err = Check(context.Background(), filepath.Join(dir, name+".tla"), conf, Options{})
			var so *StackOverflowError
			require.ErrorAs(t, err, &so)
			var le *LoadError
			require.False(t, errors.As(err, &le), "a StackOverflowError is not a LoadError")
			require.True(t, strings.HasPrefix(err.Error(), "This was a Java StackOverflowError. It was probably the result\nof an incorrect recursive function definition"), err.Error())
			require.Contains(t, err.Error(), "PROPERTY Prop: ")
		})
	}
}

// TestFairnessTautologyWarning: TLC's regression tests Github1198a to h. With the one PROPERTY
// naming the definition through which every temporal conjunct of the SPECIFICATION was reached
// (a, b, c), TLC warns that checking it is a tautology (TLC_LIVE_FORMULA_AND_FAIRNESS_TAUTOLOGY,
// MP's text; the locations are of the definitions, from name to end of body); not with d (the
// conjunct \A i \in {1,2}: LiveD, LiveD not expanded), f (two PROPERTIES) or h (no fairness).
// Every configuration: 3 generated, 2 distinct, depth 2, no error, as TLC's tests expect.
func TestFairnessTautologyWarning(t *testing.T) {
	const tautology = "Implied-temporal checking is a tautology."
	for _, c := range []struct {
		cfg  string
		warn bool
	}{{"a", true}, {"b", true}, {"c", true}, {"d", false}, {"f", false}, {"h", false}} {
		t.Run(c.cfg, func(t *testing.T) {
			res := runLive(t, corpusCase{config: "Github1198" + c.cfg + ".cfg", spec: "Github1198.tla"}, Options{})
			require.Equal(t, OK, res.Verdict)
			require.Equal(t, [3]int64{3, 2, 2}, [3]int64{res.Generated, res.Distinct, int64(res.Depth)})
			warned := false
			for _, w := range res.Warnings {
				warned = warned || strings.HasPrefix(w, tautology)
			}
			require.Equal(t, c.warn, warned, "%q", res.Warnings)
		})
	}
	res := runLive(t, corpusCase{config: "Github1198a.cfg", spec: "Github1198.tla"}, Options{})
	require.Contains(t, res.Warnings, tautology+"\nThe temporal formula LiveA at line 17, col 1 to line 18, col 14 of module Github1198 equals\n"+
		"the fairness constraints of the behavior specification SpecA at line 20, col 1 to line 21, col 35 of module Github1198.\n"+
		"Therefore, checking whether SpecA => LiveA using TLC will never result in a violation of LiveA.")
}

// TestSpecificationBoxStateRefused: a conjunct []P of the SPECIFICATION with P of the constant or
// state level is refused as TLC's SpecProcessor.processConfigSpec refuses it,
// EC.TLC_LIVE_CANNOT_HANDLE_FORMULA with P's location ("TLC cannot handle the temporal formula
// line 5, col 46 to line 5, col 51 of module BoxSpec", []TypeOK; line 6, col 48 to col 52 for
// [](x < 5), the parentheses not part of it); it was taken as a temporal formula the behaviors
// satisfy, and the run went on (here to the violation of Live). []<>(x = 1) is temporal and
// still taken as the specification's: the behavior stuttering at x = 1 from the second state on
// satisfies it and violates Live == []<>(x = 2).
func TestSpecificationBoxStateRefused(t *testing.T) {
	src := "---- MODULE BoxSpec ----\nEXTENDS Naturals\nVARIABLE x\nTypeOK == x \\in 0..5\n" +
		"Spec == x = 0 /\\ [][x' = (x + 1) % 3]_x /\\ []TypeOK\n" +
		"Spec2 == x = 0 /\\ [][x' = (x + 1) % 3]_x /\\ [](x < 5)\n" +
		"Spec3 == x = 0 /\\ [][x' = (x + 1) % 3]_x /\\ []<>(x = 1)\n" +
		"Live == []<>(x = 2)\n====\n"
	path := filepath.Join(t.TempDir(), "BoxSpec.tla")
	require.NoError(t, os.WriteFile(path, []byte(src), 0o644))
	for _, c := range []struct{ spec, want string }{
		{"Spec", "SPECIFICATION Spec: TLC cannot handle the temporal formula line 5, col 46 to line 5, col 51 of module BoxSpec"},
		{"Spec2", "SPECIFICATION Spec2: TLC cannot handle the temporal formula line 6, col 48 to line 6, col 52 of module BoxSpec"},
	} {
		conf, err := cfg.Parse("BoxSpec.cfg", "SPECIFICATION "+c.spec+"\nPROPERTY Live\n")
		require.NoError(t, err)
		_, err = Check(context.Background(), path, conf, Options{})
		var le *LoadError
		require.ErrorAs(t, err, &le, c.spec)
		require.Contains(t, err.Error(), c.want)
	}
	conf, err := cfg.Parse("BoxSpec.cfg", "SPECIFICATION Spec3\nPROPERTY Live\n")
	require.NoError(t, err)
	res, err := Check(context.Background(), path, conf, Options{})
	require.NoError(t, err)
	require.Equal(t, LivenessViolated, res.Verdict)
}

// TestGithub1389ViolatedC: TLC's regression test Github1389ViolatedC, PropViolated violated by a
// two-state lasso x = 0 -> x = v -> back to x = 0 with v in 1..98, which the test's POSTCONDITION
// asserts of TLCExt's CounterExample (it holds: Result.Postcondition stays empty); 10001
// generated, 100 distinct, depth 2 (worked out in the spec's comment).
func TestGithub1389ViolatedC(t *testing.T) {
	res := runLive(t, corpusCase{config: "Github1389ViolatedC.cfg", spec: "Github1389ViolatedC.tla"}, Options{})
	require.Equal(t, LivenessViolated, res.Verdict)
	require.Equal(t, "PropViolated", res.Violated)
	require.Equal(t, [3]int64{10001, 100, 2}, [3]int64{res.Generated, res.Distinct, int64(res.Depth)})
	require.Empty(t, res.Postcondition)
}

// TestGithub1161: TLC's regression tests Github1161 and Github1161Violated. A PROPERTY reached
// through a definition of an instance applied to arguments (abs!Double(ns, s), whose body
// Property(ns, a) == [](ns(a)) is not expanded inside the instance, as TLC's processConfigProps
// does not with a substitution entered) is a temporal property: the seven of Github1161.cfg hold
// (10 generated, 9 distinct, depth 9, worked out in the spec's comment), and PropertyViolated is
// violated while searching, "Temporal property PropertyViolated was violated" with the states
// s = 0 to 5 and exit status 12, as TLC's test expects. Before, [](ns(a)) was taken as the
// invariant it expands to, reported as "Invariant PropertyViolated is violated.".
func TestGithub1161(t *testing.T) {
	res := runLive(t, corpusCase{config: "Github1161.cfg", spec: "Github1161.tla"}, Options{})
	require.Equal(t, OK, res.Verdict)
	require.Equal(t, [3]int64{10, 9, 9}, [3]int64{res.Generated, res.Distinct, int64(res.Depth)})
	res = runLive(t, corpusCase{config: "Github1161Violated.cfg", spec: "Github1161.tla"}, Options{})
	require.Equal(t, TemporalSafetyViolated, res.Verdict)
	require.Equal(t, 12, res.Verdict.ExitCode())
	require.Equal(t, "PropertyViolated", res.Violated)
	require.Equal(t, []string{"Initial predicate: s = 0", "Next: s = 1", "Next: s = 2", "Next: s = 3", "Next: s = 4", "Next: s = 5"}, traceLines(res))
}
