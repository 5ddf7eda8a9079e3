package eval

import (
	"testing"

	"github.com/dsref/dsref/harness/tlaplus/ast"

	"github.com/stretchr/testify/require"
)

const unchangedSpec = `---- MODULE Unch ----
EXTENDS Naturals
VARIABLES a, b, c
ab == <<a, b>>
vars == <<ab, (c)>>
two == 2
Keep(v) == UNCHANGED v
====
`

func TestUnchangedVariables(t *testing.T) {
	s, err := LoadSource("Unch.tla", []byte(unchangedSpec), Options{})
	require.NoError(t, err)
	cases := []struct {
		expr string
		want []int
		ok   bool
	}{
		{"a", []int{0}, true},
		{"<<c, a>>", []int{2, 0}, true},
		{"vars", []int{0, 1, 2}, true},
		{"<<ab, ab>>", []int{0, 1, 0, 1}, true},
		{"<<>>", nil, true},
		{"two", nil, false},
		{"<<a, a + 1>>", nil, false},
		{"undefinedName", nil, false},
	}
	for _, tc := range cases {
		for range 2 { // the second call is answered from the cache
			got, ok := s.UnchangedVariables(parse(t, tc.expr), nil)
			require.Equal(t, tc.ok, ok, tc.expr)
			if tc.ok {
				require.Equal(t, len(tc.want), len(got), tc.expr)
				for i := range tc.want {
					require.Equal(t, tc.want[i], got[i], tc.expr)
				}
			}
		}
	}
}

// An operator parameter resolves to its argument, which differs between applications, so the
// answer for the parameter's occurrence must not be cached.
func TestUnchangedVariablesThroughParameter(t *testing.T) {
	s, err := LoadSource("Unch.tla", []byte(unchangedSpec), Options{})
	require.NoError(t, err)
	op, ok := s.Definition("Keep")
	require.True(t, ok)
	for _, tc := range []struct {
		arg  string
		want []int
	}{{"b", []int{1}}, {"ab", []int{0, 1}}, {"c", []int{2}}} {
		x, sc, err := s.NewSession(nil).Unfold(parse(t, "Keep("+tc.arg+")"), nil)
		require.NoError(t, err)
		require.Equal(t, op.Body(), x)
		got, ok := s.UnchangedVariables(x.(*ast.PrefixExpr).X, sc)
		require.True(t, ok, tc.arg)
		require.Equal(t, tc.want, got, tc.arg)
	}
}
