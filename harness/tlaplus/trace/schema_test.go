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
