package transport

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/dsref/dsref/raft"
)

// TestMessageFrameIsTheFrameOfItsPayload: AppendMessageFrame, which encodes the payload in
// place, gives the same bytes as AppendFrame of the payload built apart, after any prefix.
func TestMessageFrameIsTheFrameOfItsPayload(t *testing.T) {
	msgs := []raft.Message{
		{Type: raft.MsgHeartbeat, From: 1, To: 2, Term: 3, Commit: 4},
		{Type: raft.MsgApp, From: 2, To: 3, Term: 7, LogTerm: 6, Index: 40, Commit: 39, Context: []byte("ctx"),
			Entries: []raft.Entry{{Term: 7, Index: 41, Data: []byte("a")}, {Term: 7, Index: 42, Data: bytes.Repeat([]byte("b"), 300)}}},
		{Type: raft.MsgAppResp, From: 3, To: 1, Term: 7, Index: 12, Reject: true, RejectHint: 9},
		{Type: raft.MsgSnap, From: 1, To: 2, Term: 2, ChunkOffset: 5, SnapshotSize: 9,
			Snapshot: &raft.Snapshot{Metadata: raft.SnapshotMetadata{Index: 8, Term: 2, ConfState: raft.ConfState{Voters: []uint64{1, 2, 3}, Learners: []uint64{4}}}, Data: []byte("snap")}},
	}
	for _, clock := range [][]byte{nil, []byte("clock-bytes")} {
		for _, prefix := range [][]byte{nil, []byte("earlier frames")} {
			for _, m := range msgs {
				payload := binary.AppendUvarint(nil, uint64(len(clock)))
				payload = append(payload, clock...)
				payload = append(payload, raft.MarshalMessage(m)...)
				want := AppendFrame(bytes.Clone(prefix), KindMessage, 77, m.From, m.To, payload)
				got := AppendMessageFrame(bytes.Clone(prefix), 77, m, clock)
				if !bytes.Equal(got, want) {
					t.Fatalf("%s with clock %q after %d bytes:\n got %x\nwant %x", m.Type, clock, len(prefix), got, want)
				}
				f, _, err := DecodeFrame(got[len(prefix):], 1<<20)
				if err != nil {
					t.Fatalf("%s: %v", m.Type, err)
				}
				if !bytes.Equal(f.Payload, payload) {
					t.Fatalf("%s: decoded payload %x, want %x", m.Type, f.Payload, payload)
				}
			}
		}
	}
}
