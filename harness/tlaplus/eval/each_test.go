package eval

import (
	"testing"

	"github.com/dsref/dsref/harness/tlaplus/value"
	"github.com/stretchr/testify/require"
)

// eachSpec's filters fail on every relation holding 3 (Tail), which comes after {1} and {2} in
// SUBSET S's normalized order: a quantifier that stops at its first witness or counterexample
// never reaches them when it streams the set (each.go), as TLC's \E and \A never do; building
// the set first fails. F reads the state, G has an argument, so neither is computed once per
// run; Const is, and CHOOSE and Cardinality enumerate their sets whole, as TLC's do.
const eachSpec = `---- MODULE Each ----
EXTENDS Naturals, FiniteSets
VARIABLE x
S == 1 .. 3
Tail(R) == 3 \in R => Cardinality(R) \div 0 = 1
F == {R \in SUBSET S : x = x /\ Tail(R)}
G(T) == {R \in SUBSET T : Tail(R)}
Const == {R \in SUBSET S : Tail(R)}
H == {f \in [S -> {0, 1}] : x = x /\ (f[1] = 1 => Cardinality(S) \div 0 = 1)}
ExDirect == \E R \in {R \in SUBSET S : x = x /\ Tail(R)} : 1 \in R
AllDirect == \A R \in {R \in SUBSET S : x = x /\ Tail(R)} : Cardinality(R) < 1
ExDef == \E R \in F : 2 \in R
AllDef == \A R \in F : R # {2}
ExArgs == \E R \in G(S) : 1 \in R
ExTwo == \E R \in F, Q \in G(S) : Q = {2}
ExFuncs == \E f \in H : f[3] = 1
ExBig == \E s \in SUBSET (1 .. 40) : 2 \in s
AllBig == \A s \in SUBSET (1 .. 40) : Cardinality(s) < 2
ExFalse == \E R \in F : R = {1, 2}
ChooseDef == CHOOSE R \in F : 1 \in R
CardDef == Cardinality(F)
ExConst == \E R \in Const : 1 \in R
====
`

// TestQuantifierStreams: \E and \A over SUBSET S and over filters of it stop at their first
// witness or counterexample (each.go): the filters' failing tail is never evaluated, and \E over
// the 2^40 subsets of 1..40 answers; compiled and walked alike, in a state and under a prime.
// Without streaming every one of them fails (the tail, or SUBSET too large to enumerate).
func TestQuantifierStreams(t *testing.T) {
	for _, interpret := range []bool{false, true} {
		s, err := LoadSource("Each.tla", []byte(eachSpec), Options{Interpret: interpret})
		require.NoError(t, err)
		ctx := &Context{State: []value.Value{value.Int(0)}, Next: []value.Value{value.Int(1)}}
		ss := s.NewSession(ctx)
		for name, want := range map[string]string{
			"ExDirect": "TRUE", "AllDirect": "FALSE", "ExDef": "TRUE", "AllDef": "FALSE",
			"ExArgs": "TRUE", "ExTwo": "TRUE", "ExFuncs": "TRUE", "ExBig": "TRUE", "AllBig": "FALSE",
			"ExDef'": "TRUE", "AllDef'": "FALSE", "ExTwo'": "TRUE",
		} {
			for range 2 { // the second evaluation of a filter knows it is no constant
				v, err := ss.Eval(parse(t, name), nil)
				require.NoError(t, err, "%s (interpret %v)", name, interpret)
				require.Equal(t, want, v.String(), "%s (interpret %v)", name, interpret)
			}
		}
		for _, name := range []string{"ExFalse", "ChooseDef", "CardDef", "ExConst", "ExFalse'"} {
			_, err := ss.Eval(parse(t, name), nil)
			require.ErrorContains(t, err, "\\div is 0", "%s (interpret %v)", name, interpret)
		}
		ss.Close()
	}
}

// TestStreamedFilterValues: streaming changes no quantifier's value: over filters of SUBSET S
// and of a set of functions, with and without arguments, \E and \A agree with the same
// quantifiers over the filters' values built first (Cardinality forces them).
func TestStreamedFilterValues(t *testing.T) {
	const spec = `---- MODULE EachValues ----
EXTENDS Naturals, FiniteSets
VARIABLE x
S == 1 .. 4
F == {R \in SUBSET S : x \in R \/ Cardinality(R) = 2}
G(k) == {R \in SUBSET S : Cardinality(R) = k}
H == {f \in [1 .. 2 -> S] : f[1] < f[2] + x}
Built(T) == IF Cardinality(T) >= 0 THEN T ELSE {}
====
`
	s, err := LoadSource("EachValues.tla", []byte(spec), Options{})
	require.NoError(t, err)
	pairs := [][2]string{
		{`\E R \in F : 4 \in R /\ 1 \notin R`, `\E R \in Built(F) : 4 \in R /\ 1 \notin R`},
		{`\A R \in F : Cardinality(R) >= 1`, `\A R \in Built(F) : Cardinality(R) >= 1`},
		{`\A R \in F : x \in R`, `\A R \in Built(F) : x \in R`},
		{`\E R \in G(3) : R = {2, 3, 4}`, `\E R \in Built(G(3)) : R = {2, 3, 4}`},
		{`\A R \in G(2), Q \in G(2) : R = Q \/ R # Q`, `\A R \in Built(G(2)), Q \in Built(G(2)) : R = Q \/ R # Q`},
		{`\E f \in H : f[1] = 4`, `\E f \in Built(H) : f[1] = 4`},
		{`\A f \in H : f[2] > 1`, `\A f \in Built(H) : f[2] > 1`},
		{`{R \in F : \E Q \in G(1) : Q \subseteq R}`, `{R \in Built(F) : \E Q \in Built(G(1)) : Q \subseteq R}`},
	}
	for x := range 6 {
		ss := s.NewSession(&Context{State: []value.Value{value.Int(x)}})
		for _, p := range pairs {
			got, err := ss.Eval(parse(t, p[0]), nil)
			require.NoError(t, err, p[0])
			want, err := ss.Eval(parse(t, p[1]), nil)
			require.NoError(t, err, p[1])
			eq, err := value.Equal(got, want)
			require.NoError(t, err)
			require.True(t, eq, "x = %d: %s is %s, built first %s", x, p[0], got, want)
		}
		ss.Close()
	}
}
