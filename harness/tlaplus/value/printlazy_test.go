package value

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestSmallLazySetsPrintEnumerated: SUBSET S, S \X T, [S -> T] and [a : S] print by their
// elements when TLC's toString enumerates them (SUBSET S below 7 elements of S, the others below
// 2000 elements), and as written otherwise.
func TestSmallLazySetsPrintEnumerated(t *testing.T) {
	one, err := NewSet(Int(1))
	require.NoError(t, err)
	two, err := NewSet(Int(2))
	require.NoError(t, err)
	oneTwo, err := NewSet(Int(1), Int(2))
	require.NoError(t, err)
	rec, err := RecordSet([]string{"a"}, []SetValue{one})
	require.NoError(t, err)
	bigRec, err := RecordSet([]string{"a", "b"}, []SetValue{Interval(1, 40), Interval(1, 50)})
	require.NoError(t, err)
	for _, c := range []struct {
		set  SetValue
		want string
	}{
		{Subset(one), "{{}, {1}}"},
		{Subset(Interval(1, 6)), "{{}, {1}, "},
		{Subset(Interval(1, 7)), "SUBSET (1..7)"},
		{FuncSet(one, two), "{<<2>>}"},
		{FuncSet(Interval(1, 10), oneTwo), "{<<1, 1, 1, 1, 1, 1, 1, 1, 1, 1>>, "}, // 1024 functions
		{FuncSet(Interval(1, 11), oneTwo), "[1..11 -> {1, 2}]"},                   // 2048
		{FuncSet(Interval(1, 3), Interval(1, 0)), "{}"},
		{Product(one, two), "{<<1, 2>>}"},
		{Product(Interval(1, 40), Interval(1, 50)), "(1..40 \\X 1..50)"}, // 2000
		{rec, "{[a |-> 1]}"},
		{bigRec, "[a : 1..40, b : 1..50]"},
	} {
		got := c.set.String()
		if strings.HasSuffix(c.want, ", ") {
			require.True(t, strings.HasPrefix(got, c.want), "got %s", got)
			continue
		}
		require.Equal(t, c.want, got)
	}
}
