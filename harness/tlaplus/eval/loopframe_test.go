package eval

import (
	"testing"

	"github.com/stretchr/testify/require"
)

const loopFrameSpec = `---- MODULE Loops ----
EXTENDS Naturals
G == [k \in {1, 2, 3} |-> [n \in Nat |-> n + k]]
H == [k \in {1, 2, 3} |-> LET f[n \in Nat] == n + k IN f]
F == [k \in {1, 2, 3} |-> {m \in Nat : m < k}]
P == \A k \in {1, 2} : \E j \in {k} : j = k
====
`

// A loop reuses the frame binding its variable only while nothing has kept it: each of these
// lazy values (a function over Nat, a recursive function definition, a filter of Nat) keeps the
// k of its own iteration. Expected values by hand: G[k][0] = k, H[k][1] = k + 1, and F[k] holds
// 0..k-1.
func TestLoopFramesKeptByLazyValues(t *testing.T) {
	s, err := LoadSource("Loops.tla", []byte(loopFrameSpec), Options{})
	require.NoError(t, err)
	for expr, want := range map[string]string{
		"<<G[1][0], G[2][0], G[3][0]>>":             "<<1, 2, 3>>",
		"<<H[1][1], H[2][1], H[3][1]>>":             "<<2, 3, 4>>",
		"<<2 \\in F[3], 2 \\in F[2], 0 \\in F[1]>>": "<<TRUE, FALSE, TRUE>>",
		"P": "TRUE",
	} {
		v, err := s.NewSession(nil).Eval(parse(t, expr), nil)
		require.NoError(t, err, expr)
		require.Equal(t, want, v.String(), expr)
	}
}
