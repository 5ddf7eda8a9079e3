package check

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// deriveCounted: A(v)'s guard prints each time it is evaluated. The search evaluates it once per
// action and state (two actions, four states); deciding the fairness of Spec, WF_x(A(1)) and
// WF_x(A(2)), the old way evaluates it again for ENABLED in every state and on every step.
// BoxSpec has the fairness of the family \E v : A(v) and its box instead (as tlaplus/Examples'
// CRDT).
const deriveCounted = `---- MODULE DeriveCounted ----
EXTENDS Naturals, TLC
VARIABLE x
Guard(v) == Print("g", x + v > 0)
A(v) == Guard(v) /\ x' = (x + v) % 4
Next == \E v \in 1..2 : A(v)
Spec == x = 0 /\ [][Next]_x /\ \A v \in 1..2 : WF_x(A(v))
BoxSpec == x = 0 /\ [][Next]_x /\ WF_x(\E v \in 1..2 : A(v)) /\ <>[][\E v \in 1..2 : A(v)]_x
Live == []<>(x # 0)
====`

// TestFairnessFromSuccessors: the values of WF_x(A(v))'s ENABLED <<A(v)>>_x and <<A(v)>>_x
// (Spec), and of ENABLED <<\E v \in 1..2 : A(v)>>_x, <<\E v \in 1..2 : A(v)>>_x and
// [\E v \in 1..2 : A(v)]_x (BoxSpec), are taken from the successors of the actions A(1) and A(2)
// the search enumerates: recording the behavior graph evaluates A's guard no more than the
// search does, and the verdict is the same as with the values evaluated (planted: no
// derivation, the guard evaluated for the conditions too; for Spec 8 times more for ENABLED and
// 16 on the steps).
func TestFairnessFromSuccessors(t *testing.T) {
	verify := liveDeriveVerify
	liveDeriveVerify = false
	t.Cleanup(func() { liveDeriveVerify = verify })
	for _, spec := range []string{"Spec", "BoxSpec"} {
		for _, workers := range []int{1, 2} {
			count := func(prop string, opts Options) (int, Result) {
				var out strings.Builder
				opts.Workers, opts.Print = workers, &out
				res := checkSource(t, "DeriveCounted", deriveCounted, "SPECIFICATION "+spec+"\n"+prop, opts)
				return strings.Count(out.String(), `"g"`), res
			}
			safety, sres := count("", Options{})
			derived, dres := count("PROPERTY Live\n", Options{})
			evaluated, eres := count("PROPERTY Live\n", Options{liveNoDerive: true})
			require.Equal(t, 8, safety, "%s workers %d", spec, workers)
			require.Equal(t, OK, dres.Verdict, spec)
			require.Equal(t, OK, eres.Verdict, spec)
			require.Equal(t, sres.Generated, dres.Generated, spec)
			require.Equal(t, safety, derived, "%s workers %d: the guard evaluated %d times recording the graph", spec, workers, derived-safety)
			require.Greater(t, evaluated, safety, "%s workers %d: the fairness conditions evaluated (planted: no derivation)", spec, workers)
		}
	}
}

// deriveCases are specifications whose fairness conditions are taken from the successors in
// several ways, each checked with the values derived and evaluated (liveDeriveVerify, set for
// the package's tests, compares them at every state and step too). Where a module has a
// property Bad as well as Live, it is checked with each.
var deriveCases = []struct {
	module, src, conf string
	verdict           Verdict
}{
	// B reaches the successors A does: a step of B is an A step too (parallel steps).
	{"Parallel", `---- MODULE Parallel ----
EXTENDS Naturals
VARIABLE x
A == x' = 1 - x
B == x' = 1 - x
Next == A \/ B
Spec == x = 0 /\ [][Next]_x /\ WF_x(A)
Live == <>[](x = 0)
====`, specProp("Live"), LivenessViolated},
	// A(v) is never split out of Next (its argument is not constant): evaluated as before.
	{"NotSplit", notSplit, specProp("Live"), OK},
	{"NotSplit", notSplit, specProp("Bad"), LivenessViolated},
	// The whole next-state relation, a definition inside another, and an action defined in
	// a zero-arity alias chain.
	{"Whole", whole, specProp("Live"), OK},
	{"Whole", whole, specProp("Bad"), LivenessViolated},
	// WF_x(\E v : A(v)) and <>[][\E v : A(v)]_x (as tlaplus/Examples' CRDT): the family of
	// A(1) and A(2), its ENABLED and its box taken from their successors (C's step leaves x
	// unchanged: a box step). Eventually no B step, so x comes to 3 and stays.
	{"Box", box, specProp("Live"), OK},
	{"Box", box, specProp("Bad"), LivenessViolated},
	// A(2) is never split out of Next (its argument is not constant): the family is evaluated.
	{"BoxPartial", `---- MODULE BoxPartial ----
EXTENDS Naturals
VARIABLE x
A(v) == x < 3 /\ x' = IF x + v > 3 THEN 3 ELSE x + v
B == x = 3 /\ x' = 0
Next == A(1) \/ (\E v \in {x - x + 2} : A(v)) \/ B
Spec == x = 0 /\ [][Next]_x /\ WF_x(\E v \in 1..2 : A(v)) /\ <>[][\E v \in 1..2 : A(v)]_x
Live == <>[](x = 3)
====`, specProp("Live"), OK},
	// Without the box, B may go on for ever.
	{"NoBox", `---- MODULE NoBox ----
EXTENDS Naturals
VARIABLE x
A(v) == x < 3 /\ x' = IF x + v > 3 THEN 3 ELSE x + v
B == x = 3 /\ x' = 0
Next == (\E v \in 1..2 : A(v)) \/ B
Spec == x = 0 /\ [][Next]_x /\ WF_x(\E v \in 1..2 : A(v))
Live == <>[](x = 3)
====`, specProp("Live"), LivenessViolated},
	// A successor outside the CONSTRAINT still enables the action: staying at 2 is not fair.
	{"Constraint", `---- MODULE Constraint ----
EXTENDS Naturals
VARIABLE x
Up == x' = x + 1
Reset == x' = 0
Next == Up \/ Reset
Spec == x = 0 /\ [][Next]_x /\ WF_x(Up)
Small == x <= 2
Live == []<>(x # 2)
====`, specProp("Live") + "CONSTRAINT Small\n", OK},
}

const notSplit = `---- MODULE NotSplit ----
EXTENDS Naturals
VARIABLE x
A(v) == x' = v
Next == \E v \in {(x + 1) % 3, (x + 2) % 3} : A(v)
Spec == x = 0 /\ [][Next]_x /\ WF_x(A(1)) /\ WF_x(A(2))
Live == []<>(x = 1)
Bad == []<>(x = 0)
====`

const whole = `---- MODULE Whole ----
EXTENDS Naturals
VARIABLES x, y
Inc == x < 3 /\ x' = x + 1 /\ UNCHANGED y
Flip(v) == y' = v /\ UNCHANGED x
Step == Inc \/ \E v \in {0, 1} : Flip(v)
Next == Step
Spec == x = 0 /\ y = 0 /\ [][Next]_<<x, y>> /\ WF_<<x, y>>(Next) /\ SF_<<x, y>>(Flip(1)) /\ WF_<<x, y>>(Inc)
Live == <>(x = 3) /\ []<>(y = 1)
Bad == <>[](y = 1)
====`

const box = `---- MODULE Box ----
EXTENDS Naturals
VARIABLE x
A(v) == x < 3 /\ x' = IF x + v > 3 THEN 3 ELSE x + v
B == x = 3 /\ x' = 0
C == x = 1 /\ UNCHANGED x
Next == (\E v \in 1..2 : A(v)) \/ B \/ C
Spec == x = 0 /\ [][Next]_x /\ WF_x(\E v \in 1..2 : A(v)) /\ <>[][\E v \in 1..2 : A(v)]_x
Live == <>[](x = 3)
Bad == []<>(x = 0)
====`

// specProp is the configuration checking Spec's property prop.
func specProp(prop string) string { return "SPECIFICATION Spec\nPROPERTY " + prop + "\n" }

// TestDerivedFairnessVerdicts: with the fairness conditions derived and evaluated, each case
// has its verdict, the same counts and the same counterexample.
func TestDerivedFairnessVerdicts(t *testing.T) {
	for _, c := range deriveCases {
		name := fmt.Sprintf("%s %q", c.module, c.conf)
		for _, workers := range []int{1, 2} {
			d := checkSource(t, c.module, c.src, c.conf, Options{Workers: workers})
			e := checkSource(t, c.module, c.src, c.conf, Options{Workers: workers, liveNoDerive: true})
			require.Equal(t, c.verdict, d.Verdict, "%s workers %d: %s", name, workers, d.Violated)
			require.Equal(t, e.Verdict, d.Verdict, name)
			require.Equal(t, e.Generated, d.Generated, name)
			require.Equal(t, e.Distinct, d.Distinct, name)
			require.Equal(t, e.Trace, d.Trace, name)
			require.Equal(t, e.Lasso, d.Lasso, name)
		}
	}
}
