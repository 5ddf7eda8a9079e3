package clocks

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// hostileVector is an input to one of the vector clock decoders, as large as the format lets its
// lengths and counts be, or claiming more than it holds.
type hostileVector struct {
	name   string
	json   bool // UnmarshalJSON, else UnmarshalBinary
	in     []byte
	valid  bool
	perIn  uint64 // the documented bound: bytes allocated per input byte
	detail string
}

// distinctNodes returns count node IDs of four base-62 digits, in ascending order.
func distinctNodes(count int) []string {
	const digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	out := make([]string, count)
	for i := range out {
		x := i
		var b [4]byte
		for j := 3; j >= 0; j-- {
			b[j] = digits[x%62]
			x /= 62
		}
		out[i] = string(b[:])
	}
	return out
}

// hostileVectors builds inputs of about size bytes each.
func hostileVectors(size int) []hostileVector {
	var hs []hostileVector
	add := func(name string, isJSON, valid bool, perIn uint64, in []byte) {
		hs = append(hs, hostileVector{name: name, json: isJSON, in: in, valid: valid, perIn: perIn})
	}
	// JSON: the most members the size holds ("abcd":1, is 9 bytes), each a 32-byte entry.
	var js bytes.Buffer
	js.WriteByte('{')
	for i, node := range distinctNodes(size / 9) {
		if i > 0 {
			js.WriteByte(',')
		}
		fmt.Fprintf(&js, "%q:1", node)
	}
	js.WriteByte('}')
	add("JSON, distinct 4-byte nodes", true, true, 9, js.Bytes())
	dup := append([]byte("{"+strings.Repeat(`"a":1,`, size/6)), `"a":1}`...)
	add("JSON, one node repeated", true, false, 9, dup)
	bad := append([]byte("{"+strings.Repeat("\"\xff\":0,", size/7)), "\"\xff\":0}"...)
	add("JSON, invalid UTF-8 node repeated", true, false, 9, bad)
	add("JSON, one huge counter", true, false, 0, []byte(`{"a":`+strings.Repeat("9", size)+`}`))
	add("JSON, one huge node ID, no value", true, false, 0, []byte(`{"`+strings.Repeat("a", size)+`":`))
	add("JSON, deep nesting", true, false, 0, []byte(`{"a":`+strings.Repeat("[", size)))
	add("JSON, truncated after the last member", true, false, 0, js.Bytes()[:js.Len()-1])
	add("JSON, MaxEncodedVectorSize+1 bytes", true, false, 0, append([]byte("{"), make([]byte, MaxEncodedVectorSize)...))

	// Binary: the most entries the size holds, with ascending 4-byte nodes (6 bytes each).
	nodes := distinctNodes(size / 6)
	bin := binary.AppendUvarint(nil, uint64(len(nodes)))
	for _, n := range nodes {
		bin = append(bin, 4)
		bin = append(bin, n...)
		bin = append(bin, 1)
	}
	add("binary, distinct 4-byte nodes", false, true, 12, bin)
	claim := binary.AppendUvarint(nil, uint64(size/3))
	add("binary, count as large as the input holds", false, false, 0, append(claim, make([]byte, size)...))
	add("binary, count 2^63", false, false, 0, append(binary.AppendUvarint(nil, 1<<63), make([]byte, size)...))
	add("binary, node length 2^40", false, false, 0, append(append([]byte{1}, binary.AppendUvarint(nil, 1<<40)...), make([]byte, size)...))
	add("binary, last entry cut", false, false, 0, bin[:len(bin)-1])
	add("binary, MaxEncodedVectorSize+1 bytes", false, false, 0, make([]byte, MaxEncodedVectorSize+1))
	return hs
}

func (h hostileVector) decode() error {
	var v Vector
	if h.json {
		return v.UnmarshalJSON(h.in)
	}
	return v.UnmarshalBinary(h.in)
}

// decodeAllocs is the number of bytes one decode of h allocates.
func (h hostileVector) allocs() uint64 {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_ = h.decode()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestDecodersMemoryIsBoundedByInput decodes vector clocks with hostile lengths and counts. Each
// decoder allocates at most the bound its doc comment states (9 bytes per input byte for
// JSON, 12 for binary) plus a small constant, and refuses input longer than MaxEncodedVectorSize
// unread. Before the fix the JSON decoder allocated 33 bytes per input byte (556 MB for 16.8 MB).
//
// Tests VC-9.
func TestDecodersMemoryIsBoundedByInput(t *testing.T) {
	for _, h := range hostileVectors(1 << 20) {
		err := h.decode()
		if (err == nil) != h.valid {
			t.Fatalf("%s: err = %v, want valid=%v", h.name, err, h.valid)
		}
		if err != nil && len(err.Error()) > 300 {
			t.Errorf("%s: error message of %d bytes: %.300s", h.name, len(err.Error()), err)
		}
		got, n := h.allocs(), uint64(len(h.in))
		t.Logf("%-45s %9d bytes in, %9d allocated (%.2fx)", h.name, n, got, float64(got)/float64(n))
		if limit := h.perIn*n + 2048; got > limit {
			t.Errorf("%s: decoding %d bytes allocated %d, more than %d", h.name, n, got, limit)
		}
	}
}

// BenchmarkDecodeHostile reports, for each hostile input of 16 MiB (the size of the issue's
// example), the bytes allocated per input byte (alloc/in).
func BenchmarkDecodeHostile(b *testing.B) {
	for _, h := range hostileVectors(MaxEncodedVectorSize - 64) {
		b.Run(strings.NewReplacer(" ", "_", ",", "").Replace(h.name), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(h.in)))
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			for b.Loop() {
				_ = h.decode()
			}
			runtime.ReadMemStats(&after)
			b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/float64(len(h.in)), "alloc/in")
		})
	}
}
