package eval

import (
	"testing"

	"github.com/dsref/dsref/harness/tlaplus/value"

	"github.com/stretchr/testify/require"
)

const argCacheSpec = `---- MODULE ArgCache ----
EXTENDS Naturals, FiniteSets, TLC
VARIABLE x
Big(k) == Cardinality({y \in 1 .. 50 : y <= x + k})
Three == \A k \in {1} : Big(k) + Big(k) + Big(1) = 33
Primed == Big(1) + Big(1)'
Arg == Big(x - 9) + Big(x - 9)
Noisy(k) == IF PrintT(k) THEN {y \in 1 .. 2 : y > x} ELSE {}
Twice == Noisy(1) \cup Noisy(1)
Member == \A k \in {1} : Big(k) > 0 /\ 11 \in {Big(k)} /\ 11 \in {n \in 1 .. 20 : n = Big(k)}
====
`

// A state function with a parameter is computed once per state and argument value (argCached):
// Three applies Big to 1 three times, twice through the bound k and once to the literal 1, and
// costs one loop over 1 .. 50 (and one over {1}) instead of three. Under a prime the next
// state's value is computed (Big(1)' is not Big(1)), an argument that is not a known value
// (x - 9) is passed by name and the application computed at each use, a definition with an
// effect (PrintT) prints at each use as in TLC, and a Reset to another state computes again.
func TestStateFunctionsCachedPerArgument(t *testing.T) {
	ss, ctx, printed := printingSession(t, "ArgCache.tla", argCacheSpec)

	steps := ss.ev.steps
	v, err := ss.Eval(parse(t, "Three"), nil)
	require.NoError(t, err)
	require.Equal(t, "TRUE", v.String())
	require.Equal(t, 51, ss.ev.steps-steps, "loop iterations")

	v, err = ss.Eval(parse(t, "Primed"), nil)
	require.NoError(t, err)
	require.Equal(t, "32", v.String(), "Big(1) = 11 at x = 10, Big(1)' = 21 at x' = 20")

	steps = ss.ev.steps
	v, err = ss.Eval(parse(t, "Arg"), nil)
	require.NoError(t, err)
	require.Equal(t, "22", v.String())
	require.Equal(t, 100, ss.ev.steps-steps, "an argument passed by name: computed at each use")

	v, err = ss.Eval(parse(t, "Twice"), nil)
	require.NoError(t, err)
	require.Equal(t, "{}", v.String())
	require.Len(t, *printed, 2)

	v, err = ss.Eval(parse(t, "Member"), nil)
	require.NoError(t, err)
	require.Equal(t, "TRUE", v.String())

	ctx.State = []value.Value{value.Int(20)}
	ss.Reset(ctx)
	steps = ss.ev.steps
	v, err = ss.Eval(parse(t, "Big(1) + Big(1)"), nil)
	require.NoError(t, err)
	require.Equal(t, "42", v.String())
	require.Equal(t, 50, ss.ev.steps-steps, "computed again in the new state, once")
}
