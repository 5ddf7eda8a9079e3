package eval

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dsref/dsref/harness/tlaplus/value"
)

const constLevelSpec = `---- MODULE ConstLevel ----
EXTENDS Naturals
VARIABLE v
N == 3
Op(k) == k + N
RECURSIVE Down(_)
Down(n) == IF n = 0 THEN 0 ELSE Down(n - 1)
RECURSIVE Up(_)
Up(n) == IF n > v THEN 0 ELSE Up(n + 1)
====
`

// IsConstant keeps its answer for an expression none of whose names a frame binds, and works
// out afresh one whose names are bound by the scope it is asked in: Op's body k + N is constant
// where k is bound to N - 1 and not where k is bound to v + 1, whichever is asked first, and
// asking again gives the same answers.
func TestIsConstantInFrames(t *testing.T) {
	s, err := LoadSource("ConstLevel.tla", []byte(constLevelSpec), Options{})
	require.NoError(t, err)
	ss := s.NewSession(&Context{State: []value.Value{value.Int(1)}})
	body := func(app string) (bool, bool) {
		x, sc, err := ss.UnfoldDefinition(parse(t, app), nil)
		require.NoError(t, err, app)
		return s.IsConstant(x, sc), s.IsConstant(x, sc)
	}
	for round := 0; round < 2; round++ {
		c1, c2 := body("Op(N - 1)")
		require.True(t, c1)
		require.True(t, c2)
		c1, c2 = body("Op(v + 1)")
		require.False(t, c1)
		require.False(t, c2)
	}
	for _, tc := range []struct {
		expr string
		want bool
	}{
		{"N - 1", true}, {"v + 1", false}, {"0..N-1", true}, {"Down(N)", true}, {"Up(N)", false},
		{"N - 1", true}, {"v + 1", false}, {"Down(N) + Up(1)", false},
	} {
		require.Equal(t, tc.want, s.IsConstant(parse(t, tc.expr), nil), tc.expr)
	}
}

// ConstantSite accepts a constant expression that reads nothing a frame binds, and gives it the
// same site in every scope of its module; it refuses one reading an operator's parameter (k in
// Op's body, constant where k is bound to N - 1 but with a value per binding), a state-level
// one, and one written in the module context of an instance with parameters, which is built
// anew at each application with its arguments.
func TestConstantSite(t *testing.T) {
	s, err := LoadSource("ConstLevel.tla", []byte(constLevelSpec), Options{})
	require.NoError(t, err)
	ss := s.NewSession(&Context{State: []value.Value{value.Int(1)}})
	x := parse(t, "0..N-1")
	site, ok := s.ConstantSite(x, nil)
	require.True(t, ok)
	again, ok := s.ConstantSite(x, nil)
	require.True(t, ok)
	require.Equal(t, site, again)
	_, ok = s.ConstantSite(parse(t, "v + 1"), nil)
	require.False(t, ok)
	body, sc, err := ss.UnfoldDefinition(parse(t, "Op(N - 1)"), nil)
	require.NoError(t, err)
	require.True(t, s.IsConstant(body, sc))
	_, ok = s.ConstantSite(body, sc)
	require.False(t, ok, "k + N reads the parameter k")

	p, err := LoadSource("P.tla", []byte(`---- MODULE P ----
EXTENDS Naturals
I(k) == INSTANCE Inner WITH c <- k
J == INSTANCE Inner WITH c <- 5
====
---- MODULE Inner ----
EXTENDS Naturals
CONSTANT c
Val == c + 1
====
`), Options{})
	require.NoError(t, err)
	ps := p.NewSession(&Context{})
	for _, tc := range []struct {
		app  string
		want bool
	}{{"I(1)!Val", false}, {"J!Val", true}} {
		body, sc, err := ps.UnfoldDefinition(parse(t, tc.app), nil)
		require.NoError(t, err, tc.app)
		require.True(t, p.IsConstant(body, sc), tc.app)
		_, ok := p.ConstantSite(body, sc)
		require.Equal(t, tc.want, ok, tc.app)
	}
}

// IsConstant keeps its answer for an expression whose names frames bind only to values (the i of
// \E n \in 1..Len(log[i]) inside \E i \in Server, asked in every state a model checker expands):
// such a name is a constant whatever its value, so the answer is the same in every such scope,
// and asking again walks nothing and allocates nothing. It is kept apart from the answer without
// those frames, where the name may resolve to a definition: here i is also defined as v.
func TestIsConstantUnderValueFrames(t *testing.T) {
	s, err := LoadSource("ValueFrames.tla", []byte(`---- MODULE ValueFrames ----
EXTENDS Naturals
VARIABLE v
N == 3
i == v
====
`), Options{})
	require.NoError(t, err)
	bound := s.RootScope().Bind("i", value.Int(2))
	other := s.RootScope().Bind("i", value.Int(7))
	x, y := parse(t, "1..(i + N)"), parse(t, "0..(i + v)")
	for round := 0; round < 2; round++ {
		require.False(t, s.IsConstant(x, nil), "i is the definition i == v")
		require.True(t, s.IsConstant(x, bound), "i is bound to 2")
		require.True(t, s.IsConstant(x, other), "i is bound to 7")
		require.False(t, s.IsConstant(y, bound), "v is a variable")
	}
	require.Zero(t, testing.AllocsPerRun(100, func() { s.IsConstant(x, bound) }))
	require.Zero(t, testing.AllocsPerRun(100, func() { s.IsConstant(y, other) }))
}

// ConstantSite makes a site without allocating: a model checker asks for the sites of the sets
// of the next-state relation's \E in every state it expands.
func TestConstantSiteAllocatesNothing(t *testing.T) {
	s, err := LoadSource("ConstLevel.tla", []byte(constLevelSpec), Options{})
	require.NoError(t, err)
	x := parse(t, "0..N-1")
	_, ok := s.ConstantSite(x, nil)
	require.True(t, ok)
	require.Zero(t, testing.AllocsPerRun(100, func() { s.ConstantSite(x, nil) }))
}
