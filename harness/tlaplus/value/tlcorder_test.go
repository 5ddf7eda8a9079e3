package value

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestTLCStringInternOrder prints values under an intern order as TLC prints them, worked out
// from TLC's RecordValue, SetEnumValue, FcnRcdValue and UniqueString.compareTo: the fields of a
// record in the order their names were interned; a set of records with fewer fields first, then
// by field names, then by values field by field in that order; strings and model values in the
// order they were interned; names never interned after those that were, by their bytes. The
// expected set of messages is the one TLC printed for a Paxos specification whose text names
// type, bal, acc, mbal, val in that order (a Toolbox trace explorer run's MC.out).
func TestTLCStringInternOrder(t *testing.T) {
	a1, a2, v1 := ModelValue{Name: "a1"}, ModelValue{Name: "a2"}, ModelValue{Name: "v1"}
	msgs := func() *Set {
		return mustSet(t,
			rec(t, "type", Str("1a"), "bal", Int(0)),
			rec(t, "type", Str("2a"), "bal", Int(0), "val", v1),
			rec(t, "type", Str("2b"), "bal", Int(0), "acc", a1, "val", v1),
			rec(t, "type", Str("1b"), "bal", Int(0), "acc", a1, "mbal", Int(-1), "mval", ModelValue{Name: "None"}),
			rec(t, "type", Str("1b"), "bal", Int(0), "acc", a2, "mbal", Int(-1), "mval", ModelValue{Name: "None"}),
		)
	}
	defer SetOrder(nil)
	SetOrder(nil)
	m := msgs()
	require.Equal(t, m.String(), TLCString(m), "TLCString is String")
	require.Equal(t, `{[bal |-> 0, type |-> "1a"], [bal |-> 0, type |-> "2a", val |-> v1], `+
		`[acc |-> a1, bal |-> 0, type |-> "2b", val |-> v1], `+
		`[acc |-> a1, bal |-> 0, mbal |-> -1, mval |-> None, type |-> "1b"], `+
		`[acc |-> a2, bal |-> 0, mbal |-> -1, mval |-> None, type |-> "1b"]}`, m.String(), "without an intern order, by bytes")

	SetOrder(NewInternOrder([]string{"a1", "a2", "v1", "None", "type", "bal", "acc", "mbal", "mval", "val", "1a", "1b", "2a", "2b"}))
	require.Equal(t, `{[type |-> "1a", bal |-> 0], [type |-> "2a", bal |-> 0, val |-> v1], `+
		`[type |-> "2b", bal |-> 0, acc |-> a1, val |-> v1], `+
		`[type |-> "1b", bal |-> 0, acc |-> a1, mbal |-> -1, mval |-> None], `+
		`[type |-> "1b", bal |-> 0, acc |-> a2, mbal |-> -1, mval |-> None]}`, TLCString(msgs()))

	// Strings and model values by interning; "zz" and "b" were never interned: after "y", by
	// their bytes. A function's domain and a tuple's elements are printed in the same order.
	SetOrder(NewInternOrder([]string{"q", "p", "y"}))
	require.Equal(t, `{"y", "b", "zz"}`, TLCString(mustSet(t, Str("zz"), Str("y"), Str("b"))))
	require.Equal(t, `{q, p}`, TLCString(mustSet(t, ModelValue{Name: "p"}, ModelValue{Name: "q"})))
	f, err := NewFunc([]Value{ModelValue{Name: "p"}, ModelValue{Name: "q"}}, []Value{rec(t, "y", Int(1), "b", Int(2)), Tuple{Str("p"), Str("q")}})
	require.NoError(t, err)
	require.Equal(t, `(q :> <<"p", "q">> @@ p :> [y |-> 1, b |-> 2])`, TLCString(f))
	require.Equal(t, "(q :> <<\"p\", \"q\">> @@ p :> [y |-> 1, b |-> 2])", Pretty(f), "Pretty prints in the intern order too")
}
