package value

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestNormalizeMixedKinds: building a set whose elements TLC cannot order with each other fails
// as TLC's SetEnumValue.normalize (ValueVec.sort) fails, naming the pair TLC compares first: each
// element in the order given is placed by a binary search among those placed before it,
// elem.compareTo(placed[mid]). Sets TLC orders are built as before.
func TestNormalizeMixedKinds(t *testing.T) {
	typed := ModelValue{"a_1"}
	for _, c := range []struct {
		elems []Value
		err   string // "" when TLC orders them
	}{
		{[]Value{Int(1), Str("a")}, "Attempted to compare string \"a\" with non-string:\n1"},
		{[]Value{Str("a"), Int(1)}, "Attempted to compare integer 1 with non-integer:\n\"a\""},
		// 2 is placed after 1; "a" is compared with placed[1] = 2 first.
		{[]Value{Int(1), Int(2), Str("a")}, "Attempted to compare string \"a\" with non-string:\n2"},
		// 3 goes between 1 and 5 (compared with 5, then 1); "a" is compared with placed[1] = 3.
		{[]Value{Int(1), Int(5), Int(3), Str("a")}, "Attempted to compare string \"a\" with non-string:\n3"},
		{[]Value{Bool(true), Int(1)}, "Attempted to compare integer 1 with non-integer:\nTRUE"},
		{[]Value{EmptySet, Int(1)}, "Attempted to compare integer 1 with non-integer:\n{}"},
		{[]Value{Tuple{Int(1)}, Tuple{Str("a")}}, "Attempted to compare string \"a\" with non-string:\n1"},
		{[]Value{rec(t, "v", Int(1)), rec(t, "v", Str("none"))}, "Attempted to compare string \"none\" with non-string:\n1"},
		{[]Value{typed, Int(1)}, "Attempted to compare the typed model value a_1 and the non-model value\n1"},
		{[]Value{typed, ModelValue{"b_1"}}, "Attempted to compare the differently-typed model values b_1 and a_1"},
		// m is placed first (a model value is ordered before anything), then a_1 is compared with
		// placed[1] = "a".
		{[]Value{ModelValue{"m"}, Str("a"), typed}, "Attempted to compare the typed model value a_1 and non-model value\n\"a\""},
		// Untyped model values are ordered with anything; tuples and records are ordered by their
		// components up to the first that differ.
		{[]Value{Int(1), ModelValue{"m"}, Int(2)}, ""},
		{[]Value{ModelValue{"m"}, Str("a")}, ""},
		{[]Value{Tuple{Int(1), Int(2)}, Tuple{Int(3), Str("a")}}, ""},
		{[]Value{Tuple{Int(1)}, Tuple{}, Tuple{Str("a"), Int(2)}}, ""},
		{[]Value{rec(t, "v", Int(1)), rec(t, "w", Str("none"))}, ""},
		{[]Value{Int(2), Int(1), Int(2)}, ""},
	} {
		_, err := NewSet(append([]Value(nil), c.elems...)...)
		if c.err == "" {
			require.NoError(t, err, "%v", c.elems)
			continue
		}
		require.ErrorIs(t, err, ErrIncomparable, "%v", c.elems)
		require.Equal(t, c.err, err.Error(), "%v", c.elems)
		_, err = NewSetFrom(append([]Value(nil), c.elems...))
		require.EqualError(t, err, c.err)
	}
	// A mixture inside elements of one kind is found once the set is sorted, between neighbours;
	// TLC names the pair in the order the set was built (here 1 compared with "a"), this package
	// in its sorted order.
	_, err := NewSet(Tuple{Str("a")}, Tuple{Int(1)})
	require.EqualError(t, err, "Attempted to compare string \"a\" with non-string:\n1")
}

// TestSetOperatorsMixedKinds: \cup, \cap, \, \subseteq and S \cup {e}, S \ {e} fail where TLC's
// look-ups of one set's elements in the other fail (SetEnumValue.cup, cap, diff, the binary search
// of a normalized set; S \ {e} tests e.equals(elem) for each element of S, {e} being an unsorted
// enumeration), and answer as before otherwise.
func TestSetOperatorsMixedKinds(t *testing.T) {
	ints, strs := MustSet(Int(1), Int(2)), MustSet(Str("a"))
	mvs := MustSet(ModelValue{"m1"}, ModelValue{"m2"})
	_, err := Union(ints, strs)
	require.EqualError(t, err, "Attempted to compare string \"a\" with non-string:\n2")
	_, err = Union(strs, ints)
	require.EqualError(t, err, "Attempted to compare integer 1 with non-integer:\n\"a\"")
	_, err = Intersect(ints, strs)
	require.EqualError(t, err, "Attempted to compare integer 1 with non-integer:\n\"a\"")
	// The binary search of {"a", "b"} probes "b" first.
	_, err = Difference(ints, MustSet(Str("a"), Str("b")))
	require.EqualError(t, err, "Attempted to compare integer 1 with non-integer:\n\"b\"")
	_, err = IsSubset(ints, strs)
	require.EqualError(t, err, "Attempted to compare integer 1 with non-integer:\n\"a\"")
	_, err = Insert(ints, Str("a"))
	require.EqualError(t, err, "Attempted to compare string \"a\" with non-string:\n2")
	_, err = Remove(ints, Str("a"))
	require.EqualError(t, err, "Attempted to check equality of string \"a\" with non-string:\n1")
	_, err = Union(MustSet(Tuple{Int(1)}), MustSet(Tuple{Str("a")}))
	require.EqualError(t, err, "Attempted to compare string \"a\" with non-string:\n1")

	// Empty sets, untyped model values and sets of one kind are fine.
	for _, ok := range []func() (any, error){
		func() (any, error) { return Union(EmptySet, strs) },
		func() (any, error) { return Union(strs, EmptySet) },
		func() (any, error) { return Union(ints, mvs) },
		func() (any, error) { return Intersect(mvs, strs) },
		func() (any, error) { return Difference(ints, mvs) },
		func() (any, error) { return IsSubset(EmptySet, strs) },
		func() (any, error) { return Insert(EmptySet, Str("a")) },
		func() (any, error) { return Insert(mvs, Int(3)) },
		func() (any, error) { return Remove(mvs, Str("a")) },
		func() (any, error) { return Union(ints, MustSet(Int(3))) },
		func() (any, error) { return Union(MustSet(Tuple{Int(1), Int(2)}), MustSet(Tuple{Int(3), Str("a")})) },
	} {
		_, err := ok()
		require.NoError(t, err)
	}
	u, err := Union(ints, MustSet(Int(3)))
	require.NoError(t, err)
	require.Equal(t, "{1, 2, 3}", u.String())
}
