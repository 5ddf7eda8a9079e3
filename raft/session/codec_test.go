package session

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func sampleTable(t *testing.T) *Table {
	tb := newTable(t, Config{MaxSessions: 4, MaxResponses: 2, Timeout: 100})
	a, _ := tb.Register(3, 10)
	b, _ := tb.Register(9, 11)
	var sm counter
	tb.Apply(Request{Session: a, Seq: 1, Time: 12}, sm.exec)
	tb.Apply(Request{Session: b, Seq: 4, Ack: 4, Time: 13}, sm.exec)
	tb.Apply(Request{Session: a, Seq: 2, Time: 14}, sm.exec)
	return tb
}

// TestSnapshotRoundTrip: a table restored from its encoding behaves as the original: same
// duplicates, same refusals, same eviction order.
//
// Tests RAFT-SESSION-5.
func TestSnapshotRoundTrip(t *testing.T) {
	tb := sampleTable(t)
	enc, err := tb.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	back := newTable(t, Config{MaxSessions: 4, MaxResponses: 2, Timeout: 100})
	if err := back.UnmarshalBinary(enc); err != nil {
		t.Fatal(err)
	}
	var sm counter
	for _, tbl := range []*Table{tb, back} {
		r, dup, err := tbl.Apply(Request{Session: 3, Seq: 1, Time: 15}, sm.exec)
		if err != nil || !dup || string(r) != "r1" {
			t.Fatalf("duplicate after restore = %q, %v, %v", r, dup, err)
		}
		if _, _, err := tbl.Apply(Request{Session: 9, Seq: 3, Time: 15}, sm.exec); !errors.Is(err, ErrResponseDiscarded) {
			t.Fatalf("below the floor after restore: %v", err)
		}
	}
	a, _ := tb.MarshalBinary()
	b, _ := back.MarshalBinary()
	if !bytes.Equal(a, b) {
		t.Fatal("the original and the restored table diverged")
	}
	if sm.runs != 0 {
		t.Fatalf("%d runs, want none", sm.runs)
	}
}

// TestDecodeRejectsHostileInput: every malformed or out-of-bounds encoding is refused with an
// error naming the field, and leaves the table as it was.
//
// Tests RAFT-SESSION-5.
func TestDecodeRejectsHostileInput(t *testing.T) {
	good, _ := sampleTable(t).MarshalBinary()
	cases := map[string]struct {
		in    []byte
		field string
	}{
		"empty":          {nil, "version"},
		"version":        {[]byte{9}, "version"},
		"truncated":      {good[:len(good)-1], "sessions"},
		"trailing":       {append(append([]byte(nil), good...), 0), "end"},
		"too many":       {[]byte{1, 0, 5, 1, 0, 0, 0, 2, 0, 0, 0}, "session count"},
		"count vs input": {[]byte{1, 0, 3, 1, 0, 0, 0}, "session count"},
		"id zero":        {[]byte{1, 5, 1, 0, 0, 0, 0}, "sessions[0].id"},
		"future active":  {[]byte{1, 5, 1, 1, 6, 0, 0}, "sessions[0].lastActive"},
		"out of order":   {[]byte{1, 5, 2, 1, 4, 0, 0, 2, 3, 0, 0}, "sessions[1].lastActive"},
		"twice":          {[]byte{1, 5, 2, 1, 4, 0, 0, 1, 4, 0, 0}, "sessions[1].id"},
		"responses":      {[]byte{1, 5, 1, 1, 4, 0, 3, 1, 0, 2, 0, 3, 0}, "sessions[0].responses"},
		"below floor":    {[]byte{1, 5, 1, 1, 4, 2, 1, 2, 0}, "sessions[0].responses[0].seq"},
		"cached twice":   {[]byte{1, 5, 1, 1, 4, 0, 2, 1, 0, 1, 0}, "sessions[0].responses[1].seq"},
		"long data":      {[]byte{1, 5, 1, 1, 4, 0, 1, 1, 9, 'x'}, "sessions[0].responses[0].length"},
		"varint":         {[]byte{1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f}, "now"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			tb := sampleTable(t)
			before, _ := tb.MarshalBinary()
			err := tb.UnmarshalBinary(c.in)
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("err %v, want a *DecodeError", err)
			}
			if !strings.HasPrefix(de.Field, c.field) {
				t.Errorf("field %q, want %q (%v)", de.Field, c.field, err)
			}
			after, _ := tb.MarshalBinary()
			if !bytes.Equal(before, after) {
				t.Error("a refused decode changed the table")
			}
		})
	}
}

// TestDecodeMemoryIsBoundedByInput: what decoding allocates grows with the input, not with the
// counts it claims.
//
// Tests RAFT-SESSION-5.
func TestDecodeMemoryIsBoundedByInput(t *testing.T) {
	tb := newTable(t, Config{MaxSessions: 1 << 20, MaxResponses: 1 << 20})
	claim := []byte{1, 0, 0xff, 0xff, 0x3f, 1, 0, 0, 0xff, 0xff, 0x3f}
	allocs := testing.AllocsPerRun(10, func() { _ = tb.UnmarshalBinary(claim) })
	if allocs > 20 {
		t.Fatalf("%v allocations for an %d-byte input claiming a million sessions", allocs, len(claim))
	}
}

func FuzzUnmarshal(f *testing.F) {
	good, _ := sampleTable(&testing.T{}).MarshalBinary()
	f.Add(good)
	f.Add([]byte{1, 0, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		tb, _ := New(Config{MaxSessions: 8, MaxResponses: 4})
		if err := tb.UnmarshalBinary(b); err != nil {
			return
		}
		enc, _ := tb.MarshalBinary()
		if !bytes.Equal(enc, b) {
			t.Fatalf("accepted %x but encodes it as %x", b, enc)
		}
	})
}
