package eval

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/dsref/dsref/harness/tlaplus/syntax"
)

// TestCausalOrderIsNativeAndCausal: VectorClocks' CausalOrder is a native operator (its
// definition chooses among n^n functions), and on the shuffled log of a random run of nodes
// exchanging messages it returns the log's entries, each once, in an order IsCausalOrder
// accepts; on a log whose causal order is total it returns that order.
func TestCausalOrderIsNativeAndCausal(t *testing.T) {
	s, err := LoadSource("CO.tla", []byte("---- MODULE CO ----\nEXTENDS VectorClocks, Sequences, Functions\n====\n"), Options{})
	require.NoError(t, err)
	op, ok := s.Definition("CausalOrder")
	require.True(t, ok)
	require.True(t, op.IsNative(), "CausalOrder is a native operator")
	eval := func(t require.TestingT, expr string) string {
		x, err := syntax.ParseExpr("test", expr)
		require.NoError(t, err, expr)
		v, err := s.NewSession(nil).Eval(x, nil)
		require.NoError(t, err, expr)
		return v.String()
	}
	const order = "CausalOrder(L, LAMBDA e : e.vc, LAMBDA e : e.node, LAMBDA vc : DOMAIN vc)"
	// Node 1 sends to 2, 2 receives then sends to 1, 1 receives: one order only.
	total := `<<[node |-> 1, vc |-> <<2, 2>>], [node |-> 2, vc |-> <<1, 2>>], [node |-> 1, vc |-> <<1, 0>>], [node |-> 2, vc |-> <<1, 1>>]>>`
	require.Equal(t, `<<[node |-> 1, vc |-> <<1, 0>>], [node |-> 2, vc |-> <<1, 1>>], [node |-> 2, vc |-> <<1, 2>>], [node |-> 1, vc |-> <<2, 2>>]>>`,
		eval(t, "LET L == "+total+" IN "+order))
	rapid.Check(t, func(t *rapid.T) {
		k := rapid.IntRange(1, 3).Draw(t, "nodes")
		clocks := make([][]int, k)
		for i := range clocks {
			clocks[i] = make([]int, k)
		}
		var inflight [][]int
		var entries []string
		for range rapid.IntRange(1, 9).Draw(t, "events") {
			n := rapid.IntRange(0, k-1).Draw(t, "node")
			vc := clocks[n]
			if len(inflight) > 0 && rapid.Bool().Draw(t, "receive") {
				i := rapid.IntRange(0, len(inflight)-1).Draw(t, "message")
				for j, c := range inflight[i] {
					vc[j] = max(vc[j], c)
				}
				inflight = append(inflight[:i], inflight[i+1:]...)
			}
			vc[n]++
			if rapid.Bool().Draw(t, "send") {
				inflight = append(inflight, append([]int(nil), vc...))
			}
			entries = append(entries, fmt.Sprintf("[node |-> %d, vc |-> <<%s>>]", n+1, strings.Trim(strings.Join(strings.Fields(fmt.Sprint(vc)), ", "), "[]")))
		}
		shuffled := rapid.Permutation(entries).Draw(t, "log")
		expr := "LET L == <<" + strings.Join(shuffled, ", ") + ">> R == " + order +
			" IN <<IsCausalOrder(R, LAMBDA e : e.vc), Range(R) = Range(L), Len(R) = Len(L)>>"
		require.Equal(t, "<<TRUE, TRUE, TRUE>>", eval(t, expr), expr)
	})
}
