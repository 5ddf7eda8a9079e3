package eval

import (
	"testing"

	"github.com/dsref/dsref/harness/tlaplus/ast"
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

// A set filter, set map or function constructor that reads no name but its own bound ones (and
// constants) is a constant, computed once, wherever it is written: GameOfLife's neighbours
// {x \in {-1, 0, 1} \X {-1, 0, 1} : x # <<0, 0>>}, in a LET of the operator scoring each cell,
// were built at every application (65,536 states x 16 cells). One reading a parameter of the
// operator it is written in, or the state, is not; nor is one the evaluator walks instead of
// compiling (a tuple binder once was: GameOfLife's {<<p[1] + x, p[2] + y>> : <<x, y>> \in nbrs}; so
// was a function definition's body: GameOfLife's sc[<<x, y>> \in ...]).
// Inside such a constructor, an expression memoized when constant that binds nothing ({i}) or
// the set a nested filter ranges over (1 .. x) reads the constructor's names, so is not
// constant: with those reads uncounted, {{i} : i \in 1 .. 3} was {{1}} (Quicksort's UV). Expected
// values worked out by hand.
func TestConstructorsReadingOnlyTheirOwnNamesAreConstants(t *testing.T) {
	s, err := LoadSource("Nbrs.tla", []byte(`---- MODULE Nbrs ----
EXTENDS Integers
VARIABLE v
Nbrs(p) == LET n == {x \in {-1, 0, 1} \X {-1, 0, 1} : x # <<0, 0>>} IN {<<p + d[1], d[2]>> : d \in n}
Sq(p) == {x * x : x \in 1 .. 3}
Fn(p) == [i \in 1 .. 3 |-> \E j \in 1 .. i : j * j = i]
Above(p) == {x \in 1 .. 3 : x > p}
State(p) == {x \in 1 .. 3 : x > v}
Nested(p) == {x \in 1 .. 3 : {y \in 1 .. 3 : y < x} # {}}
Swap(p) == {<<y, x>> : <<x, y>> \in {1, 2} \X {3}}
Fd[<<i, j>> \in {1, 2} \X {1}] == {x \in 1 .. 3 : x > 1} \cup {i + j + v}
Singles == {{i} : i \in 1 .. 3}
Prefixes == {<<x, {y \in 1 .. x : TRUE}>> : x \in 1 .. 2}
Ask == << Nbrs(0), Nbrs(1), Sq(0), Fn(0), Above(1), Above(2), State(0), Nested(0), Swap(0), Fd[<<1, 1>>],
         Singles, Prefixes >>
====
`), Options{})
	require.NoError(t, err)
	for _, x := range []int64{1, 2} {
		v, err := s.NewSession(&Context{State: []value.Value{value.Int(x)}}).Eval(parse(t, "Ask"), nil)
		require.NoError(t, err)
		state := map[int64]string{1: "{2, 3}", 2: "{3}"}[x]
		require.Equal(t, "<<{<<-1, -1>>, <<-1, 0>>, <<-1, 1>>, <<0, -1>>, <<0, 1>>, <<1, -1>>, <<1, 0>>, <<1, 1>>}, "+
			"{<<0, -1>>, <<0, 0>>, <<0, 1>>, <<1, -1>>, <<1, 1>>, <<2, -1>>, <<2, 0>>, <<2, 1>>}, {1, 4, 9}, "+
			"<<TRUE, FALSE, FALSE>>, {2, 3}, {3}, "+state+", {2, 3}, {<<3, 1>>, <<3, 2>>}, "+map[int64]string{1: "{2, 3}", 2: "{2, 3, 4}"}[x]+
			", {{1}, {2}, {3}}, {<<1, {1}>>, <<2, {1, 2}>>}>>", v.String())
	}
	body := func(name string) ast.Expr { return s.root.defs[name].body }
	constant := func(x ast.Expr) bool {
		var m *ast.Memo
		switch y := x.(type) {
		case *ast.SetFilter:
			m = &y.Memo
		case *ast.SetMap:
			m = &y.Memo
		case *ast.FuncCons:
			m = &y.Memo
		}
		r := m.Resolved()
		require.NotNil(t, r, "%s was evaluated", x)
		_, ok := r.Value.(*memoBox)
		return ok
	}
	require.True(t, constant(body("Nbrs").(*ast.Let).Defs[0].(*ast.OpDef).Body), "the neighbours")
	require.False(t, constant(body("Nbrs").(*ast.Let).Body), "the map reads p")
	require.True(t, constant(body("Sq")))
	require.True(t, constant(body("Fn")))
	require.True(t, constant(body("Swap")), "a tuple binder's names are its own too (compiled, not walked)")
	require.True(t, constant(s.root.defs["Fd"].funcDef.Body.(*ast.InfixExpr).L),
		"in a function definition's body, compiled (it was walked)")
	require.False(t, constant(body("Above")))
	require.False(t, constant(body("State")))
}
