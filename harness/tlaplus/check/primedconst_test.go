package check

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// primedConst primes a constant in an invariant and, in PrimedAssume, in an ASSUME.
const primedConst = `---- MODULE PrimedConst ----
EXTENDS Naturals
CONSTANT c
VARIABLE x
Init == x = 0
Next == x' = 1 - x
Inv == c' = c
Stay == UNCHANGED c
Spec == Init /\ Stay
====`

// TestPrimedConstantIsAnAction: c' for a CONSTANT c is an action, as SANY levels it (BuiltInLevel
// gives ' the level 2 of its own, its operand weight 0). So INVARIANT Inv with Inv == c' = c is
// refused when the run starts, as TLC refuses an invariant of level 2 or more
// (SpecProcessor.processConfigInvariants, EC.TLC_INVARIANT_VIOLATED_LEVEL: "The invariant Inv is
// not a state predicate"); it was taken as a constant-level invariant and its evaluation failed
// in the initial state ("primed expression evaluated outside an action"). ASSUME c' = c is
// refused by the level check as SANY refuses it (AssumeNode.levelCheck: "assumptions must be
// level 0 (Constant), but this one has level 2").
func TestPrimedConstantIsAnAction(t *testing.T) {
	_, err := checkSourceErr(t, "PrimedConst", primedConst, "CONSTANT c = 1\nINIT Init\nNEXT Next\nINVARIANT Inv\n", Options{})
	require.ErrorContains(t, err, "INVARIANT Inv is an action-level (primed) formula")
	var le *LoadError
	require.ErrorAs(t, err, &le)

	// TLC's SpecProcessor.processConfigSpec: Stay's body has getLevelBound 2 (isAction:
	// OPCODE_unchanged), neither an initial predicate (level <= 1) nor temporal (3):
	// TLC_CANT_HANDLE_CONJUNCT. Spec.Level took UNCHANGED c for a constant, so Stay was an
	// initial predicate and the spec was refused for having no [][Next]_vars conjunct.
	_, err = checkSourceErr(t, "PrimedConst", primedConst, "CONSTANT c = 1\nSPECIFICATION Spec\n", Options{})
	require.ErrorContains(t, err, "SPECIFICATION Spec: TLC cannot handle this conjunct of the spec:\nline 8, col 9 to line 8, col 19 of module PrimedConst")
	require.ErrorAs(t, err, &le)

	const assume = "---- MODULE PrimedAssume ----\nCONSTANT c\nVARIABLE x\nASSUME c' = c\nInit == x = 0\nNext == x' = x\n===="
	_, err = checkSourceErr(t, "PrimedAssume", assume, "CONSTANT c = 1\nINIT Init\nNEXT Next\n", Options{})
	require.ErrorContains(t, err, "PrimedAssume.tla:4:8: level error: ASSUME needs a constant-level expression, found an action-level one")
}
