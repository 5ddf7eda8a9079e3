package paxos_test

import (
	"testing"

	"github.com/dsref/dsref/paxos"
)

// TestOnlyAVoteRaisesThePromise: an acceptor raises its promise by promising (Phase1b) or by
// voting (Phase2b), as MultiPaxos.tla's acceptor does, and not on a commit notice of a higher
// ballot (an Accept without entries) or on an Accept whose only slots it compacted: such a
// step has no TLA+ action, and trace validation against TraceMultiPaxos.tla would reject the
// promise the node then reports.
//
// Tests PAXOS-4.
func TestOnlyAVoteRaisesThePromise(t *testing.T) {
	n, err := paxos.NewNode(paxos.Config{ID: 2, Peers: []paxos.NodeID{1, 2, 3}})
	if err != nil {
		t.Fatal(err)
	}
	b1, b3 := paxos.MakeBallot(1, 1), paxos.MakeBallot(3, 1)
	step := func(m paxos.Message) paxos.Ready {
		t.Helper()
		if err := n.Step(m); err != nil {
			t.Fatal(err)
		}
		return n.Ready()
	}
	if rd := step(paxos.Message{Type: paxos.MsgAccept, From: 1, To: 2, Ballot: b3}); rd.PersistPromised || n.Status().Promised != 0 {
		t.Fatalf("a commit notice in ballot %v raised the promise to %v (persist %v)", b3, n.Status().Promised, rd.PersistPromised)
	}
	rd := step(paxos.Message{Type: paxos.MsgAccept, From: 1, To: 2, Ballot: b1, Entries: []paxos.Entry{{Slot: 1, Data: []byte("x")}}})
	if !rd.PersistPromised || rd.Promised != b1 || n.Status().Promised != b1 || len(rd.Accepted) != 1 {
		t.Fatalf("a vote in ballot %v: promise %v, Ready promise %v (persist %v), %d votes", b1, n.Status().Promised, rd.Promised, rd.PersistPromised, len(rd.Accepted))
	}
	// Slot 1 is decided (the commit notice says so) and its vote then compacted at Ready.
	step(paxos.Message{Type: paxos.MsgAccept, From: 1, To: 2, Ballot: b1, Commit: 1})
	if st := n.Status(); st.Commit != 1 {
		t.Fatalf("commit %d after the commit notice, want 1", st.Commit)
	}
	rd = step(paxos.Message{Type: paxos.MsgAccept, From: 1, To: 2, Ballot: b3, Entries: []paxos.Entry{{Slot: 1, Data: []byte("x")}}})
	if rd.PersistPromised || n.Status().Promised != b1 || len(rd.Accepted) != 0 {
		t.Fatalf("an Accept in ballot %v for a compacted slot: promise %v (persist %v), %d votes", b3, n.Status().Promised, rd.PersistPromised, len(rd.Accepted))
	}
}
