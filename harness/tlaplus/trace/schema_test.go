package trace

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dsref/dsref/harness/tlaplus/eval"
	"github.com/dsref/dsref/harness/tlaplus/value"
)

// TestSchemaNamesTheNestedField: a field deep inside arrays and objects is named by its whole
// path, with 1-based array indexes, as TLA+ indexes sequences.
func TestSchemaNamesTheNestedField(t *testing.T) {
	sv, err := eval.DecodeJSON([]byte(`{"Ev": {"sent": [{"entries": [{"term": "Nat"}], "to": "Nat"}], "grid": [["Nat"]]}}`))
	require.NoError(t, err)
	s, err := NewSchema(sv)
	require.NoError(t, err)
	for event, want := range map[string][2]string{
		`{"action":"Ev","grid":[],"sent":[{"entries":[{"term":1}],"to":2},{"entries":[{"term":1},{"term":"x"}],"to":2}]}`: {"sent[2].entries[2].term", `must be a natural number, not the string "x"`},
		`{"action":"Ev","grid":[],"sent":[{"entries":[]}]}`:                                                               {"sent[1].to", "missing"},
		`{"action":"Ev","grid":[[1],[2,-3]],"sent":[]}`:                                                                   {"grid[2][2]", "must be a natural number, not the number -3"},
		`{"action":"Ev","grid":[],"sent":[]}`:                                                                             {"", ""},
	} {
		v, err := eval.DecodeJSON([]byte(event))
		require.NoError(t, err)
		field, msg := s.check(v.(*value.Record), "Ev")
		assert.Equal(t, want, [2]string{field, msg}, event)
	}
}

// TestSchemaChecksRecordsOfAlternatingShapes: the schema finds an action's fields once per
// shape of record (the names its records share); records of several shapes, alternating, and
// records sharing one shape with other values, are each checked against their own fields.
func TestSchemaChecksRecordsOfAlternatingShapes(t *testing.T) {
	sv, err := eval.DecodeJSON([]byte(`{"Ev": {"a": "Nat", "b": "Nat"}}`))
	require.NoError(t, err)
	s, err := NewSchema(sv)
	require.NoError(t, err)
	rec := func(names []string, vals ...value.Value) *value.Record {
		r, err := value.NewRecord(names, vals)
		require.NoError(t, err)
		return r
	}
	ev := value.Str("Ev")
	full := rec([]string{"a", "action", "b"}, value.Int(1), ev, value.Int(2))
	noA := rec([]string{"action", "b"}, ev, value.Int(2))
	extra := rec([]string{"a", "action", "b", "c"}, value.Int(1), ev, value.Int(2), value.Int(3))
	badB := full.WithValues([]value.Value{value.Int(1), ev, value.Int(-1)}) // full's shape
	for round := 0; round < 3; round++ {
		for _, tc := range []struct {
			r    *value.Record
			want [2]string
		}{
			{full, [2]string{"", ""}},
			{noA, [2]string{"a", "missing"}},
			{extra, [2]string{"", ""}},
			{badB, [2]string{"b", "must be a natural number, not the number -1"}},
			{full, [2]string{"", ""}},
		} {
			field, msg := s.check(tc.r, "Ev")
			assert.Equal(t, tc.want, [2]string{field, msg}, "round %d, %s", round, tc.r)
		}
	}
}
