package clocks

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// referenceVectorJSON decodes a vector clock's JSON form with encoding/json's token API: the
// straightforward reading of the format, against which the hand-written decoder is fuzzed.
func referenceVectorJSON(data []byte) ([]Entry, error) {
	if string(bytes.TrimSpace(data)) == "null" {
		return nil, nil
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, fmt.Errorf("not an object: %v %v", tok, err)
	}
	seen := map[string]bool{}
	var out []Entry
	for dec.More() {
		tok, err := dec.Token()
		node, ok := tok.(string)
		if err != nil || !ok || node == "" || seen[node] {
			return nil, fmt.Errorf("bad key %v %v", tok, err)
		}
		seen[node] = true
		tok, err = dec.Token()
		num, ok := tok.(json.Number)
		if err != nil || !ok {
			return nil, fmt.Errorf("bad value %v %v", tok, err)
		}
		c, err := strconv.ParseUint(string(num), 10, 64)
		if err != nil {
			return nil, err
		}
		if c != 0 {
			out = append(out, Entry{node, c})
		}
	}
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("trailing data")
	}
	slices.SortFunc(out, func(a, b Entry) int { return strings.Compare(a.Node, b.Node) })
	return out, nil
}

// FuzzVectorJSONMatchesEncodingJSON checks the decoder against encoding/json: both accept the
// same inputs and decode them to the same clock.
//
// Tests VC-8, VC-9.
func FuzzVectorJSONMatchesEncodingJSON(f *testing.F) {
	for _, seed := range []string{`{}`, `null`, ` {"a":1,"b":0} `, `{"b":3, "a":1}`, `[1]`, `{"a":-1}`, `{"a":-0}`,
		`{"a":1.5}`, `{"a":18446744073709551615}`, `{"a":18446744073709551616}`, `{"a":"1"}`, `{"a":1,"a":2}`,
		`{"a":0,"a":0}`, `{"":1}`, `{"a":1} x`, `{"a":1`, `{"a\u0000b":7}`, `{"a":1e3}`, ``, `{"\ud83d\ude00":2}`,
		`{"\ud83d":2}`, "{\"\xff\":1}", `{"a":01}`, `{"a":1,}`, `{,}`, `{"a" 1}`, `{"a":true}`, `{"\/\b\f\n\r\t\"\\":9}`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		want, wantErr := referenceVectorJSON(data)
		var v Vector
		err := v.UnmarshalJSON(data)
		if (err != nil) != (wantErr != nil) {
			t.Fatalf("%q: decoder says %v, encoding/json says %v", data, err, wantErr)
		}
		if err != nil {
			return
		}
		got := v.Entries()
		if len(got) != len(want) {
			t.Fatalf("%q: decoded %v, encoding/json %v", data, got, want)
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("%q: decoded %v, encoding/json %v", data, got, want)
			}
		}
	})
}
