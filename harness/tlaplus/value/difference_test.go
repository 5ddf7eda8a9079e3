package value

import (
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// TestDifferenceIsTheFilter checks a \ b against its definition, {e \in a : e \notin b}, with b
// empty, one of a's elements, a value perhaps not in a, a set of several values, or a lazy set:
// the cases Difference takes different paths for (S \ {x} is one search and one copy).
func TestDifferenceIsTheFilter(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := genShape(1).Draw(t, "shape")
		a, err := NewSet(rapid.SliceOfN(genOf(s, true), 0, 6).Draw(t, "a")...)
		if err != nil {
			t.Fatal(err)
		}
		var b SetValue
		switch rapid.IntRange(0, 4).Draw(t, "b") {
		case 0:
			b = EmptySet
		case 1:
			if a.Len() == 0 {
				b = EmptySet
				break
			}
			b, err = Singleton(a.Elems()[rapid.IntRange(0, a.Len()-1).Draw(t, "i")])
		case 2:
			b, err = Singleton(genOf(s, true).Draw(t, "x"))
		case 3:
			b, err = NewSet(rapid.SliceOfN(genOf(s, true), 0, 4).Draw(t, "bs")...)
		case 4:
			b = EmptySet
			if s.kind == 1 {
				b = Interval(int64(rapid.IntRange(-2, 1).Draw(t, "lo")), int64(rapid.IntRange(0, 3).Draw(t, "hi")))
			}
		}
		if err != nil {
			t.Fatal(err)
		}
		d, err := Difference(a, b)
		if err != nil {
			t.Fatal(err)
		}
		var want []Value
		for _, e := range a.Elems() {
			in, err := b.Contains(e)
			if err != nil {
				t.Fatal(err)
			}
			if !in {
				want = append(want, e)
			}
		}
		w, err := NewSet(want...)
		if err != nil {
			t.Fatal(err)
		}
		if eq, err := Equal(d, w); err != nil || !eq {
			t.Fatalf("%s \\ %s = %s, want %s (%v)", a, b, d, w, err)
		}
		if a.Len() > 0 && a.Len() == w.Len()+1 {
			// What the enumerated result says of itself: one element fewer, and not that one.
			ds, err := d.Enumerate()
			if err != nil || ds.Len() != a.Len()-1 {
				t.Fatalf("%s \\ %s = %s: %d elements (%v)", a, b, d, ds.Len(), err)
			}
		}
	})
}

// S \ {x} copies S once, and looking up a tuple that needs no normalizing in a set allocates
// nothing (Normalize used to box the tuple again).
func TestDifferenceAndTupleLookupAllocations(t *testing.T) {
	pairs := make([]Value, 0, 36)
	for x := range int64(6) {
		for y := range int64(6) {
			pairs = append(pairs, Tuple{Int(x), Int(y)})
		}
	}
	s, err := NewSet(pairs...)
	require.NoError(t, err)
	x, err := Singleton(Tuple{Int(2), Int(3)})
	require.NoError(t, err)
	d, err := Difference(s, x)
	require.NoError(t, err)
	require.Equal(t, int64(35), must(Cardinality(d)))
	in, err := d.Contains(Tuple{Int(2), Int(3)})
	require.NoError(t, err)
	require.False(t, in)
	require.Equal(t, float64(2), testing.AllocsPerRun(100, func() { _, _ = Difference(s, x) }))
	var probe Value = Tuple{Int(5), Int(1)}
	require.Zero(t, testing.AllocsPerRun(100, func() { _, _ = s.Contains(probe) }))
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestDifferenceOfAnEndSharesTheElements: S \ {x} for x S's first or last element (the
// recursion idiom CHOOSE x \in S : TRUE picks the first) copies no element: one allocation, the
// set's header. The sets sharing S's elements are sets like any other: building on them (unions,
// differences, a set of them) leaves S as it was.
func TestDifferenceOfAnEndSharesTheElements(t *testing.T) {
	s := MustSet(Int(1), Int(2), Int(3), Int(4))
	for _, c := range []struct {
		x    Value
		want string
	}{{Int(1), "{2, 3, 4}"}, {Int(4), "{1, 2, 3}"}, {Int(2), "{1, 3, 4}"}} {
		x := MustSet(c.x)
		d, err := Difference(s, x)
		require.NoError(t, err)
		require.Equal(t, c.want, d.String())
		u, err := Union(d, MustSet(Int(0), Int(5), Int(9)))
		require.NoError(t, err)
		require.Equal(t, int64(6), must(Cardinality(u)))
		dd, err := Difference(d, MustSet(d.(*Set).Elems()[0]))
		require.NoError(t, err)
		require.Equal(t, int64(2), must(Cardinality(dd)))
		require.Equal(t, "{1, 2, 3, 4}", s.String())
		if c.x != Int(2) {
			require.Equal(t, float64(1), testing.AllocsPerRun(100, func() { _, _ = Difference(s, x) }), "S \\ {%v}", c.x)
		}
	}
}
