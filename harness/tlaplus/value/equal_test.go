package value

import (
	"errors"
	"strings"
	"testing"
)

// TestEqualModelValues checks TLC's rules for model values (tlc2.value.impl.ModelValue, equals and
// modelValueEquals): an untyped model value equals only itself and compares with anything; a typed
// one (x_str) compares only with model values of its type or untyped ones, and TLC's message
// depends on which side it is on.
func TestEqualModelValues(t *testing.T) {
	m, n := ModelValue{"m"}, ModelValue{"n"}
	x1, x2, a1 := ModelValue{"x_1"}, ModelValue{"x_2"}, ModelValue{"a_1"}
	short := ModelValue{"x_"} // two characters: untyped
	for _, c := range []struct {
		a, b Value
		want bool
		err  string
	}{
		{a: m, b: m, want: true},
		{a: m, b: n},
		{a: m, b: Int(1)},
		{a: Int(1), b: m},
		{a: Tuple{Int(1)}, b: m},
		{a: MustSet(Int(1)), b: m},
		{a: m, b: x1},
		{a: x1, b: m},
		{a: x1, b: x2},
		{a: x1, b: x1, want: true},
		{a: short, b: Int(1)},
		{a: x1, b: Int(1), err: "Attempted to check equality of typed model value x_1 and non-model value\n1"},
		{a: Int(1), b: x1, err: "Attempted to check equality of the typed model value x_1 and the non-model value\n1"},
		{a: MustSet(), b: x1, err: "Attempted to check equality of the typed model value x_1 and the non-model value\n{}"},
		{a: x1, b: a1, err: "Attempted to check equality of the differently-typed model values x_1 and a_1"},
	} {
		got, err := Equal(c.a, c.b)
		switch {
		case c.err != "":
			if err == nil || err.Error() != c.err || !errors.Is(err, ErrIncomparable) {
				t.Errorf("Equal(%s, %s) = %v, %v; want the error %q", c.a, c.b, got, err, c.err)
			}
		case err != nil || got != c.want:
			t.Errorf("Equal(%s, %s) = %v, %v; want %v", c.a, c.b, got, err, c.want)
		}
	}
}

// TestMemberModelValues checks Member's rules for model values: an untyped one is looked for in
// any set and found only in one holding it; a typed one is compared only with model values
// (ModelValue.compareTo in a set's binary search, modelValueMember for Nat, Int and STRING,
// IntervalValue.member).
func TestMemberModelValues(t *testing.T) {
	m, x1 := ModelValue{"m"}, ModelValue{"x_1"}
	ints := MustSet(Int(1), Int(2))
	for _, c := range []struct {
		s    SetValue
		v    Value
		want bool
		err  string
	}{
		{s: ints, v: m},
		{s: MustSet(Int(1), m), v: m, want: true},
		{s: Nat, v: m},
		{s: StringSet, v: m},
		{s: Interval(1, 3), v: m},
		{s: MustSet(m, ModelValue{"x_2"}), v: x1},
		{s: ints, v: x1, err: "Attempted to compare the typed model value x_1 and non-model value\n"},
		{s: Nat, v: x1, err: "Attempted to check if the typed model value x_1 is an element of\nNat"},
		{s: Interval(1, 3), v: x1, err: "Attempted to check if the value:\nx_1\nis in the integer interval 1..3"},
		{s: Interval(3, 1), v: x1},
		{s: MustSet(ModelValue{"a_1"}), v: x1, err: "Attempted to compare the differently-typed model values x_1 and a_1"},
	} {
		got, err := Member(c.s, c.v)
		switch {
		case c.err != "":
			if err == nil || !strings.HasPrefix(err.Error(), c.err) || !errors.Is(err, ErrIncomparable) {
				t.Errorf("Member(%s, %s) = %v, %v; want the error %q", c.s, c.v, got, err, c.err)
			}
		case err != nil || got != c.want:
			t.Errorf("Member(%s, %s) = %v, %v; want %v", c.s, c.v, got, err, c.want)
		}
	}
}
