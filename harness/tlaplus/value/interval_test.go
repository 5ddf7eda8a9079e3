package value

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestSmallIntervalsAreShared: DOMAIN of a short sequence, and 0..n, 1..n for small n, are the
// same shared interval and allocate nothing; their enumeration allocates only the set, whose
// elements are the shared small integers; every other interval is built as before and all
// of them are equal to the intervals they stand for.
func TestSmallIntervalsAreShared(t *testing.T) {
	seq := Tuple{Str("a"), Str("b"), Str("c")}
	require.Zero(t, testing.AllocsPerRun(100, func() { _ = seq.Domain() }))
	require.Zero(t, testing.AllocsPerRun(100, func() { _ = Interval(0, 63) }))
	require.Same(t, Interval(1, 3), seq.Domain())
	require.Equal(t, float64(1), testing.AllocsPerRun(100, func() { _, _ = Interval(1, 40).Enumerate() }))
	for _, c := range []struct{ lo, hi int64 }{{1, 0}, {1, 1}, {1, 3}, {0, 0}, {0, 63}, {1, 63}, {1, 64}, {2, 5}, {-3, 2}, {0, -1}, {62, 65}} {
		got := Interval(c.lo, c.hi)
		require.Equal(t, IntervalSet{Lo: c.lo, Hi: c.hi}, *got)
		set, err := got.Enumerate()
		require.NoError(t, err)
		var want []Value
		for i := c.lo; i <= c.hi; i++ {
			want = append(want, Int(i))
		}
		require.Equal(t, len(want), set.Len(), "%d..%d", c.lo, c.hi)
		for i, e := range set.Elems() {
			require.Equal(t, want[i], e)
		}
	}
}
