package eval

import (
	"fmt"
	"testing"

	"github.com/dsref/dsref/harness/tlaplus/value"

	"github.com/stretchr/testify/require"
)

// A constant definition is computed once, as TLC computes it when it starts, even when its
// evaluation makes a function definition's closure (which counts as reading the state, as
// the closure could read it): tlaplus/Examples' EWD998ChanID chooses RingOfNodes == CHOOSE r \in
// [Node -> Node] : IsSimpleCycle(Node, r), IsSimpleCycle a LET of a recursive function, and
// numbers the ring with nat2node[i \in 0..N-1], a recursive function definition; both were
// recomputed for every state (3,125 candidate rings each). A function definition reading the
// state is not memoized. Expected values worked out by hand.
func TestConstantDefinitionsWithFunctionDefinitionsAreComputedOnce(t *testing.T) {
	s, err := LoadSource("Ring.tla", []byte(`---- MODULE Ring ----
EXTENDS Naturals
VARIABLE x
Follow(r) == LET F[i \in 0 .. 2] == IF i = 0 THEN 0 ELSE r[F[i - 1]] IN F[2]
Ring == CHOOSE r \in [0 .. 2 -> 0 .. 2] : r[0] = 1 /\ Follow(r) = 2
Order[i \in 0 .. 2] == IF i = 0 THEN 0 ELSE Ring[Order[i - 1]]
Shift[i \in 0 .. 1] == x + i
Ask == << Ring[0], Ring[1], Order[2], Shift[1] >>
====
`), Options{})
	require.NoError(t, err)
	for _, x := range []int64{1, 5} {
		v, err := s.NewSession(&Context{State: []value.Value{value.Int(x)}}).Eval(parse(t, "Ask"), nil)
		require.NoError(t, err)
		require.Equal(t, fmt.Sprintf("<<1, 2, 2, %d>>", x+1), v.String())
	}
	require.NotNil(t, s.root.defs["Ring"].memo.Load(), "Ring reads no variable")
	require.NotNil(t, s.root.defs["Order"].memo.Load(), "Order reads no variable")
	require.Nil(t, s.root.defs["Shift"].memo.Load(), "Shift reads x")
}
