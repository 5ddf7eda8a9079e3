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
		elems := genElems(1, 0, 8).Draw(t, "elems")
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

// TestSubsetIter: SubsetSet.Iter yields Enumerate's subsets in Enumerate's order, building each
// when asked for it, and iterates a base whose 2^n subsets exceed MaxEnumeration, which
// Enumerate refuses.
func TestSubsetIter(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		elems := genElems(1, 0, 8).Draw(t, "elems")
		base, err := NewSet(elems...)
		require.NoError(t, err)
		want, err := Subset(base).Enumerate()
		require.NoError(t, err)
		it, err := Subset(base).Iter()
		require.NoError(t, err)
		for i := range want.elems {
			got, ok := it.Next()
			require.True(t, ok, "subset %d missing", i)
			eq, err := Equal(got, want.elems[i])
			require.NoError(t, err)
			require.True(t, eq, "subset %d: %s, want %s", i, got, want.elems[i])
		}
		_, ok := it.Next()
		require.False(t, ok)
	})
	big := Subset(Interval(1, 40))
	_, err := big.Enumerate()
	require.Error(t, err)
	it, err := big.Iter()
	require.NoError(t, err)
	var got []string
	for range 43 {
		v, ok := it.Next()
		require.True(t, ok)
		got = append(got, v.String())
	}
	require.Equal(t, []string{"{}", "{1}", "{2}"}, got[:3])
	require.Equal(t, []string{"{40}", "{1, 2}", "{1, 3}"}, got[40:])
}
