package raft

import (
	"bytes"
	"errors"
	"reflect"
	"testing"
)

// FuzzUnmarshalMessage decodes arbitrary bytes: no panic, errors name a field, and whatever
// decodes re-encodes to the same bytes.
//
// Tests RAFT-ROBUST-1.
func FuzzUnmarshalMessage(f *testing.F) {
	f.Add(MarshalMessage(Message{Type: MsgApp, To: 2, From: 1, Term: 3, LogTerm: 2, Index: 5, Commit: 4,
		Entries: []Entry{{Term: 3, Index: 6, Data: []byte("x")}}}))
	f.Add(MarshalMessage(Message{Type: MsgAppResp, To: 1, From: 2, Term: 3, Index: 5, Reject: true, RejectHint: 3, LogTerm: 2}))
	f.Add(MarshalMessage(Message{Type: MsgReadIndex, From: 1, Context: []byte("ctx")}))
	f.Add(MarshalMessage(Message{Type: MsgSnap, To: 2, From: 1, Term: 3, ChunkOffset: 4, SnapshotSize: 9,
		Snapshot: &Snapshot{Metadata: SnapshotMetadata{Index: 5, Term: 2, ConfState: ConfState{Voters: []uint64{1, 2}}}, Data: []byte("abc")}}))
	f.Add(MarshalMessage(Message{Type: MsgSnapResp, To: 1, From: 2, Term: 3, Index: 5, LogTerm: 2, ChunkOffset: 7}))
	f.Add([]byte{})
	f.Add([]byte{1, 4, 0, 0xff})
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := UnmarshalMessage(b)
		if err != nil {
			var de *DecodeError
			if !errors.As(err, &de) || de.Field == "" || de.Offset < 0 || de.Offset > len(b) {
				t.Fatalf("error %v does not locate the problem", err)
			}
			return
		}
		if got := MarshalMessage(m); !bytes.Equal(got, b) {
			t.Fatalf("re-encoding differs:\n in %x\nout %x", b, got)
		}
	})
}

// FuzzStep feeds a node arbitrary decoded messages and ticks: Step never panics and the
// single-node invariants hold after every input.
//
// Tests RAFT-ROBUST-1, RAFT-ELECT-3, RAFT-COMMIT-4.
func FuzzStep(f *testing.F) {
	seed := func(ms ...Message) []byte {
		var b []byte
		for _, m := range ms {
			enc := MarshalMessage(m)
			b = append(b, byte(len(enc)))
			b = append(b, enc...)
		}
		return b
	}
	f.Add(seed(Message{Type: MsgVote, From: 2, To: 1, Term: 2, Index: 0, LogTerm: 0}))
	f.Add(seed(
		Message{Type: MsgApp, From: 2, To: 1, Term: 1, Entries: []Entry{{Term: 1, Index: 1}, {Term: 1, Index: 2}}, Commit: 2},
		Message{Type: MsgApp, From: 3, To: 1, Term: 2, Index: 1, LogTerm: 1, Entries: []Entry{{Term: 2, Index: 2}}, Commit: 1},
		Message{Type: MsgHeartbeat, From: 3, To: 1, Term: 2, Commit: 9}))
	f.Add(seed(Message{Type: MsgPreVoteResp, From: 2, To: 1, Term: 1}, Message{Type: MsgVoteResp, From: 3, To: 1, Term: 1},
		Message{Type: MsgAppResp, From: 2, To: 1, Term: 1, Index: 7}))
	f.Add([]byte{0, 0, 0})
	// The last term, then enough ticks for an election timeout: the node must not wrap to 0.
	f.Add(append(seed(Message{Type: MsgHeartbeat, From: 2, To: 1, Term: MaxTerm}), make([]byte, 40)...))
	f.Add(seed(Message{Type: MsgApp, From: 2, To: 1, Term: 1, Index: MaxIndex, LogTerm: 1, Entries: []Entry{{Term: 1, Index: MaxIndex + 1}, {Term: 1}}}))
	f.Fuzz(func(t *testing.T, data []byte) {
		rn, err := NewRawNode(&Config{ID: 1, Peers: []uint64{1, 2, 3}, ElectionTick: 3})
		if err != nil {
			t.Fatal(err)
		}
		r := rn.raft
		prevTerm, prevCommit := r.term, r.log.committed
		votes := map[uint64]uint64{} // term -> vote
		check := func() {
			if r.term < prevTerm {
				t.Fatalf("term decreased %d -> %d", prevTerm, r.term)
			}
			if r.log.committed < prevCommit {
				t.Fatalf("commit decreased %d -> %d", prevCommit, r.log.committed)
			}
			if r.log.committed > r.log.lastIndex() {
				t.Fatalf("commit %d beyond last index %d", r.log.committed, r.log.lastIndex())
			}
			if r.vote != None {
				if v, ok := votes[r.term]; ok && v != r.vote {
					t.Fatalf("voted for %d and %d in term %d", v, r.vote, r.term)
				}
				votes[r.term] = r.vote
			}
			prevTerm, prevCommit = r.term, r.log.committed
		}
		for len(data) > 0 {
			n := int(data[0])
			data = data[1:]
			if n == 0 {
				rn.Tick()
			} else {
				n = min(n, len(data))
				m, err := UnmarshalMessage(data[:n])
				data = data[n:]
				if err == nil {
					m.To = 1
					_ = rn.Step(m)
				}
			}
			check()
			if rn.HasReady() {
				rd := rn.Ready()
				if !reflect.DeepEqual(rd.HardState, HardState{}) && rd.HardState.Term < r.term {
					t.Fatalf("Ready hard state %+v behind term %d", rd.HardState, r.term)
				}
				persistAndAdvance(t, rn, rd)
				check()
			}
		}
	})
}
