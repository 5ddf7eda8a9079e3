package eval

import (
	"testing"

	"github.com/dsref/dsref/harness/tlaplus/value"
	"github.com/stretchr/testify/require"
)

// Integer results outside TLC's range -2^31..2^31-1 are errors naming the operation, for
// negation, \div and ^ alike, and a result in range costs no allocation: the message is
// formatted only for an error (negating -1, MCPaxos's ballot None, formatted one for every
// negation). Expected values worked out by hand.
func TestIntegerResultsInRange(t *testing.T) {
	s, err := LoadSource("Arith.tla", []byte(`---- MODULE Arith ----
EXTENDS Integers
VARIABLE x
Min == -2147483647 - 1
Ok == << -x, -(Min + 1), Min \div 1, Min \div 2, (-2)^31, (-1)^3, 2^30, 7 \div -2 >>
Neg == -x
Minus == 0 - x
====
`), Options{})
	require.NoError(t, err)
	ss := s.NewSession(&Context{State: []value.Value{value.Int(5)}})
	defer ss.Close()
	v, err := ss.Eval(parse(t, "Ok"), nil)
	require.NoError(t, err)
	require.Equal(t, "<<-5, 2147483647, -2147483648, -1073741824, -2147483648, -1, 1073741824, -4>>", v.String())
	for expr, msg := range map[string]string{
		"-Min":        "the result of -(-2147483648) is 2147483648, outside TLC's range",
		`Min \div -1`: `the result of -2147483648 \div -1 is 2147483648, outside TLC's range`,
		"2^31":        "the result of 2^31 is 2147483648, outside TLC's range",
		"(-2)^32":     "the result of -2^32 is 4294967296, outside TLC's range",
	} {
		_, err := ss.Eval(parse(t, expr), nil)
		require.ErrorContains(t, err, msg, expr)
		require.ErrorIs(t, err, value.ErrOverflow, expr)
	}
	allocs := func(name string) float64 {
		x := parse(t, name)
		return testing.AllocsPerRun(50, func() {
			ss.Reset(&Context{State: []value.Value{value.Int(5)}})
			if _, err := ss.Eval(x, nil); err != nil {
				t.Fatal(err)
			}
		})
	}
	require.Equal(t, allocs("Minus"), allocs("Neg"), "-x allocates what 0 - x does")
}
