package eval

import (
	"testing"

	"github.com/dsref/dsref/harness/tlaplus/value"

	"github.com/stretchr/testify/require"
)

// Membership in a definition without parameters that reads the state is decided from its body,
// without building the set (tlaplus/Examples' Quicksort checks UV \in DomainPartitions, a filter
// of SUBSET SUBSET (1..Len(seq0)), in every state; TLC decides it without enumerating). Parts
// below are filters of SUBSET (1..30), which has 2^30 elements, more than the evaluator
// enumerates: building it fails, so only the body's membership can answer. A constant
// definition is still built once and searched (its memo is set). Expected values worked out by
// hand.
func TestMembershipInAStateDefinitionBuildsNoSet(t *testing.T) {
	s, err := LoadSource("Parts.tla", []byte(`---- MODULE Parts ----
EXTENDS Naturals, FiniteSets
VARIABLE x
Parts == {p \in SUBSET (1 .. 30) : Cardinality(p) = x}
Small == {p \in SUBSET (1 .. 3) : Cardinality(p) = 2}
Ask == << 1 .. x \in Parts, {x + 1} \in Parts, {31} \notin Parts, {1, 2} \in Small, {3} \in Small >>
====
`), Options{})
	require.NoError(t, err)
	for x, want := range map[int64]string{
		1: "<<TRUE, TRUE, TRUE, TRUE, FALSE>>",
		2: "<<TRUE, FALSE, TRUE, TRUE, FALSE>>",
	} {
		ss := s.NewSession(&Context{State: []value.Value{value.Int(x)}})
		v, err := ss.Eval(parse(t, "Ask"), nil)
		require.NoError(t, err, "x = %d", x)
		require.Equal(t, want, v.String(), "x = %d", x)
		_, err = ss.Eval(parse(t, "Parts"), nil)
		require.ErrorContains(t, err, "2^30", "building Parts itself is refused")
	}
	require.NotNil(t, s.root.defs["Small"].memo.Load(), "Small reads no state: built once and searched")
	require.Nil(t, s.root.defs["Parts"].memo.Load())
}
