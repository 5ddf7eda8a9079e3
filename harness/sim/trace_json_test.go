package sim

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dsref/dsref/harness/tlaplus/eval"
	"github.com/dsref/dsref/harness/tlaplus/trace"
	"github.com/dsref/dsref/harness/tlaplus/value"
)

// Trace fields of types the recorder has no case for are taken as encoding/json writes them
// (adapters pass named integer types and slices of maps); a value with no TLA+ counterpart is an
// error naming the field, instead of a silent gap or a line no validator reads.
func TestTraceRecordTakesOtherTypesAsEncodingJSON(t *testing.T) {
	type nodeID uint64
	fields := map[string]any{
		"peer":    nodeID(7),
		"sent":    []map[string]any{{"to": nodeID(2), "type": "Prepare"}, {"to": nodeID(3)}},
		"entries": []struct{ Slot uint64 }{{Slot: 4}},
		"none":    []any{},
		"raw":     RawJSON(`{"b":[true],"a":"x\"y"}`),
	}
	rec, err := TraceRecord(fields)
	require.NoError(t, err)
	got := string(trace.AppendValueJSON(nil, rec))
	want := `{"entries":[{"Slot":4}],"none":[],"peer":7,"raw":{"a":"x\"y","b":[true]},"sent":[{"to":2,"type":"Prepare"},{"to":3}]}`
	assert.Equal(t, want, got)
	back, err := eval.DecodeJSON([]byte(got))
	require.NoError(t, err)
	eq, err := value.Equal(back, rec)
	require.NoError(t, err)
	assert.True(t, eq, "the JSON written decodes to the record: %s vs %s", back, rec)

	for name, bad := range map[string]any{
		"chan":     make(chan int),
		"null":     nil,
		"fraction": 1.5,
		"too big":  uint64(1) << 40,
	} {
		_, err := TraceRecord(map[string]any{"f": bad})
		require.Error(t, err, name)
		assert.Contains(t, err.Error(), `trace field "f"`, name)
	}
}
