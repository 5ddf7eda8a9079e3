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
R[n \in Nat] == IF n = 0 THEN 0 ELSE n + R[n - 1]
K == [k \in {1, 2, 3} |-> <<R, k, {j + k : j \in 1 .. k}>>]
====
`

// A loop reuses the frame binding its variable only while nothing has kept it: each of these
// lazy values (a function over Nat, a recursive function definition, a filter of Nat) keeps the
// k of its own iteration. Expected values by hand: G[k][0] = k, H[k][1] = k + 1, and F[k] holds
// 0..k-1. A function definition of the module (R) keeps no frame: the loops around it go on
// reusing theirs, and K[k] still holds its own k (K[3][2] = 3, K[2][3] = {3, 4}) and R
// (R[3] = 6).
func TestLoopFramesKeptByLazyValues(t *testing.T) {
	s, err := LoadSource("Loops.tla", []byte(loopFrameSpec), Options{})
	require.NoError(t, err)
	for expr, want := range map[string]string{
		"<<G[1][0], G[2][0], G[3][0]>>":             "<<1, 2, 3>>",
		"<<H[1][1], H[2][1], H[3][1]>>":             "<<2, 3, 4>>",
		"<<2 \\in F[3], 2 \\in F[2], 0 \\in F[1]>>": "<<TRUE, FALSE, TRUE>>",
		"P": "TRUE",
		// Nested loops: each frame keeps its parent while only its value changes.
		"{<<i, j>> : i \\in 1 .. 3, j \\in 1 .. i}":          "{<<1, 1>>, <<2, 1>>, <<2, 2>>, <<3, 1>>, <<3, 2>>, <<3, 3>>}",
		"[k \\in 1 .. 3 |-> {j * k : j \\in 1 .. k}]":        "<<{1}, {2, 4}, {3, 6, 9}>>",
		"{i \\in 1 .. 4 : \\E j \\in 1 .. i : j * j = i}":    "{1, 4}",
		"<<K[1][2], K[2][2], K[3][2], K[3][1][3], K[2][3]>>": "<<1, 2, 3, 6, {3, 4}>>",
		"{K[k][1][k] + K[k][2] : k \\in {1, 2, 3}}":          "{2, 5, 9}",
	} {
		v, err := s.NewSession(nil).Eval(parse(t, expr), nil)
		require.NoError(t, err, expr)
		require.Equal(t, want, v.String(), expr)
	}
}
