package check

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// repeatedSteps generates every step three times (one per witness of the \E), as TLC counts
// them: 1 initial + 3 + 3 = 7 generated, 2 distinct.
const repeatedSteps = `---- MODULE RepeatedSteps ----
EXTENDS Naturals, TLC
VARIABLE x
ASSUME TLCSet(1, 0)
Init == x = 0
Next == \E i \in 1..3 : x' = 1 - x
Changes == [][x' # x]_x
Counted == [][TLCGet(1) < 4 /\ TLCSet(1, TLCGet(1) + 1)]_x
Stays == [][x' = x]_x
====`

// TLC checks the step properties on every step generated, a step generated again included. A
// step already checked from the state being expanded is not checked again (its answer is the
// same), unless the property reads TLCGet or TLCSet: Counted counts its evaluations, and TLC's
// fifth one (the second step from x = 1) is where it fails; evaluated once per different step
// it would hold.
func TestStepPropertiesOnEveryStep(t *testing.T) {
	for _, opts := range []Options{{}, {Workers: 2}, {Mode: DFS, Depth: 10}} {
		res := checkSource(t, "RepeatedSteps", repeatedSteps, "INIT Init NEXT Next PROPERTY Changes", opts)
		require.Equal(t, OK, res.Verdict, res.Violated)
		require.Equal(t, [2]int64{7, 2}, [2]int64{res.Generated, res.Distinct})

		res = checkSource(t, "RepeatedSteps", repeatedSteps, "INIT Init NEXT Next PROPERTY Stays", opts)
		require.Equal(t, ActionPropertyViolated, res.Verdict)
		require.Equal(t, "Stays", res.Violated)
	}
	res := checkSource(t, "RepeatedSteps", repeatedSteps, "INIT Init NEXT Next PROPERTY Counted", Options{Workers: 1})
	require.Equal(t, ActionPropertyViolated, res.Verdict)
	require.Equal(t, "Counted", res.Violated)
	require.Equal(t, int64(6), res.Generated)
}
