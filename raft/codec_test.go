package raft

import (
	"encoding/binary"
	"errors"
	"reflect"
	"runtime"
	"strings"
	"testing"
)

// codecSample encodes to the 23 bytes laid out in TestDecodeErrorsNameEntryFields.
var codecSample = Message{Type: MsgApp, To: 2, From: 1, Term: 3, LogTerm: 2, Index: 5, Commit: 4,
	Entries: []Entry{{Term: 3, Index: 6, Data: []byte("x")}, {Term: 3, Index: 7, Data: []byte("yz")}}}

// Layout of codecSample: bytes 0-2 version, type, flags; 3-9 the seven header varints; 10
// context length; 11 entry count; 12-16 entry 0 (term, index, type, length, "x"); 17-22
// entry 1 (term, index, type at 19, length at 20, "yz" at 21-22).
//
// Tests RAFT-ROBUST-1.
func TestDecodeErrorsNameEntryFields(t *testing.T) {
	b := MarshalMessage(codecSample)
	if len(b) != 23 {
		t.Fatalf("sample encodes to %d bytes, want 23: %x", len(b), b)
	}
	badType := append([]byte(nil), b...)
	badType[19] = 7
	overlong := append([]byte(nil), b...)
	overlong[18] = 0x80 // entry 1's index continues into the type byte 0: 0x80 0x00 is not minimal
	cases := []struct {
		in     []byte
		field  string
		offset int
	}{
		{b[:22], "entries[1].data", 21},
		{b[:20], "entries[1].data length", 20},
		{badType, "entries[1].type", 19},
		{overlong, "entries[1].index", 18},
		{append(append([]byte(nil), b...), 0), "end", 23},
		{b[:11], "entry count", 11},
	}
	for _, c := range cases {
		_, err := UnmarshalMessage(c.in)
		var de *DecodeError
		if !errors.As(err, &de) || de.Field != c.field || de.Offset != c.offset {
			t.Errorf("%x: got %v, want field %s at byte %d", c.in, err, c.field, c.offset)
		}
	}
}

// A successful decode allocates only the message's own slices: the entries and one buffer for
// every entry's data.
func TestDecodeAllocatesOnlyTheMessage(t *testing.T) {
	b := MarshalMessage(codecSample)
	allocs := testing.AllocsPerRun(100, func() {
		if _, err := UnmarshalMessage(b); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 2 {
		t.Fatalf("decoding two entries allocates %.1f times, want 2", allocs)
	}
	m, _ := UnmarshalMessage(b)
	m.Entries[0].Data = append(m.Entries[0].Data, '!')
	if string(m.Entries[1].Data) != "yz" {
		t.Fatalf("appending to one entry's data overwrote the next: %q", m.Entries[1].Data)
	}
}

// hostileMessages are inputs whose lengths and counts are as large as the format lets them be,
// or larger than the input can hold. Each is named after what it claims.
func hostileMessages() []struct {
	name  string
	in    []byte
	valid bool
} {
	frame := func(count uint64, tail []byte) []byte {
		b := []byte{wireVersion, byte(MsgApp), 0, 2, 1, 3, 2, 5, 4, 0, 0}
		b = binary.AppendUvarint(b, count)
		return append(b, tail...)
	}
	zeros := func(n int) []byte { return make([]byte, n) } // n/4 empty entries of term 0, index 0
	oneEntry := func(data int) []byte {
		b := []byte{1, 1, 0}
		b = binary.AppendUvarint(b, uint64(data))
		return append(b, zeros(data)...)
	}
	lying := append([]byte{1, 1, 0}, binary.AppendUvarint(nil, 1<<40)...)
	// A MsgSnap with no entries and no chunk fields, snapshot index 1 and term 1, then what
	// follows.
	snap := func(tail []byte) []byte {
		b := []byte{wireVersion, byte(MsgSnap), flagSnapshot, 2, 1, 3, 0, 0, 0, 0, 0, 0, 1, 1}
		return append(b, tail...)
	}
	voters := func(n uint64, data []byte) []byte {
		b := binary.AppendUvarint(nil, n)
		for range n {
			b = append(b, 1)
		}
		return append(binary.AppendUvarint(b, uint64(len(data))), data...)
	}
	return []struct {
		name  string
		in    []byte
		valid bool
	}{
		{"MaxMessageEntries empty entries", frame(MaxMessageEntries, zeros(4*MaxMessageEntries)), true},
		{"1000 empty entries", frame(1000, zeros(4000)), true},
		{"one 4 MiB entry", frame(1, oneEntry(4<<20)), true},
		{"4x MaxMessageEntries empty entries", frame(4*MaxMessageEntries, zeros(16*MaxMessageEntries)), false},
		{"count 2^62 in 1 MiB", frame(1<<62, zeros(1<<20)), false},
		{"MaxMessageEntries entries, last one cut", frame(MaxMessageEntries, zeros(4*MaxMessageEntries-1)), false},
		{"data length 2^40 after 65535 entries", frame(MaxMessageEntries, append(zeros(4*MaxMessageEntries-4), lying...)), false},
		{"context length 2^40", append([]byte{wireVersion, byte(MsgApp), 0, 2, 1, 3, 2, 5, 4, 0}, binary.AppendUvarint(zeros(0), 1<<40)...), false},
		{"MaxMessageSize+1 bytes", frame(MaxMessageEntries, zeros(MaxMessageSize)), false},
		{"snapshot of MaxMessageEntries voters", snap(voters(MaxMessageEntries, nil)), true},
		{"snapshot with 4 MiB of data", snap(voters(3, zeros(4<<20))), true},
		{"snapshot of 2^40 voters", snap(binary.AppendUvarint(nil, 1<<40)), false},
		{"snapshot of 4x MaxMessageEntries voters", snap(voters(4*MaxMessageEntries, nil)), false},
		{"snapshot data length 2^40", snap(append(voters(3, nil)[:4], binary.AppendUvarint(nil, 1<<40)...)), false},
	}
}

// decodeAllocs is the number of bytes one UnmarshalMessage(b) allocates.
func decodeAllocs(b []byte) uint64 {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, _ = UnmarshalMessage(b)
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestDecodeMemoryIsBoundedByInput decodes messages with hostile lengths and counts. Before the
// fix a 64 MiB frame of 16M empty entries allocated 805 MB, and a frame claiming more entries
// than followed allocated room for all of them before failing. Now malformed input allocates
// only its error, and valid input at most n + 48*min(n/4, MaxMessageEntries) +
// 8*min(n, MaxMessageEntries) + 64 bytes (the bound documented at UnmarshalMessage).
//
// Tests RAFT-ROBUST-1.
func TestDecodeMemoryIsBoundedByInput(t *testing.T) {
	for _, h := range hostileMessages() {
		_, err := UnmarshalMessage(h.in)
		if (err == nil) != h.valid {
			t.Fatalf("%s: err = %v, want valid=%v", h.name, err, h.valid)
		}
		got := decodeAllocs(h.in)
		n := uint64(len(h.in))
		limit := uint64(1024) // an error and its formatting
		if h.valid {
			limit += n + 48*min(n/4, MaxMessageEntries) + 8*min(n, MaxMessageEntries) + 64
		}
		t.Logf("%-45s %9d bytes in, %9d allocated (%.2fx)", h.name, n, got, float64(got)/float64(n))
		if got > limit {
			t.Errorf("%s: decoding %d bytes allocated %d, more than %d", h.name, n, got, limit)
		}
	}
}

// BenchmarkUnmarshalHostile reports, for each hostile message, the bytes allocated per input
// byte (alloc/in) next to the usual figures.
func BenchmarkUnmarshalHostile(b *testing.B) {
	for _, h := range hostileMessages() {
		b.Run(strings.ReplaceAll(h.name, " ", "_"), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(h.in)))
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			for b.Loop() {
				_, _ = UnmarshalMessage(h.in)
			}
			runtime.ReadMemStats(&after)
			b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/float64(len(h.in)), "alloc/in")
		})
	}
}

// Snapshot chunks and their acknowledgements survive the wire unchanged.
//
// Tests RAFT-SNAP-3.
func TestSnapshotMessagesRoundTrip(t *testing.T) {
	for _, m := range []Message{
		{Type: MsgSnap, To: 3, From: 1, Term: 7, Commit: 40, ChunkOffset: 1 << 20, SnapshotSize: 3 << 20,
			Snapshot: &Snapshot{Metadata: SnapshotMetadata{Index: 40, Term: 6, ConfState: ConfState{Voters: []uint64{1, 2, 3}}}, Data: []byte("chunk")}},
		{Type: MsgSnap, To: 3, From: 1, Term: 7, Snapshot: &Snapshot{Metadata: SnapshotMetadata{Index: 1, Term: 1}}},
		{Type: MsgSnapResp, To: 1, From: 3, Term: 7, Index: 40, LogTerm: 6, ChunkOffset: 2 << 20},
	} {
		got, err := UnmarshalMessage(MarshalMessage(m))
		if err != nil {
			t.Fatal(err)
		}
		if got.String() != m.String() || !reflect.DeepEqual(got, m) {
			t.Fatalf("round trip:\n in %+v\nout %+v", m, got)
		}
	}
}
