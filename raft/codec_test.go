package raft

import (
	"errors"
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

// A successful decode allocates only the message's own slices: the entries and one copy of
// each entry's data.
func TestDecodeAllocatesOnlyTheMessage(t *testing.T) {
	b := MarshalMessage(codecSample)
	allocs := testing.AllocsPerRun(100, func() {
		if _, err := UnmarshalMessage(b); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 3 {
		t.Fatalf("decoding two entries allocates %.1f times, want 3", allocs)
	}
}
