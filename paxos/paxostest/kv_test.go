package paxostest

import (
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/dsref/dsref/paxos"
)

// Tests MPAXOS-11.
func TestKVCommandRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := KVCommand{
			ClientID: rapid.Uint64().Draw(t, "client"),
			Seq:      rapid.Uint64().Draw(t, "seq"),
			Op:       KVOp(rapid.IntRange(1, 3).Draw(t, "op")),
			Key:      rapid.String().Draw(t, "key"),
			Value:    rapid.String().Draw(t, "value"),
		}
		got, err := DecodeKVCommand(c.Encode())
		if err != nil || got != c {
			t.Fatalf("round trip of %+v = %+v, %v", c, got, err)
		}
	})
}

// Tests MPAXOS-11.
func TestDecodeKVCommandErrors(t *testing.T) {
	good := KVCommand{ClientID: 1, Seq: 2, Op: OpPut, Key: "k", Value: "v"}.Encode()
	for _, tc := range []struct {
		in   []byte
		want string
	}{
		{nil, "empty"},
		{[]byte{9}, "unknown op 9 at byte 0"},
		{good[:1], "bad client id at byte 1"},
		{good[:3], "bad key length at byte 3"},
		{append(append([]byte{}, good[:3]...), 5, 'k'), "key length 5 at byte 4 exceeds the 1 bytes left"},
		{append(append([]byte{}, good...), 0), "1 trailing bytes"},
	} {
		_, err := DecodeKVCommand(tc.in)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("DecodeKVCommand(%v) = %v, want error containing %q", tc.in, err, tc.want)
		}
	}
}

// Tests MPAXOS-11.
func TestKVExecutesEachCommandOnce(t *testing.T) {
	kv := NewKV()
	slot := uint64(0)
	apply := func(c KVCommand) (KVResult, bool) {
		slot++
		res, ok, err := kv.Apply(paxos.Entry{Slot: slot, Data: c.Encode()})
		if err != nil {
			t.Fatal(err)
		}
		return res, ok
	}
	apply(KVCommand{ClientID: 1, Seq: 1, Op: OpAppend, Key: "k", Value: "a"})
	// The retry is decided again in a later slot (e.g. after a leader change).
	res, ok := apply(KVCommand{ClientID: 1, Seq: 1, Op: OpAppend, Key: "k", Value: "a"})
	if !ok || res.Value != "" || res.Found {
		t.Fatalf("retry answered %+v, %v; want the original result (no previous value)", res, ok)
	}
	apply(KVCommand{ClientID: 2, Seq: 1, Op: OpAppend, Key: "k", Value: "b"})
	if _, _, err := kv.Apply(paxos.Entry{Slot: slot + 1, Noop: true}); err != nil {
		t.Fatal(err)
	}
	slot++
	apply(KVCommand{ClientID: 1, Seq: 2, Op: OpAppend, Key: "k", Value: "c"})
	// An older sequence number arriving late executes nothing.
	if _, ok := apply(KVCommand{ClientID: 1, Seq: 1, Op: OpAppend, Key: "k", Value: "a"}); ok {
		t.Fatal("a stale command produced a result")
	}
	res, _ = apply(KVCommand{ClientID: 3, Seq: 1, Op: OpGet, Key: "k"})
	if res.Value != "abc" || !res.Found {
		t.Fatalf("get k = %+v, want abc", res)
	}
	if _, _, err := kv.Apply(paxos.Entry{Slot: slot + 5}); err == nil {
		t.Fatal("Apply accepted a gap")
	}
}
