package eval

import (
	"testing"
	"testing/fstest"

	"github.com/dsref/dsref/harness/tlaplus/value"
	"github.com/stretchr/testify/require"
)

// scopedModules are the modules the module-scoped configuration tests instantiate and extend.
var scopedModules = fstest.MapFS{
	"Inner.tla": {Data: []byte(`---- MODULE Inner ----
EXTENDS Naturals
CONSTANT K
Step == 1
Twice(F(_), v) == F(F(v))
Bump(v) == v + Step
Val == Twice(Bump, K)
====`)},
}

func loadScoped(t *testing.T, src string, cs ...Constant) (*Spec, error) {
	t.Helper()
	return LoadSource("Root.tla", []byte(src), Options{Modules: scopedModules, Constants: cs})
}

func evalInt(t *testing.T, s *Spec, name string) int64 {
	t.Helper()
	v, err := s.NewSession(nil).EvalDef(name)
	require.NoError(t, err)
	return int64(v.(value.Int))
}

// TestScopedOverrideThroughInstance: with K = 10, Inner's Val is Twice(Bump, 10) = 10 + 2*Step.
// Replacing Step inside Inner changes I!Val and I!Step but not the root's own Step; replacing
// Twice (an operator with an operator parameter) by Thrice gives 10 + 3*Step.
func TestScopedOverrideThroughInstance(t *testing.T) {
	const root = `---- MODULE Root ----
EXTENDS Naturals
I == INSTANCE Inner WITH K <- 10
Val == I!Val
IStep == I!Step
Step == 100
Five == 5
Thrice(F(_), v) == F(F(F(v)))
====`
	s, err := loadScoped(t, root)
	require.NoError(t, err)
	require.Equal(t, int64(12), evalInt(t, s, "Val"))

	s, err = loadScoped(t, root, Constant{Name: "Step", Module: "Inner", Substitute: "Five"})
	require.NoError(t, err)
	require.Equal(t, int64(20), evalInt(t, s, "Val"))
	require.Equal(t, int64(5), evalInt(t, s, "IStep"))
	require.Equal(t, int64(100), evalInt(t, s, "Step"), "the root's own Step is not Inner's")

	s, err = loadScoped(t, root, Constant{Name: "Step", Module: "Inner", Value: value.Int(3)}, Constant{Name: "Twice", Module: "Inner", Substitute: "Thrice"})
	require.NoError(t, err)
	require.Equal(t, int64(19), evalInt(t, s, "Val"))
}

// TestScopedOverrideBeforeDefinition: an unnamed INSTANCE is instantiated while the root is being
// defined, before the definition the entry names (Seven, after it) exists; the entry still
// applies, and Val = K + 2*7 with K = 1.
func TestScopedOverrideBeforeDefinition(t *testing.T) {
	const root = `---- MODULE Root ----
EXTENDS Naturals
CONSTANT K
INSTANCE Inner
Seven == 7
====`
	s, err := loadScoped(t, root, Constant{Name: "K", Value: value.Int(1)}, Constant{Name: "Step", Module: "Inner", Substitute: "Seven"})
	require.NoError(t, err)
	require.Equal(t, int64(15), evalInt(t, s, "Val"))
}

// TestScopedOverrideThroughExtends: Inner extended, its constant K is the root's, and both it and
// Step can be given inside Inner: Val = 4 + 2*2.
func TestScopedOverrideThroughExtends(t *testing.T) {
	const root = `---- MODULE Root ----
EXTENDS Inner
====`
	s, err := loadScoped(t, root, Constant{Name: "K", Module: "Inner", Value: value.Int(4)}, Constant{Name: "Step", Module: "Inner", Value: value.Int(2)})
	require.NoError(t, err)
	require.Empty(t, s.MissingConstants())
	require.Equal(t, int64(8), evalInt(t, s, "Val"))
}

func TestScopedOverrideErrors(t *testing.T) {
	const root = `---- MODULE Root ----
EXTENDS Naturals
I == INSTANCE Inner WITH K <- 10
Two(a, b) == a + b
====`
	cases := []struct {
		c    Constant
		want string
	}{
		{Constant{Name: "Step", Module: "Outer", Value: value.Int(1), Source: "MC.cfg:4:5"},
			"MC.cfg:4:5: the configuration entry Step = [Outer] 1 names module Outer, which module Root neither extends nor instantiates (it uses Inner, Naturals)"},
		{Constant{Name: "K", Module: "Inner", Value: value.Int(1)}, "K is a CONSTANT of module Inner, which module Root instantiates without extending it"},
		{Constant{Name: "Bump", Module: "Inner", Substitute: "Two"}, "Two takes 2 argument(s) but Bump takes 1 in module Inner"},
		{Constant{Name: "Plus", Module: "Inner", Substitute: "Two"}, "module Inner neither declares nor defines Plus"},
		{Constant{Name: "Twice", Module: "Inner", Substitute: "Two"}, "the operator parameters of Two and Twice differ"},
	}
	for _, c := range cases {
		_, err := loadScoped(t, root, c.c)
		require.Error(t, err, c.want)
		require.Contains(t, err.Error(), c.want)
	}
}

// TestOverrideThroughUnnamedInstance: the root's `Seq <- Short` (MCMajority's `Seq <- BoundedSeq`
// in tlaplus/Examples) replaces Sequences' Seq also inside the module it instantiates without a
// name, which extends Sequences: Inner2's Words is Seq({"a"}) bounded to length 2. A definition
// of the instantiated module itself (Words) replaced in the root stays Inner2's inside Inner2.
func TestOverrideThroughUnnamedInstance(t *testing.T) {
	mods := fstest.MapFS{"Inner2.tla": {Data: []byte(`---- MODULE Inner2 ----
EXTENDS Sequences, FiniteSets
Words == Seq({"a"})
Count == Cardinality(Words)
====`)}}
	const root = `---- MODULE Root ----
EXTENDS Naturals
Short(S) == UNION {[1..n -> S] : n \in 0..2}
One == {<<>>}
INSTANCE Inner2
====`
	load := func(cs ...Constant) *Spec {
		s, err := LoadSource("Root.tla", []byte(root), Options{Modules: mods, Constants: cs})
		require.NoError(t, err)
		return s
	}
	_, err := load().NewSession(nil).EvalDef("Count")
	require.ErrorContains(t, err, "infinite")
	require.Equal(t, int64(3), evalInt(t, load(Constant{Name: "Seq", Substitute: "Short"}), "Count"))
	s := load(Constant{Name: "Words", Substitute: "One"})
	require.Equal(t, int64(1), mustCard(t, s, "Words"))
	_, err = s.NewSession(nil).EvalDef("Count")
	require.ErrorContains(t, err, "infinite", "Inner2's own Words is not the root's copy")
}

func mustCard(t *testing.T, s *Spec, name string) int64 {
	t.Helper()
	v, err := s.NewSession(nil).EvalDef(name)
	require.NoError(t, err)
	n, err := value.Cardinality(v)
	require.NoError(t, err)
	return n
}
