package value

import (
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// genComparable draws values of the kinds surelyComparable looks at, with typed model values
// (x_1, a_1), which TLC orders only against model values of their type, among them.
func genComparable(depth int) *rapid.Generator[Value] {
	return rapid.Custom(func(t *rapid.T) Value {
		choice := rapid.IntRange(0, 5).Draw(t, "kind")
		if depth == 0 {
			choice %= 5
		}
		switch choice {
		case 0:
			return Bool(rapid.Bool().Draw(t, "bool"))
		case 1:
			return Int(rapid.IntRange(-1, 2).Draw(t, "int"))
		case 2:
			return Str(rapid.SampledFrom([]string{"a", "b"}).Draw(t, "str"))
		case 3:
			return ModelValue{rapid.SampledFrom([]string{"m1", "x_1", "a_1"}).Draw(t, "model")}
		case 4:
			return MustSet(Int(1), Int(2))
		}
		return Tuple(rapid.SliceOfN(genComparable(depth-1), 0, 3).Draw(t, "tuple"))
	})
}

// surelyComparable, compareError's shortcut, never answers true where TLC's compareTo fails
// (compareWalk, the walk it saves, finds an error).
func TestSurelyComparableImpliesNoError(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a, b := genComparable(2).Draw(t, "a"), genComparable(2).Draw(t, "b")
		if surelyComparable(a, b) {
			require.NoError(t, compareWalk(a, b), "%s vs %s", a, b)
		}
	})
}

// The searches that miss in sets of edges <<<<n, r>>, <<m, s>>>> of model values and integers
// (dag-consensus' Children) are decided comparable without a walk; a typed model value, or values
// of different kinds, still take the walk, which reports TLC's error.
func TestSurelyComparableCases(t *testing.T) {
	n1, n2 := ModelValue{"n1"}, ModelValue{"n2"}
	edge := func(a, b Value) Value { return Tuple{a, b} }
	require.True(t, surelyComparable(edge(Tuple{n1, Int(2)}, Tuple{n2, Int(1)}), edge(Tuple{n2, Int(2)}, Tuple{})))
	require.True(t, surelyComparable(Tuple{n1, Int(2)}, Tuple{n1, Int(2)}))
	require.True(t, surelyComparable(Tuple{Int(1)}, Tuple{Str("a"), Int(1)}), "lengths differ: TLC orders by length")
	require.False(t, surelyComparable(Tuple{Int(1)}, Tuple{Str("a")}))
	require.Error(t, compareError(Tuple{Int(1)}, Tuple{Str("a")}))
	require.False(t, surelyComparable(ModelValue{"x_1"}, Int(1)))
	require.Error(t, compareError(ModelValue{"x_1"}, Int(1)))
	s := MustSet(edge(Tuple{n1, Int(1)}, Tuple{}), edge(Tuple{n2, Int(1)}, Tuple{}))
	in, err := Member(s, edge(Tuple{n1, Int(2)}, Tuple{n1, Int(1)}))
	require.NoError(t, err)
	require.False(t, in)
	_, err = Member(s, edge(Tuple{n1, Str("a")}, Tuple{}))
	require.Error(t, err, "<<n1, \"a\">> is ordered against <<n1, 1>>: TLC fails")
}

// A search for a tuple that misses among elements of its shape does not check the miss again
// (missError): dag-consensus' Children(dag, v) == {c \in Vertices(dag) : <<v, c>> \in Edges(dag)}
// misses for most c. The search allocates nothing. A miss whose search compared values of other
// kinds is still checked, and fails as TLC's binary search does.
func TestTupleMissNotReplayed(t *testing.T) {
	checked := 0
	missCounted = func() { checked++ }
	defer func() { missCounted = nil }()
	n1, n2, n3 := ModelValue{"n1"}, ModelValue{"n2"}, ModelValue{"n3"}
	edge := func(a, b Value) Value { return Tuple{a, b} }
	s := MustSet(edge(Tuple{n1, Int(2)}, Tuple{n1, Int(1)}), edge(Tuple{n1, Int(2)}, Tuple{n2, Int(1)}),
		edge(Tuple{n2, Int(2)}, Tuple{}), edge(Tuple{n3, Int(2)}, Tuple{n3, Int(1)}))
	for i, c := range []Value{Tuple{n2, Int(1)}, Tuple{n3, Int(1)}, Tuple{}, Tuple{n3, Int(2)}} {
		in, err := Member(s, edge(Tuple{n1, Int(2)}, c))
		require.NoError(t, err)
		require.Equal(t, i == 0, in, "%s", c)
	}
	require.Zero(t, checked, "misses among edges need no check")
	miss := edge(Tuple{n1, Int(2)}, Tuple{n3, Int(2)})
	require.Zero(t, testing.AllocsPerRun(10, func() { _, _ = s.MemberNormalized(miss) }), "the search allocates nothing")
	_, err := Member(s, edge(Tuple{n1, Str("a")}, Tuple{}))
	require.Error(t, err, "<<n1, \"a\">> is ordered against <<n1, 2>>: TLC fails")
	require.Equal(t, 1, checked)
}

// MemberNormalized answers for a tuple what the search and missError answer: searchTuple's clean
// misses are those missError finds no error for.
func TestTupleMissAsChecked(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		elems := rapid.SliceOfN(genComparable(2), 0, 6).Draw(t, "elems")
		s, err := NewSet(elems...)
		if err != nil {
			t.Skip("not a set TLC builds")
		}
		v, err := Normalize(Tuple(rapid.SliceOfN(genComparable(1), 0, 3).Draw(t, "v")))
		if err != nil {
			t.Skip()
		}
		i, found, err := search(s.elems, v)
		if err == nil && !found {
			err = s.missError(i, v)
		}
		in, err2 := s.MemberNormalized(v)
		require.Equal(t, err, err2, "%s in %s", v, s)
		require.Equal(t, found, in)
	})
}
