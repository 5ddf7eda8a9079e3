package eval

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dsref/dsref/harness/tlaplus/syntax"
	"pgregory.net/rapid"
)

// graphsSpec defines the community Graphs module's SimplePath, AreConnectedIn and
// IsStronglyConnected again under other names, as written there, for the natives to be compared
// with.
const graphsSpec = `---- MODULE GraphsAsDefined ----
EXTENDS Graphs, Sequences, SequencesExt, FiniteSets
DefSimplePath(G) ==
    {p \in SeqOf(G.node, Cardinality(G.node)) :
        /\ p /= << >>
        /\ Cardinality({p[i] : i \in DOMAIN p}) = Len(p)
        /\ \A i \in 1 .. (Len(p) - 1) : <<p[i], p[i + 1]>> \in G.edge}
DefAreConnectedIn(m, n, G) == \E p \in DefSimplePath(G) : p[1] = m /\ p[Len(p)] = n
DefIsStronglyConnected(G) == \A m, n \in G.node : DefAreConnectedIn(m, n, G)
====`

// TestGraphsNativesAreTheDefinitions: Graphs' SimplePath and AreConnectedIn are natives (as TLC's
// Java overrides), and they and IsStronglyConnected give what the module's definitions give, on
// graphs whose edges may leave the nodes, loop, or not be pairs at all.
func TestGraphsNativesAreTheDefinitions(t *testing.T) {
	s, err := LoadSource("GraphsAsDefined.tla", []byte(graphsSpec), Options{})
	require.NoError(t, err)
	for _, name := range []string{"SimplePath", "AreConnectedIn"} {
		op, ok := s.Definition(name)
		require.True(t, ok, name)
		require.True(t, op.IsNative(), "%s is a native operator", name)
	}
	rapid.Check(t, func(t *rapid.T) {
		nodes := rapid.SliceOfNDistinct(rapid.IntRange(1, 4), 0, 4, rapid.ID[int]).Draw(t, "nodes")
		var edges []string
		for range rapid.IntRange(0, 7).Draw(t, "edges") {
			switch rapid.IntRange(0, 9).Draw(t, "shape") {
			case 0:
				edges = append(edges, "<<1, 2, 3>>")
			case 1:
				// Not a pair, but a sequence: TLC compares values of one kind only.
				edges = append(edges, `<<"e">>`)
			default:
				edges = append(edges, fmt.Sprintf("<<%d, %d>>", rapid.IntRange(0, 5).Draw(t, "from"), rapid.IntRange(0, 5).Draw(t, "to")))
			}
		}
		ns := make([]string, len(nodes))
		for i, n := range nodes {
			ns[i] = fmt.Sprint(n)
		}
		g := fmt.Sprintf("[node |-> {%s}, edge |-> {%s}]", strings.Join(ns, ", "), strings.Join(edges, ", "))
		m, n := rapid.IntRange(0, 5).Draw(t, "m"), rapid.IntRange(0, 5).Draw(t, "n")
		expr := fmt.Sprintf("LET G == %s IN <<SimplePath(G) = DefSimplePath(G), AreConnectedIn(%d, %d, G) = DefAreConnectedIn(%d, %d, G), IsStronglyConnected(G) = DefIsStronglyConnected(G)>>", g, m, n, m, n)
		x, err := syntax.ParseExpr("test", expr)
		require.NoError(t, err, expr)
		v, err := s.NewSession(nil).Eval(x, nil)
		require.NoError(t, err, expr)
		require.Equal(t, "<<TRUE, TRUE, TRUE>>", v.String(), expr)
	})
}
