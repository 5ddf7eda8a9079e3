package eval

import (
	"testing"

	"github.com/dsref/dsref/harness/tlaplus/ast"

	"github.com/dsref/dsref/harness/tlaplus/value"

	"github.com/stretchr/testify/require"
)

const hoistSpec = `---- MODULE Hoist ----
EXTENDS Naturals, FiniteSets, TLC
VARIABLE x
S == 1..20
Above(k) == {m \in S : m > k}
\* BlockDag.tla's PreviousLeader: the set counted does not depend on l.
Pick == CHOOSE l \in S : l = Cardinality(Above(5))
\* The same set in a filter, a map, a function and a quantifier.
Filter == {l \in S : l < Cardinality(Above(x))}
Map == {l + Cardinality(Above(x)) : l \in S}
Fun == [l \in S |-> l + Cardinality(Above(x))]
All == \A l \in S : l > 0 /\ l <= Cardinality(Above(x)) + 20
\* Nested loops: the inner set varies with m only.
Nested == \A m \in 1..3 : \E l \in S : l = Cardinality(Above(m)) + Cardinality(Above(x))
Boom(k) == Cardinality(Above(1 \div k))
Lazy == \E l \in S : l > 100 /\ Boom(0) > l
Fails == \A l \in S : l < 3 => Boom(0) > l
Counted == \A l \in 1..3 : TLCSet(1, TLCGet(1) + 1)
Primed == \A l \in 1..3 : Cardinality(Above(x')) + l > 0
Walk == \E l \in S : l # 3 /\ l + Cardinality(Above(x)) = 30
====
`

// A loop evaluates a subexpression that does not depend on its variable once per run, not
// once per element: Pick's CHOOSE tries 15 elements and counts a filter of 20 once (35 loop
// steps), where evaluating it per element took 15 + 15 * 20 = 315. The values are those of the
// tree walker, which hoists nothing; an expression the body never reaches is not evaluated
// (Lazy), one that fails fails where it did (Fails), and one whose value may change between two
// evaluations (TLCSet) is evaluated as often as written.
func TestLoopInvariantsHoisted(t *testing.T) {
	compiled, err := LoadSource("Hoist.tla", []byte(hoistSpec), Options{})
	require.NoError(t, err)
	walked, err := LoadSource("Hoist.tla", []byte(hoistSpec), Options{Interpret: true})
	require.NoError(t, err)
	ctx := func() *Context {
		return &Context{State: []value.Value{value.Int(4)}, Next: []value.Value{value.Int(7)}, Registers: map[int64]value.Value{1: value.Int(0)}}
	}
	steps := func(s *Spec, expr string) (string, int, error) {
		ss := s.NewSession(ctx())
		before := ss.ev.steps
		v, err := ss.Eval(parse(t, expr), nil)
		if err != nil {
			return "", ss.ev.steps - before, err
		}
		return v.String(), ss.ev.steps - before, nil
	}
	v, n, err := steps(compiled, "Pick")
	require.NoError(t, err)
	require.Equal(t, "15", v)
	require.Equal(t, 35, n, "loop steps of Pick")
	_, n, err = steps(walked, "Pick")
	require.NoError(t, err)
	require.Equal(t, 315, n, "loop steps of Pick, walked")

	for _, expr := range []string{"Filter", "Map", "Fun", "All", "Nested", "Lazy", "Primed", "<<Counted, TLCGet(1)>>"} {
		want, _, err := steps(walked, expr)
		require.NoError(t, err, expr)
		got, n, err := steps(compiled, expr)
		require.NoError(t, err, expr)
		require.Equal(t, want, got, expr)
		t.Logf("%s = %s in %d loop steps", expr, got, n)
	}
	// Filter, Map, Fun and All count Above(x) once: 20 steps of their own and 20 for the filter.
	for _, expr := range []string{"Filter", "Map", "Fun", "All"} {
		_, n, err := steps(compiled, expr)
		require.NoError(t, err)
		require.Equal(t, 40, n, expr)
	}
	// Nested: Above(x) once for the whole quantifier, Above(1) once for m = 1, 20 elements of S.
	_, n, err = steps(compiled, "Nested")
	require.NoError(t, err)
	require.Equal(t, 61, n, "Nested")
	_, _, errWalked := steps(walked, "Fails")
	_, _, errCompiled := steps(compiled, "Fails")
	require.Error(t, errWalked)
	require.Error(t, errCompiled)
	require.Equal(t, errWalked.Error(), errCompiled.Error())
	v, _, err = steps(compiled, "<<Counted, TLCGet(1)>>")
	require.NoError(t, err)
	require.Equal(t, "<<TRUE, 3>>", v, "TLCSet is evaluated for every element")
}

// A model checker walking a quantifier (Session.ForEachBinding) binds the frames of what its
// code hoists, so the code of the body it evaluates for each element reads them: Walk's body,
// evaluated for each of the 20 elements, counts Above(x) once (40 loop steps, 400 without the
// frames), and finds the element the walker finds.
func TestWalkedQuantifierHoists(t *testing.T) {
	s, err := LoadSource("Hoist.tla", []byte(hoistSpec), Options{})
	require.NoError(t, err)
	op, ok := s.Definition("Walk")
	require.True(t, ok)
	ss := s.NewSession(&Context{State: []value.Value{value.Int(4)}})
	_, err = ss.Eval(&ast.Ident{Name: "Walk"}, nil) // compiles Walk
	require.NoError(t, err)
	q := op.Body().(*ast.Quant)
	var found []string
	before := ss.ev.steps
	err = ss.ForEachBinding(q.Bounds, nil, func(sc *Scope) (bool, error) {
		ok, err := ss.EvalBool(q.Body, sc)
		if ok {
			l, _ := ss.Eval(&ast.Ident{Name: "l"}, sc)
			found = append(found, l.String())
		}
		return true, err
	})
	require.NoError(t, err)
	require.Equal(t, []string{"14"}, found)
	require.Equal(t, 40, ss.ev.steps-before)
}

const memberHoistSpec = `---- MODULE MemberHoist ----
EXTENDS Naturals
VARIABLE x
\* Digraph.tla's Edges(g) == g[2]: a body whose form decides no membership.
Pairs(k) == {<<a, b>> : a \in 1..k, b \in 1..k}
Edges(g) == g[2]
G == <<1..5, Pairs(x)>>
\* Digraph.tla's Children: the set searched does not depend on c.
Linked == {c \in 1..10 : <<1, c>> \in Pairs(x)}
Children(v) == {c \in 1..10 : <<v, c>> \in Edges(G)}
NotLinked == {c \in 1..10 : <<c, 2>> \notin Pairs(x)}
\* A body whose form decides membership: a filter, decided element by element.
Above(k) == {m \in 1..1000 : m > k}
High == {c \in 1..10 : c * 100 \in Above(x * 100)}
====
`

// Membership in an application of a definition whose body's form decides nothing (a set map of
// tuples, g[2]) evaluates the application and searches it, so a loop that hoists the
// application builds its set once per run: Linked tests 10 tuples against Pairs(4) (16 pairs,
// 4 + 16 loop steps to build) in 10 + 20 loop steps, where deciding membership from the body
// built the set for each test (10 + 10 * 20 = 210). Membership in a filter goes on through its definition (High: its first
// evaluation builds Above once, 1000 steps, as before). The values are the tree walker's.
func TestMembershipInHoistedApplication(t *testing.T) {
	compiled, err := LoadSource("MemberHoist.tla", []byte(memberHoistSpec), Options{})
	require.NoError(t, err)
	walked, err := LoadSource("MemberHoist.tla", []byte(memberHoistSpec), Options{Interpret: true})
	require.NoError(t, err)
	steps := func(s *Spec, expr string) (string, int) {
		ss := s.NewSession(&Context{State: []value.Value{value.Int(4)}})
		before := ss.ev.steps
		v, err := ss.Eval(parse(t, expr), nil)
		require.NoError(t, err, expr)
		return v.String(), ss.ev.steps - before
	}
	for expr, n := range map[string]int{"Linked": 30, "NotLinked": 30, "Children(1)": 30, "Children(3)": 30, "High": 1010} {
		want, _ := steps(walked, expr)
		got, k := steps(compiled, expr)
		require.Equal(t, want, got, expr)
		require.Equal(t, n, k, "loop steps of %s", expr)
	}
}
