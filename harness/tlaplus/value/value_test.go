package value

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
)

func rec(t *testing.T, kv ...any) *Record {
	t.Helper()
	var names []string
	var vals []Value
	for i := 0; i < len(kv); i += 2 {
		names = append(names, kv[i].(string))
		vals = append(vals, kv[i+1].(Value))
	}
	r, err := NewRecord(names, vals)
	require.NoError(t, err)
	return r
}

// TestOrderAcrossKinds checks the documented order on a list written out in ascending order by hand.
func TestOrderAcrossKinds(t *testing.T) {
	f, err := NewFunc([]Value{Str("a"), Int(1)}, []Value{Int(0), Int(5)})
	require.NoError(t, err)
	ascending := []Value{
		ModelValue{"m1"}, ModelValue{"m2"},
		False, True,
		Int(-3), Int(0), Int(2),
		Str(""), Str("a"), Str("ab"), Str("b"),
		Tuple{},                          // empty function
		Tuple{Int(9)},                    // size 1, domain {1}
		rec(t, "a", Int(0)),              // size 1, domain {"a"}: 1 < "a"
		Tuple{Int(1), Int(2)},            // size 2
		Tuple{Int(1), Int(3)},            //
		Tuple{Int(2), Int(0)},            //
		f,                                // size 2, pairs (1, 5), ("a", 0): 5 beats every tuple's first value above
		rec(t, "a", Int(0), "b", Int(0)), // domain {"a","b"}
		EmptySet,
		MustSet(Int(3)),
		MustSet(Int(1), Int(2)),
		MustSet(Int(1), Int(3)),
	}
	for i := range ascending {
		for j := range ascending {
			c, err := Compare(ascending[i], ascending[j])
			require.NoError(t, err)
			want := sign(i - j)
			require.Equal(t, want, c, "Compare(%s, %s)", ascending[i], ascending[j])
		}
	}
}

// TestRecordEqualsFunction checks that a record, a function and a tuple with the same graph are equal
// and share a fingerprint.
func TestRecordEqualsFunction(t *testing.T) {
	r := rec(t, "x", Int(1), "y", Int(2))
	f, err := NewFunc([]Value{Str("y"), Str("x")}, []Value{Int(2), Int(1)})
	require.NoError(t, err)
	eq, err := Equal(r, f)
	require.NoError(t, err)
	require.True(t, eq)
	require.Equal(t, "[x |-> 1, y |-> 2]", f.String())

	g, err := NewFunc([]Value{Int(2), Int(1)}, []Value{Str("b"), Str("a")})
	require.NoError(t, err)
	require.Equal(t, Tuple{Str("a"), Str("b")}, g)

	fp1, err := Fingerprint(Tuple{Str("a"), Str("b")})
	require.NoError(t, err)
	h := &Func{domain: Set{elems: []Value{Int(1), Int(2)}}, vals: []Value{Str("a"), Str("b")}}
	fp2, err := Fingerprint(h)
	require.NoError(t, err)
	require.Equal(t, fp1, fp2)

	fp3, err := Fingerprint(Interval(1, 3))
	require.NoError(t, err)
	fp4, err := Fingerprint(MustSet(Int(3), Int(2), Int(1)))
	require.NoError(t, err)
	require.Equal(t, fp3, fp4)
}

func TestLazyMembership(t *testing.T) {
	cases := []struct {
		set  SetValue
		elem Value
		want bool
	}{
		{Nat, Int(0), true},
		{Nat, Int(-1), false},
		{IntSet, Int(-1), true},
		{StringSet, Str("x"), true},
		{StringSet, Int(1), false},
		{Interval(2, 4), Int(4), true},
		{Interval(2, 4), Int(5), false},
		{Subset(Nat), MustSet(Int(1), Int(5)), true},
		{Subset(Nat), MustSet(Int(-1)), false},
		{FuncSet(Interval(1, 2), Nat), Tuple{Int(7), Int(0)}, true},
		{FuncSet(Interval(1, 2), Nat), Tuple{Int(7)}, false},
		{SeqSet(Nat), Tuple{}, true},
		{SeqSet(Nat), Tuple{Int(1), Int(2), Int(3)}, true},
		{SeqSet(Nat), Tuple{Int(1), Int(-2)}, false},
		{SeqSet(Nat), rec(t, "a", Int(1)), false},
		{Product(Nat, StringSet), Tuple{Int(1), Str("s")}, true},
		{Product(Nat, StringSet), Tuple{Str("s"), Int(1)}, false},
	}
	rs, err := RecordSet([]string{"b", "a"}, []SetValue{Boolean, Nat})
	require.NoError(t, err)
	cases = append(cases,
		struct {
			set  SetValue
			elem Value
			want bool
		}{rs, rec(t, "a", Int(3), "b", True), true},
		struct {
			set  SetValue
			elem Value
			want bool
		}{rs, rec(t, "a", Int(3)), false},
	)
	for _, c := range cases {
		got, err := c.set.Contains(c.elem)
		require.NoError(t, err, "%s \\in %s", c.elem, c.set)
		require.Equal(t, c.want, got, "%s \\in %s", c.elem, c.set)
	}
}

func TestInfiniteEnumerationIsAnError(t *testing.T) {
	for _, s := range []SetValue{Nat, IntSet, StringSet, SeqSet(Boolean), Subset(Nat), FuncSet(Boolean, Nat)} {
		_, err := s.Enumerate()
		require.ErrorIs(t, err, ErrInfinite, "%s", s)
		_, err = Fingerprint(s)
		require.ErrorIs(t, err, ErrInfinite, "%s", s)
	}
	// Seq({}) is {<<>>}, [{} -> Nat] is {<<>>}.
	for _, s := range []SetValue{SeqSet(EmptySet), FuncSet(EmptySet, Nat)} {
		e, err := s.Enumerate()
		require.NoError(t, err)
		require.Equal(t, "{<<>>}", e.String())
	}
}

// TestEnumerationOrder checks that lazy sets enumerate in the normalized order, the order CHOOSE
// and \E follow. The expected lists are written out by hand from the rules in doc.go.
func TestEnumerationOrder(t *testing.T) {
	s, err := Subset(MustSet(Int(1), Int(2), Int(3))).Enumerate()
	require.NoError(t, err)
	require.Equal(t, "{{}, {1}, {2}, {3}, {1, 2}, {1, 3}, {2, 3}, {1, 2, 3}}", s.String())

	fs, err := FuncSet(MustSet(Str("a"), Str("b")), Interval(0, 1)).Enumerate()
	require.NoError(t, err)
	require.Equal(t, "{[a |-> 0, b |-> 0], [a |-> 0, b |-> 1], [a |-> 1, b |-> 0], [a |-> 1, b |-> 1]}", fs.String())

	ps, err := Product(Boolean, Interval(1, 2)).Enumerate()
	require.NoError(t, err)
	require.Equal(t, "{<<FALSE, 1>>, <<FALSE, 2>>, <<TRUE, 1>>, <<TRUE, 2>>}", ps.String())

	// Values of different kinds are ordered model values first, then by kind (which orders the
	// elements of a function's domain); a set of them is refused, as TLC refuses to normalize it.
	mixed := []Value{MustSet(Int(1), Int(2)), Tuple{Int(5)}, Str("z"), Int(10), ModelValue{"m"}, True, MustSet(Int(7))}
	require.NoError(t, sortStable(mixed, nil))
	require.Equal(t, `<<m, TRUE, 10, "z", <<5>>, {7}, {1, 2}>>`, Tuple(mixed).String())
	_, err = NewSet(mixed...)
	require.ErrorIs(t, err, ErrIncomparable)
}

func TestOverflow(t *testing.T) {
	_, err := MakeInt(MaxInt+1, "2147483647 + 1")
	require.ErrorIs(t, err, ErrOverflow)
	require.Contains(t, err.Error(), "2147483647 + 1")
	n, err := MakeInt(MinInt, "x")
	require.NoError(t, err)
	require.Equal(t, Int(-2147483648), n)
}

func TestSetAlgebra(t *testing.T) {
	a := MustSet(Int(1), Int(2), Int(3))
	b := Interval(2, 5)
	u, err := Union(a, b)
	require.NoError(t, err)
	require.Equal(t, "{1, 2, 3, 4, 5}", u.String())
	i, err := Intersect(a, b)
	require.NoError(t, err)
	require.Equal(t, "{2, 3}", i.String())
	d, err := Difference(a, b)
	require.NoError(t, err)
	require.Equal(t, "{1}", d.String())
	lazy, err := Difference(Nat, a)
	require.NoError(t, err)
	in, err := lazy.Contains(Int(4))
	require.NoError(t, err)
	require.True(t, in)
	in, err = lazy.Contains(Int(2))
	require.NoError(t, err)
	require.False(t, in)
	n, err := Cardinality(Subset(Interval(1, 10)))
	require.NoError(t, err)
	require.Equal(t, int64(1024), n)
	n, err = Cardinality(FuncSet(Interval(1, 3), Interval(1, 4)))
	require.NoError(t, err)
	require.Equal(t, int64(64), n)
}

func TestApplyAndUpdate(t *testing.T) {
	r := rec(t, "a", Int(1), "b", Int(2))
	v, err := Apply(r, Str("b"))
	require.NoError(t, err)
	require.Equal(t, Int(2), v)
	_, err = Apply(r, Str("c"))
	require.ErrorContains(t, err, `applying function [a |-> 1, b |-> 2] to "c", which is not in its domain`)
	u, err := Update(r, Str("a"), Int(9))
	require.NoError(t, err)
	require.Equal(t, "[a |-> 9, b |-> 2]", u.String())
	require.Equal(t, "[a |-> 1, b |-> 2]", r.String(), "update must not mutate its argument")
	m, err := Merge(Tuple{Int(5)}, rec(t, "a", Int(1)))
	require.NoError(t, err)
	require.Equal(t, `(1 :> 5 @@ "a" :> 1)`, m.String())
	_, err = Apply(Int(3), Int(1))
	require.True(t, errors.Is(err, ErrType))
}

func TestNamedInfiniteSetsCompare(t *testing.T) {
	eq, err := Equal(Nat, Nat)
	require.NoError(t, err)
	require.True(t, eq)
	eq, err = Equal(Nat, IntSet)
	require.NoError(t, err)
	require.False(t, eq)
	// TLC compares an overridden value only with another (Naturals.compareTo).
	_, err = Equal(Nat, Interval(0, 3))
	require.ErrorIs(t, err, ErrIncomparable)
	require.EqualError(t, err, "Attempted to compare overridden value Nat with non-overridden value:\n0..3")
	_, err = Equal(Nat, SeqSet(Boolean))
	require.ErrorIs(t, err, ErrInfinite)
}

// TestFiniteVersusLazyInfinite checks that a finite set compared with one that is not finite fails
// as in TLC, which enumerates the set it cannot compare otherwise (toSetEnum): even a surely
// infinite one is not declared unequal, and a filter of an infinite set, which may be finite, is
// not either.
func TestFiniteVersusLazyInfinite(t *testing.T) {
	_, err := Equal(MustSet(Int(1)), SeqSet(Boolean))
	require.EqualError(t, err, "Attempted to check equality of the set {1} with the value:\nSeq({FALSE, TRUE})")
	small := &FilterSet{Base: Nat, Text: "{x \\in Nat : x < 2}", Pred: func(v Value) (bool, error) { return v.(Int) < 2, nil }}
	_, err = Equal(MustSet(Int(0), Int(1)), small)
	require.EqualError(t, err, "Attempted to enumerate { x \\in S : p(x) } when S:\nNat\nis not enumerable")
	_, err = Equal(MustSet(Int(0)), FuncSet(Nat, MustSet(Int(0), Int(1))))
	require.ErrorIs(t, err, ErrIncomparable)
	require.EqualError(t, err, "Attempted to enumerate a set of the form [D -> R],but the domain D:\nNat\ncannot be enumerated.")
}

func TestNewFuncOnSetEqualsNewFunc(t *testing.T) {
	dom := MustSet(Int(3), Int(1), Int(2))
	vals := []Value{Str("a"), Str("b"), Str("c")} // for 1, 2, 3 in normalized order
	f, err := NewFuncOnSet(dom, vals)
	if err != nil {
		t.Fatal(err)
	}
	g, err := NewFunc([]Value{Int(2), Int(3), Int(1)}, []Value{Str("b"), Str("c"), Str("a")})
	if err != nil {
		t.Fatal(err)
	}
	if eq, err := Equal(f, g); err != nil || !eq {
		t.Fatalf("NewFuncOnSet gave %s, NewFunc %s", f, g)
	}
	if _, ok := f.(Tuple); !ok {
		t.Fatalf("a function on 1..3 should be a tuple, got %T", f)
	}
	if _, err := NewFuncOnSet(dom, vals[:2]); err == nil {
		t.Fatal("NewFuncOnSet accepted 2 values for a domain of 3")
	}
	r, err := NewFuncOnSet(MustSet(Str("b"), Str("a")), []Value{Int(1), Int(2)})
	if err != nil {
		t.Fatal(err)
	}
	if v, err := Apply(r, Str("a")); err != nil || v != Int(1) {
		t.Fatalf("[a |-> 1, b |-> 2][\"a\"] = %v, %v", v, err)
	}
}

// TestIntervalElems checks that the shared elements of small intervals are those Enumerate
// gives, at the edges of the shared range and outside it.
func TestIntervalElems(t *testing.T) {
	for _, iv := range [][2]int64{{0, 63}, {1, 3}, {63, 63}, {62, 64}, {-1, 2}, {5, 4}, {64, 70}, {-3, -1}, {0, -1}} {
		s := Interval(iv[0], iv[1])
		got, err := s.Elems()
		require.NoError(t, err)
		var want []Value
		for i := iv[0]; i <= iv[1]; i++ {
			want = append(want, Int(i))
		}
		require.Equal(t, want, got, "%d..%d", iv[0], iv[1])
		require.Equal(t, len(got), cap(got), "%d..%d: appending to the elements must not write into shared ones", iv[0], iv[1])
	}
}

// TestSingleton checks that Singleton builds the set NewSet builds, normalizing its element.
func TestSingleton(t *testing.T) {
	for _, v := range []Value{Int(3), Str("a"), Tuple{Int(1)}, EmptySet, rec(t, "a", Int(1))} {
		got, err := Singleton(v)
		require.NoError(t, err)
		want, err := NewSet(v)
		require.NoError(t, err)
		eq, err := Equal(got, want)
		require.NoError(t, err)
		require.True(t, eq, "Singleton(%s) = %s", v, got)
		require.Equal(t, want.Elems(), got.Elems())
	}
	// A lazy set is normalized to its elements, as NewSet does.
	got, err := Singleton(Interval(1, 2))
	require.NoError(t, err)
	want, err := NewSet(Interval(1, 2))
	require.NoError(t, err)
	require.Equal(t, want.Elems(), got.Elems())
	require.IsType(t, &Set{}, got.Elems()[0])
}
