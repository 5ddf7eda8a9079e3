package check

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// keepStateFunctions: the actions' guards read the state function W, which prints each time it
// is computed. The search evaluates three guards in every state; liveness decides ENABLED A(v)
// for three conditions in every state and the three actions on every step from it (three, the
// same successor, and the stuttering step).
const keepStateFunctions = `---- MODULE KeepW ----
EXTENDS Naturals, TLC
VARIABLE x
W == {Print("w", i) : i \in {x}}
A(v) == v \notin W /\ x' = (x + 1) % 4
Next == \E v \in 1..3 : A(v)
Spec == x = 0 /\ [][Next]_x /\ \A v \in 1..3 : WF_x(A(v))
Live == []<>(x = 0)
====`

// TestStateFunctionsComputedOncePerState: expanding a state computes a state function once, not
// once per guard reading it (3 here); recording the behavior graph computes it at most twice more
// per state (once for its ENABLED conditions, once for its steps' actions), not once per condition
// and per step (3 + 4 here). The evaluations at the state being expanded keep its value
// (eval.Session.ResetAt). Counted as the lines printed by the search without the property, and
// with it minus those.
func TestStateFunctionsComputedOncePerState(t *testing.T) {
	for _, workers := range []int{1, 2} {
		count := func(conf string) (int, Result) {
			var out strings.Builder
			res := checkSource(t, "KeepW", keepStateFunctions, conf, Options{Workers: workers, Print: &out})
			return strings.Count(out.String(), `"w"`), res
		}
		safety, sres := count("SPECIFICATION Spec\n")
		live, lres := count("SPECIFICATION Spec\nPROPERTY Live\n")
		require.Equal(t, OK, lres.Verdict, "workers %d", workers)
		require.Equal(t, int64(4), lres.Distinct)
		require.Equal(t, sres.Generated, lres.Generated)
		require.Positive(t, safety)
		require.LessOrEqual(t, safety, int(sres.Distinct), "workers %d: W computed %d times by the search", workers, safety)
		require.LessOrEqual(t, live-safety, 2*int(lres.Distinct), "workers %d: W computed %d times by liveness", workers, live-safety)
	}
}

// keepRefinement: the step property [][B]_x reads the state function W, which prints each time
// it is computed; every state has three successors (B reads W at both ends of a step: W' is
// computed on the successor, W on the state expanded).
const keepRefinement = `---- MODULE KeepRefinement ----
EXTENDS Naturals, TLC
VARIABLE x
W == Print("w", x)
Next == \E v \in 1..3 : x' = (x + v) % 6
B == W' # W
Spec == x = 0 /\ [][Next]_x
Refines == [][B]_x
====`

// TestStepPropertyKeepsStateFunctions: checking a step property (a refinement's [][A]_v)
// computes the state functions of the state expanded once for all its steps, not once per
// step (eval.Session.ResetAt in stepProps): here W at the expanded state once per state, W' once
// per distinct step, 6 + 18 computations for 6 states instead of 18 + 18.
func TestStepPropertyKeepsStateFunctions(t *testing.T) {
	for _, workers := range []int{1, 2} {
		var out strings.Builder
		res := checkSource(t, "KeepRefinement", keepRefinement, "SPECIFICATION Spec\nPROPERTY Refines\n", Options{Workers: workers, Print: &out})
		require.Equal(t, OK, res.Verdict, "workers %d", workers)
		require.Equal(t, int64(6), res.Distinct)
		steps := int(res.Generated) - 1 // the initial state is generated too
		require.Equal(t, 18, steps)
		got := strings.Count(out.String(), `"w"`)
		require.LessOrEqual(t, got, int(res.Distinct)+steps, "workers %d: W computed %d times for %d states and %d steps", workers, got, res.Distinct, steps)
	}
}
