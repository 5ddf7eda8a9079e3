package value

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestSmallIntervalsAreShared: DOMAIN of a short sequence, and lo..n for lo in -1..15 (a run of
// slots 2..2) and small n, are the same shared interval and allocate nothing, nor does their enumeration (the set is
// shared too); the enumeration of another interval within -64..63 allocates only the set, whose
// elements are the shared small integers; every other interval is built as before and all of
// them are equal to the intervals they stand for.
func TestSmallIntervalsAreShared(t *testing.T) {
	seq := Tuple{Str("a"), Str("b"), Str("c")}
	require.Zero(t, testing.AllocsPerRun(100, func() { _ = seq.Domain() }))
	require.Zero(t, testing.AllocsPerRun(100, func() { _ = Interval(0, 63) }))
	require.Same(t, Interval(1, 3), seq.Domain())
	require.Zero(t, testing.AllocsPerRun(100, func() { _ = Interval(-1, 1) }))
	require.Zero(t, testing.AllocsPerRun(100, func() { _ = Interval(-1, -1) }))
	require.Same(t, Interval(-1, 2), Interval(-1, 2))
	require.Zero(t, testing.AllocsPerRun(100, func() { _ = Interval(2, 2) }))
	require.Zero(t, testing.AllocsPerRun(100, func() { _ = Interval(15, 63) }))
	require.Zero(t, testing.AllocsPerRun(100, func() { _ = Interval(15, 3) }))
	require.Same(t, Interval(3, 2), Interval(3, 2))
	var kept *IntervalSet // so that the unshared intervals escape to the heap
	require.Equal(t, float64(1), testing.AllocsPerRun(100, func() { kept = Interval(16, 17) }))
	require.Equal(t, float64(1), testing.AllocsPerRun(100, func() { kept = Interval(2, 64) }))
	require.Equal(t, IntervalSet{Lo: 2, Hi: 64}, *kept)
	// The sets of the shared intervals are shared too; other small ones share their elements.
	require.Zero(t, testing.AllocsPerRun(100, func() { _, _ = Interval(1, 40).Enumerate() }))
	require.Zero(t, testing.AllocsPerRun(100, func() { _, _ = Interval(-1, 1).Enumerate() }))
	require.Zero(t, testing.AllocsPerRun(100, func() { _, _ = Interval(1, 0).Enumerate() }))
	s1, _ := Interval(0, 2).Enumerate()
	s2, _ := Interval(0, 2).Enumerate()
	require.Same(t, s1, s2)
	require.Zero(t, testing.AllocsPerRun(100, func() { _, _ = Interval(2, 3).Enumerate() }))
	other := Interval(16, 40)
	require.Equal(t, float64(1), testing.AllocsPerRun(100, func() { _, _ = other.Enumerate() }))
	wide := Interval(-64, 63) // not shared, but its elements are
	require.Equal(t, float64(1), testing.AllocsPerRun(100, func() { _, _ = wide.Enumerate() }))
	require.Zero(t, testing.AllocsPerRun(100, func() { _, _ = wide.Elems() }))
	for _, c := range []struct{ lo, hi int64 }{
		{1, 0}, {1, 1}, {1, 3}, {0, 0}, {0, 63}, {1, 63}, {1, 64}, {2, 5}, {-3, 2}, {0, -1}, {62, 65},
		{-1, -1}, {-1, 0}, {-1, 2}, {-1, 63}, {-1, 64}, {-1, -2}, {-2, -1}, {-64, 63}, {-65, -60}, {-64, -64}, {60, 70},
		{2, 2}, {2, 1}, {15, 63}, {15, 14}, {15, 64}, {16, 16}, {7, 3},
	} {
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
		elems, err := got.Elems()
		require.NoError(t, err)
		require.Equal(t, len(set.Elems()), len(elems), "%d..%d", c.lo, c.hi)
		for i, e := range elems {
			require.Equal(t, want[i], e)
		}
	}
}

// TestBoxSharesSmallNegativeIntegers: Box(i) is i, and allocates nothing for -64..255 (the
// negatives boxed once here, 0..255 by Go's runtime); other integers are boxed as before.
func TestBoxSharesSmallNegativeIntegers(t *testing.T) {
	for i := Int(-70); i <= 300; i++ {
		require.Equal(t, Value(i), Box(i))
	}
	for _, i := range []Int{-64, -1, 0, 255} {
		require.Zero(t, testing.AllocsPerRun(100, func() { boxSink = Box(i) }), "%d", i)
	}
	for _, i := range []Int{-65, 256, MinInt, MaxInt} {
		require.Equal(t, float64(1), testing.AllocsPerRun(100, func() { boxSink = Box(i) }), "%d", i)
	}
}

// boxSink keeps the tests' boxes from being optimized away.
var boxSink Value
