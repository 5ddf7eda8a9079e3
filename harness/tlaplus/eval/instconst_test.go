package eval

import (
	"testing"

	"github.com/dsref/dsref/harness/tlaplus/value"

	"github.com/stretchr/testify/require"
)

const instConstSpec = `---- MODULE Outer ----
EXTENDS Naturals, FiniteSets
VARIABLES x, z
C == INSTANCE Inner WITH S <- {1, 2, 3}, v <- x, w <- z
P(k) == INSTANCE Inner WITH S <- k, v <- x, w <- z
R(k) == INSTANCE Mid WITH T <- k, v <- x, w <- z
====
---- MODULE Mid ----
CONSTANT T
VARIABLES v, w
K == INSTANCE Inner WITH S <- T
====
---- MODULE Inner ----
EXTENDS Naturals, FiniteSets
CONSTANT S
VARIABLES v, w
Pairs == {q \in SUBSET S : Cardinality(q) = 2}
AllMeet == \A q \in Pairs : Cardinality(q \cup {v}) >= 2
Singles == {q \in SUBSET w : Cardinality(q) = 1}
AnySingle(n) == \E q \in Singles : n \in q
NoPairWith(n) == ~\E q \in Pairs : n \in q
====
`

// A set filter streamed by a quantifier is kept once a stream of it has run to the end reading
// nothing but constants (filterIter, remember): in an instance without parameters written at the
// top level (C), a CONSTANT substituted by a constant expression (S <- {1, 2, 3}) is such a
// constant, and what the quantifier's body reads between two elements (v, the variable x) is
// the body's, not the filter's. So C!Pairs, a filter over the 8 subsets of S, is streamed once
// (8 + 3 loop steps) and then its 3 pairs are enumerated (3 steps). A filter over a VARIABLE
// substituted by a variable (Singles: w <- z) is streamed in every state, with that state's
// value of z. Substitutions of an instance with parameters (P(k): S <- k), or of one nested in
// it (R(k)!K: S <- T, T <- k), are not constants: each application gives its own value.
// Figures worked out by hand: SUBSET {1, 2, 3} has 8 elements, 3 of them of cardinality 2.
func TestInstanceConstantFilterKept(t *testing.T) {
	s, err := LoadSource("Outer.tla", []byte(instConstSpec), Options{})
	require.NoError(t, err)
	set := func(elems ...value.Value) value.Value {
		s, err := value.NewSet(elems...)
		require.NoError(t, err)
		return s
	}
	ctx := &Context{State: []value.Value{value.Int(1), set(value.Int(1), value.Int(2))}}
	ss := s.NewSession(ctx)
	t.Cleanup(ss.Close)
	eval := func(expr, want string, steps int) {
		t.Helper()
		ss.Reset(ctx) // a new evaluation, which keeps no definition's value of the last
		before := ss.ev.steps
		v, err := ss.Eval(parse(t, expr), nil)
		require.NoError(t, err, expr)
		require.Equal(t, want, v.String(), expr)
		require.Equal(t, steps, ss.ev.steps-before, "loop steps of %s", expr)
	}
	eval("C!AllMeet", "TRUE", 8+3)
	eval("C!AllMeet", "TRUE", 3)
	eval("C!NoPairWith(4)", "TRUE", 3)

	// Singles: SUBSET z streamed each time, {1, 2} then {3}: 4 subsets, then 2.
	eval("C!AnySingle(3)", "FALSE", 4+2)
	ctx.State = []value.Value{value.Int(1), set(value.Int(3))}
	eval("C!AnySingle(3)", "TRUE", 2+1)
	eval("C!AnySingle(3)", "TRUE", 2+1)

	// With parameters: 4 subsets of {1, 2}, 1 pair; 4 subsets of {2, 3}, 1 pair.
	eval("P({1, 2})!NoPairWith(3)", "TRUE", 4+1)
	eval("P({2, 3})!NoPairWith(3)", "FALSE", 4+1)
	eval("P({1, 2})!NoPairWith(3)", "TRUE", 4+1)
	eval("R({1, 2})!K!NoPairWith(3)", "TRUE", 4+1)
	eval("R({2, 3})!K!NoPairWith(3)", "FALSE", 4+1)
	eval("R({1, 2})!K!NoPairWith(3)", "TRUE", 4+1)
}
