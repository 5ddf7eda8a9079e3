package raft

import "testing"

// unreadySnapshots is a MemoryStorage whose Snapshot says ErrSnapshotTemporarilyUnavailable
// the first times it is asked, as an application still producing its snapshot does.
type unreadySnapshots struct {
	*MemoryStorage
	unavailable int // answers left before the snapshot is available
}

func (s *unreadySnapshots) Snapshot() (Snapshot, error) {
	if s.unavailable > 0 {
		s.unavailable--
		return Snapshot{}, ErrSnapshotTemporarilyUnavailable
	}
	return s.MemoryStorage.Snapshot()
}

// A leader whose storage cannot give its snapshot yet (ErrSnapshotTemporarilyUnavailable) does
// not fail: it sends nothing to the follower that needs the snapshot and asks again at the
// follower's next heartbeat response, until the storage has it; then it sends it.
//
// Tests RAFT-SNAP-3.
func TestSnapshotTemporarilyUnavailable(t *testing.T) {
	ms := storageWith(t, 1, 1, 1, 1, 1)
	ms.SetHardState(HardState{Term: 1, Vote: 1, Commit: 5})
	ms.SetConfState(ConfState{Voters: []uint64{1, 2, 3}})
	if _, err := ms.CreateSnapshot(4, nil, []byte("abcd")); err != nil {
		t.Fatal(err)
	}
	if err := ms.Compact(4); err != nil {
		t.Fatal(err)
	}
	st := &unreadySnapshots{MemoryStorage: ms, unavailable: 2}
	rn := newTestRawNode(t, 1, nil, func(c *Config) { c.Storage = st; c.Applied = 5 })
	// The Ready contract, for a leader (no snapshot to install): persist, then Advance. It
	// returns how many MsgSnap the Ready sends node 2.
	handle := func() (n int) {
		rd := rn.Ready()
		if err := ms.Append(rd.Entries); err != nil {
			t.Fatal(err)
		}
		if !rd.HardState.IsEmpty() {
			ms.SetHardState(rd.HardState)
		}
		for _, m := range rd.Messages {
			if m.To == 2 && m.Type == MsgSnap {
				n++
			}
		}
		rn.Advance(rd)
		return n
	}
	rn.raft.becomeCandidate(nil)
	rn.raft.becomeLeader()
	handle()
	last := rn.BasicStatus().LastIndex

	// Node 2 holds nothing: the leader goes back to index 1, which only the snapshot covers.
	if err := rn.Step(Message{Type: MsgAppResp, From: 2, To: 1, Term: 2, Index: last - 1, Reject: true}); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		if n := handle(); n != 0 || rn.Err() != nil {
			t.Fatalf("round %d: %d MsgSnap sent while the snapshot is unavailable, error %v", i, n, rn.Err())
		}
		if err := rn.Step(Message{Type: MsgHeartbeatResp, From: 2, To: 1, Term: 2}); err != nil {
			t.Fatal(err)
		}
	}
	if n := handle(); n != 1 || st.unavailable != 0 || rn.Err() != nil {
		t.Fatalf("once available: %d MsgSnap sent, %d unavailable answers left, error %v", n, st.unavailable, rn.Err())
	}
}
