package sim

import (
	"encoding/json"
	"testing"
)

// Trace fields of types the writer has no case for are written as encoding/json writes them
// (adapters pass named integer types and slices of maps), and a value encoding/json cannot
// write becomes a string naming its type, which no schema accepts, instead of a silent gap.
func TestAppendJSONWritesOtherTypesAsEncodingJSON(t *testing.T) {
	type nodeID uint64
	fields := map[string]any{
		"peer":    nodeID(7),
		"sent":    []map[string]any{{"to": nodeID(2), "type": "Prepare"}, {"to": nodeID(3)}},
		"entries": []struct{ Slot uint64 }{{Slot: 4}},
		"bad":     make(chan int),
	}
	got := string(appendJSON(nil, fields))
	var back map[string]any
	if err := json.Unmarshal([]byte(got), &back); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, got)
	}
	want := `{"bad":"unsupported trace value of type chan int: json: unsupported type: chan int",` +
		`"entries":[{"Slot":4}],"peer":7,"sent":[{"to":2,"type":"Prepare"},{"to":3}]}`
	if got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
}
