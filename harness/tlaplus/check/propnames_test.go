package check

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// propertyNames is a specification whose PROPERTIES reach their safety parts through other
// definitions, named as TLC's SpecProcessor.processConfigProps names them: after the innermost
// definition without parameters ([]Small through Prop == Both, Both == Inv /\ Mono, Inv ==
// []Small is the invariant Small: a boxed name names the invariant), after the definition of
// the [][A]_v (Mono), or, for a conjunct written out in a conjunction and not reached through
// a name, after its location (SemanticNode.toString). A temporal part keeps the configuration's
// name, as TLC names a violated temporal property (its ChooseTableauSymmetryTestA).
const propertyNames = `---- MODULE PropNames ----
EXTENDS Naturals
VARIABLE x
Init == x = 0
Next == x' = x + 1
Spec == Init /\ [][Next]_x
Small == x < 3
Inv == []Small
Mono == [][x' > x /\ x' < 3]_x
Both == Inv /\ Mono
Prop == Both
Direct == [](x < 2)
Loc == [](x < 3) /\ Mono
InitP == x = 1 /\ Mono
Ever == <>(x = 10) /\ Inv
Bound == x < 2
Live == Ever
====`

func TestPropertyPartsNamedAsTLC(t *testing.T) {
	for _, c := range []struct {
		prop, violated string
		verdict        Verdict
	}{
		{"Prop", "Small", InvariantViolated},
		{"Both", "Small", InvariantViolated},
		{"Direct", "Direct", InvariantViolated},
		{"Mono", "Mono", ActionPropertyViolated},
		{"Loc", "line 13, col 8 to line 13, col 16 of module PropNames", InvariantViolated},
		{"InitP", "line 14, col 10 to line 14, col 14 of module PropNames", ActionPropertyViolated},
	} {
		res := checkSource(t, "PropNames", propertyNames, "SPECIFICATION Spec PROPERTY "+c.prop, Options{})
		require.Equal(t, c.verdict, res.Verdict, "PROPERTY %s", c.prop)
		require.Equal(t, c.violated, res.Violated, "PROPERTY %s", c.prop)
	}
	// The temporal part of Live (through Ever) is named Live; the state space is cut before
	// Inv fails.
	res := checkSource(t, "PropNames", propertyNames, "SPECIFICATION Spec PROPERTY Live CONSTRAINT Bound", Options{})
	require.Equal(t, LivenessViolated, res.Verdict)
	require.Equal(t, "Live", res.Violated)
}

// TestConstantLevelInvariantWarning is TLC's test ConstLevelInvariantTest: an INVARIANT that is
// a constant-level formula is checked (3 states generated, 2 distinct, depth 2) and TLC warns
// that it evaluates to TRUE, in its words; one of state level is not warned about.
func TestConstantLevelInvariantWarning(t *testing.T) {
	const spec = `---- MODULE ConstLevelInvariant ----
EXTENDS Naturals
CONSTANT C
VARIABLE b
Init == b = FALSE
Next == b' = TRUE
Spec == Init /\ [][Next]_b
ConstLevelInvariant == C \subseteq Nat
StateInvariant == b \in BOOLEAN
====`
	res := checkSource(t, "ConstLevelInvariant", spec, "SPECIFICATION Spec CONSTANT C = {1, 2, 3} INVARIANT ConstLevelInvariant StateInvariant", Options{})
	require.Equal(t, OK, res.Verdict)
	require.Equal(t, []int64{3, 2, 2}, []int64{res.Generated, res.Distinct, int64(res.Depth)})
	require.Equal(t, []string{"The invariant ConstLevelInvariant is a constant-level formula (i.e., it contains no variables, primes, or temporal operators) and evaluates to TRUE. " +
		"To assert constant-level formulas in your spec, use ASSUME ConstInv. If you optionally want to give the assumption a name, write ASSUME YourAssumption == ConstInv instead. " +
		"See https://explain.tlapl.us/assumptions-and-invariants for additional details.\n(Use the -nowarning option to disable this warning.)"}, res.Warnings)
}
