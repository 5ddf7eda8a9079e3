package value

import (
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// subsetsSorted is SUBSET's enumeration before subsetsInOrder: every mask's subset, then sorted.
func subsetsSorted(t require.TestingT, base []Value) []Value {
	n := len(base)
	subsets := make([]Value, 0, 1<<n)
	for mask := 0; mask < 1<<n; mask++ {
		var elems []Value
		for i := range n {
			if mask&(1<<i) != 0 {
				elems = append(elems, base[i])
			}
		}
		subsets = append(subsets, &Set{elems: elems})
	}
	s, err := sortedSet(subsets)
	require.NoError(t, err)
	return s.elems
}

// TestSubsetsInOrder: SUBSET S enumerates the same subsets in the same (normalized) order as
// sorting them does, for bases of up to 8 values of any kind, and each subset is a normalized set
// equal to the one built from its elements.
func TestSubsetsInOrder(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		elems := rapid.SliceOfN(genValue(1), 0, 8).Draw(t, "elems")
		base, err := NewSet(elems...)
		require.NoError(t, err)
		got, err := Subset(base).Enumerate()
		require.NoError(t, err)
		want := subsetsSorted(t, base.elems)
		require.Len(t, got.elems, len(want))
		for i := range want {
			eq, err := Equal(got.elems[i], want[i])
			require.NoError(t, err)
			require.True(t, eq, "subset %d: %s, want %s", i, got.elems[i], want[i])
			if i > 0 {
				c, err := Compare(got.elems[i-1], got.elems[i])
				require.NoError(t, err)
				require.Negative(t, c, "subsets %d and %d out of order", i-1, i)
			}
		}
	})
}
