package value

import (
	"fmt"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"
)

// TestCompareInternOrder: Compare orders strings, model values and record field names as TLC's
// UniqueString.compareTo does, by the order they were interned (StringValue.compareTo,
// ModelValue.compareTo, RecordValue.normalize), so that a set is enumerated, CHOOSEn from and
// printed in TLC's order. Strings the order does not rank come after those it ranks, by their
// bytes. Records are ordered by their number of fields, then their names, then their values
// (RecordValue.compareTo): [b |-> 2, a |-> 1] < [b |-> 1, c |-> 1] because a (interned before
// c) decides before any value is looked at; comparing field by field, name then value, would
// put it after (b's values 2 > 1).
func TestCompareInternOrder(t *testing.T) {
	defer SetOrder(nil)
	SetOrder(NewInternOrder([]string{"m2", "m1", "b", "a", "c"}))
	cmp := func(a, b Value) int {
		c, err := Compare(a, b)
		require.NoError(t, err)
		return c
	}
	require.Equal(t, -1, cmp(Str("b"), Str("a")))
	require.Equal(t, 1, cmp(Str("a"), Str("b")))
	require.Equal(t, -1, cmp(Str("c"), Str("aa")), "a ranked string before an unranked one")
	require.Equal(t, -1, cmp(Str("aa"), Str("ab")), "unranked strings by their bytes")
	require.Equal(t, -1, cmp(ModelValue{Name: "m2"}, ModelValue{Name: "m1"}))

	r := rec(t, "a", Int(1), "b", Int(2))
	require.Equal(t, []string{"b", "a"}, r.Names())
	require.Equal(t, "[b |-> 2, a |-> 1]", r.String())
	require.Equal(t, -1, cmp(rec(t, "b", Int(2), "a", Int(1)), rec(t, "b", Int(1), "c", Int(1))))

	s, err := NewSet(Str("a"), Str("b"), Str("c"))
	require.NoError(t, err)
	require.Equal(t, `{"b", "a", "c"}`, s.String())
	require.Equal(t, Str("b"), s.Elems()[0], "CHOOSE x \\in S : TRUE takes the first")
	found, err := s.Contains(Str("a"))
	require.NoError(t, err)
	require.True(t, found)

	// A record of more than 16 fields is searched by halves in the same order.
	var kv []any
	var names []string
	for i := 20; i > 0; i-- {
		names = append(names, fmt.Sprintf("f%d", i))
		kv = append(kv, fmt.Sprintf("f%d", i), Int(i))
	}
	SetOrder(NewInternOrder(names))
	big := rec(t, kv...)
	require.Equal(t, "f20", big.Names()[0])
	for i := 1; i <= 20; i++ {
		v, ok, err := big.Field(fmt.Sprintf("f%d", i))
		require.NoError(t, err)
		require.True(t, ok)
		require.Equal(t, Int(i), v)
	}
}

// TestReorder: a value built under one order is rebuilt in the order set after it, as a load
// does for the configuration's constants, which are built before the specification's order is
// known.
func TestReorder(t *testing.T) {
	defer SetOrder(nil)
	SetOrder(nil)
	r, err := NewRecord([]string{"a", "b"}, []Value{Str("x"), Str("y")})
	require.NoError(t, err)
	s, err := NewSet(ModelValue{Name: "m1"}, ModelValue{Name: "m2"}, r)
	require.NoError(t, err)
	v := Tuple{s, Str("z")}
	SetOrder(NewInternOrder([]string{"m2", "m1", "b", "a", "y", "x"}))
	got, err := Reorder(v)
	require.NoError(t, err)
	require.Equal(t, `<<{m2, m1, [b |-> "y", a |-> "x"]}, "z">>`, got.String())
	r2, err := NewRecord([]string{"b", "a"}, []Value{Str("y"), Str("x")})
	require.NoError(t, err)
	s2, err := NewSet(r2, ModelValue{Name: "m1"}, ModelValue{Name: "m2"})
	require.NoError(t, err)
	eq, err := Equal(got, Tuple{s2, Str("z")})
	require.NoError(t, err)
	require.True(t, eq, "equal to the value built under the new order")
}

// TestCanonicalRanks: a name's canonical copy (the order's arena) is ranked from where its bytes
// are, as the name looked up is; a slice of the arena that is not a whole name (a prefix of one,
// or the end of one and the start of the next) is looked up, and so is an empty name.
func TestCanonicalRanks(t *testing.T) {
	defer SetOrder(nil)
	o := NewInternOrder([]string{"m2", "m1", "", "mm", "m2", "x"})
	SetOrder(o)
	for _, n := range []string{"m2", "m1", "", "mm", "x"} {
		want, ok := o.rank[n]
		require.True(t, ok)
		for _, s := range []string{n, Canonical(n), string([]byte(n))} {
			r, ok := o.rankOf(s)
			require.True(t, ok, "%q", s)
			require.Equal(t, want, r, "%q", s)
		}
	}
	c := Canonical("mm")
	require.Equal(t, "mm", c)
	whole := o.arena
	require.Equal(t, "m2m1mmx", whole)
	for _, s := range []string{whole[0:1], whole[1:3], whole[0:3], whole[4:5]} {
		r, ok := o.rankOf(s)
		wr, wok := o.rank[s]
		require.Equal(t, wok, ok, "%q", s)
		require.Equal(t, wr, r, "%q", s)
	}
	require.Equal(t, "zz", Canonical("zz"), "not ranked: itself")
	mv, err := Reorder(ModelValue{Name: string([]byte("m1"))})
	require.NoError(t, err)
	require.Equal(t, ModelValue{Name: "m1"}, mv)
	require.Equal(t, unsafe.StringData(o.names[1]), unsafe.StringData(mv.(ModelValue).Name), "Reorder takes the arena's copy")
	c1, err := Compare(ModelValue{Name: Canonical("m1")}, ModelValue{Name: "m2"})
	require.NoError(t, err)
	require.Equal(t, 1, c1)
}
