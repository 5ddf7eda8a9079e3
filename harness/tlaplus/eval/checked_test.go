package eval

import (
	"testing"

	"github.com/dsref/dsref/harness/tlaplus/value"
	"github.com/stretchr/testify/require"
)

// TestCheckedLoadsWithTheirOwnConstants: a module checked once (CheckSource) and loaded twice
// with different constants and decoded files, as trace validation loads its trace module once
// per trace header, gives each load its own values: the memoized constant definition (Nodes,
// Quorums) of one load is not seen by the other. The loads share the syntax tree and the
// semantic check (neither is done again), and a load of another file is refused.
func TestCheckedLoadsWithTheirOwnConstants(t *testing.T) {
	const src = `---- MODULE Traced ----
EXTENDS Naturals, FiniteSets, Json
CONSTANT Server, Bonus
Log == ndJsonDeserialize("run.ndjson")
TraceServer == {Log[1].nodes[k] : k \in DOMAIN Log[1].nodes}
Quorums == {Q \in SUBSET Server : 2 * Cardinality(Q) > Cardinality(Server)}
Size == Cardinality(Quorums) + Bonus
====`
	checked, err := CheckSource("Traced.tla", []byte(src), Options{})
	require.NoError(t, err)
	header := func(nodes ...string) map[string]value.Tuple {
		var ns value.Tuple
		for _, n := range nodes {
			ns = append(ns, value.Str(n))
		}
		h, err := value.NewRecord([]string{"nodes"}, []value.Value{ns})
		require.NoError(t, err)
		return map[string]value.Tuple{"run.ndjson": {h}}
	}
	load := func(bonus int64, nodes ...string) *Spec {
		s, err := LoadSource("Traced.tla", nil, Options{Checked: checked, NDJSON: header(nodes...), Constants: []Constant{
			{Name: "Server", Substitute: "TraceServer"}, {Name: "Bonus", Value: value.Int(bonus)}}})
		require.NoError(t, err)
		return s
	}
	three, five := load(0, "a", "b", "c"), load(100, "a", "b", "c", "d", "e")
	require.Equal(t, int64(4), evalInt(t, three, "Size"), "3 nodes: 3 quorums of 2 and 1 of 3")
	require.Equal(t, int64(116), evalInt(t, five, "Size"), "5 nodes: 10 + 5 + 1 quorums, and Bonus 100")
	require.Equal(t, int64(4), evalInt(t, load(0, "x", "y", "z"), "Size"))

	require.Same(t, three.Root, five.Root, "the syntax tree is shared, not parsed again")
	require.NotNil(t, three.Semantic())
	require.Same(t, three.Semantic(), five.Semantic(), "the semantic check is shared, not run again")

	_, err = LoadSource("Other.tla", nil, Options{Checked: checked})
	require.ErrorContains(t, err, "Traced.tla")

	_, err = CheckSource("Bad.tla", []byte("---- MODULE Bad ----\nX == Y\n===="), Options{})
	require.ErrorContains(t, err, "Y", "the check reports an unknown name, as LoadSource does")
}
