package value

import (
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// TestInsertAndRemoveAreUnionAndDifference: S \cup {x} and S \ {x} built without {x} (Insert,
// Remove) are the sets Union and Difference make with the singleton, for x in S or not, on
// enumerated and lazy sets (an interval, SUBSET, an infinite one), S unchanged; on a set of
// seven elements each is one allocation, none when the answer is S itself.
func TestInsertAndRemoveAreUnionAndDifference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		large, small, s := genLargeAndSmall(t)
		before := large.String()
		for _, x := range append(small.Elems(), genOf(s, true).Draw(t, "x"), genOf(s, true).Draw(t, "y")) {
			one := MustSet(x)
			want, err := Union(large, one)
			if err != nil {
				t.Fatal(err)
			}
			got, err := Insert(large, x)
			if err != nil {
				t.Fatal(err)
			}
			sameValue(t, "Insert", got, want)
			if want, err = Difference(large, one); err != nil {
				t.Fatal(err)
			}
			if got, err = Remove(large, x); err != nil {
				t.Fatal(err)
			}
			sameValue(t, "Remove", got, want)
		}
		if large.String() != before {
			t.Fatalf("S changed: %s, was %s", large, before)
		}
	})
	ints, sets := []Value{Int(2), Int(9)}, []Value{MustSet(Int(1)), MustSet(Int(3))}
	for s, xs := range map[SetValue][]Value{Interval(-3, 3): ints, Subset(MustSet(Int(1), Int(2))): sets, Nat: ints} {
		for _, x := range xs {
			got, err := Insert(s, x)
			require.NoError(t, err)
			for _, y := range []Value{Int(2), Int(9), Int(-3), MustSet(Int(1)), MustSet()} {
				in, err := got.Contains(y)
				require.NoError(t, err)
				inS, _ := s.Contains(y)
				eq, _ := Equal(x, y)
				require.Equal(t, inS || eq, in, "%s \\cup {%s} contains %s", s, x, y)
			}
			if got, err = Remove(s, x); err != nil {
				t.Fatal(err)
			}
			for _, y := range []Value{Int(2), Int(9), Int(-3), MustSet(Int(1)), MustSet()} {
				in, err := got.Contains(y)
				require.NoError(t, err)
				inS, _ := s.Contains(y)
				eq, _ := Equal(x, y)
				require.Equal(t, inS && !eq, in, "%s \\ {%s} contains %s", s, x, y)
			}
		}
	}
	s := MustSet(Int(1), Int(3), Int(5), Int(7), Int(9), Int(11), Int(13))
	var sink SetValue
	for _, c := range []struct {
		x      Value
		insert bool
		allocs float64
	}{{Int(4), true, 1}, {Int(3), true, 0}, {Int(5), false, 1}, {Int(1), false, 1}, {Int(4), false, 0}} {
		f := func() { sink, _ = Remove(s, c.x) }
		if c.insert {
			f = func() { sink, _ = Insert(s, c.x) }
		}
		require.Equal(t, c.allocs, testing.AllocsPerRun(100, f), "%+v", c)
	}
	_ = sink
}

// TestSetsBuiltFromABuffer: NewSetFrom makes the set NewSet makes of the same elements (in any
// order, repeated or not), and a copy of its own: the buffer can be overwritten afterwards. The
// set of up to eight elements is one allocation. Filter keeps the elements in order, and
// returns the set itself or the empty set without allocating.
func TestSetsBuiltFromABuffer(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		elems := genElems(1, 0, 30).Draw(t, "elems")
		want, err := NewSet(append([]Value(nil), elems...)...)
		if err != nil {
			t.Fatal(err)
		}
		buf := append([]Value(nil), elems...)
		got, err := NewSetFrom(buf)
		if err != nil {
			t.Fatal(err)
		}
		for i := range buf {
			buf[i] = Str("overwritten")
		}
		sameValue(t, "NewSetFrom", got, want)
		mod := rapid.IntRange(1, 4).Draw(t, "mod")
		i := 0
		kept := want.Filter(func(Value) bool { i++; return i%mod == 0 })
		var wantKept []Value
		for j, e := range want.Elems() {
			if (j+1)%mod == 0 {
				wantKept = append(wantKept, e)
			}
		}
		if i != want.Len() {
			t.Fatalf("Filter asked %d times for %d elements", i, want.Len())
		}
		sameValue(t, "Filter", kept, MustSet(wantKept...))
	})
	buf := []Value{Int(3), Int(1), Int(2), Int(1)}
	var sink *Set
	require.Equal(t, float64(1), testing.AllocsPerRun(100, func() { sink, _ = NewSetFrom(buf) }))
	require.Equal(t, "{1, 2, 3}", sink.String())
	s := MustSet(Int(1), Int(2), Int(3), Int(4), Int(5), Int(6), Int(7), Int(8), Int(9), Int(10))
	require.Equal(t, float64(1), testing.AllocsPerRun(100, func() { sink = s.Filter(func(v Value) bool { return v.(Int)%2 == 0 }) }))
	require.Equal(t, "{2, 4, 6, 8, 10}", sink.String())
	require.Zero(t, testing.AllocsPerRun(100, func() { sink = s.Filter(func(v Value) bool { return true }) }))
	require.Same(t, s, sink)
	require.Zero(t, testing.AllocsPerRun(100, func() { sink = s.Filter(func(v Value) bool { return false }) }))
	require.Zero(t, sink.Len())
}
