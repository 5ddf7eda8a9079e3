package raft

import (
	"errors"
	"math"
	"reflect"
	"runtime"
	"strings"
	"testing"
)

// stepAll delivers every queued message of the nodes to its addressee, round after round, until
// none are left, handling each node's Ready as the contract says.
func stepAll(t *testing.T, nodes map[uint64]*RawNode) {
	t.Helper()
	for round := 0; round < 1000; round++ {
		var msgs []Message
		for _, id := range []uint64{1, 2, 3} {
			rn := nodes[id]
			if rn.HasReady() {
				rd := rn.Ready()
				msgs = append(msgs, rd.Messages...)
				persistAndAdvance(t, rn, rd)
			}
		}
		if len(msgs) == 0 {
			return
		}
		for _, m := range msgs {
			_ = nodes[m.To].Step(m)
		}
	}
	t.Fatal("messages kept flowing for 1000 rounds")
}

// A message carrying the last term used to make its receiver compute term+1 = 0 at its next
// election, after which it led term 1 a second time. Now the node stays in the last term, never
// campaigns, and Campaign says why.
//
// Tests RAFT-ROBUST-2, RAFT-ELECT-5.
func TestLastTermNeverWraps(t *testing.T) {
	nodes := map[uint64]*RawNode{}
	for _, id := range []uint64{1, 2, 3} {
		nodes[id] = newTestRawNode(t, id, []uint64{1, 2, 3})
	}
	leaders := map[uint64]uint64{} // term -> the node that led it
	lastTerm := map[uint64]uint64{}
	check := func() {
		t.Helper()
		for id, rn := range nodes {
			st := rn.Status()
			if st.Term < lastTerm[id] {
				t.Fatalf("node %d: term went back from %d to %d", id, lastTerm[id], st.Term)
			}
			lastTerm[id] = st.Term
			if st.RaftState == StateLeader {
				if prev, ok := leaders[st.Term]; ok && prev != id {
					t.Fatalf("ElectionSafety: nodes %d and %d both led term %d", prev, id, st.Term)
				}
				leaders[st.Term] = id
			}
		}
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(nodes[1].Campaign())
	stepAll(t, nodes)
	check()
	if leaders[1] != 1 {
		t.Fatalf("node 1 did not lead term 1: %v", leaders)
	}
	must(nodes[3].Step(Message{Type: MsgHeartbeat, From: 2, To: 3, Term: MaxTerm}))
	for tick := 0; tick < 300; tick++ {
		for _, id := range []uint64{1, 2, 3} {
			nodes[id].Tick()
		}
		stepAll(t, nodes)
		check()
	}
	for id, rn := range nodes {
		if st := rn.Status(); st.Term != MaxTerm {
			t.Errorf("node %d: term %d, want the last term (peers answer with it)", id, st.Term)
		}
		err := rn.Campaign()
		var oe *OverflowError
		if !errors.As(err, &oe) || oe.What != "term" || oe.Value != MaxTerm {
			t.Fatalf("node %d: Campaign at the last term = %v, want an OverflowError for the term", id, err)
		}
		if want := "MsgHup from " + string(rune('0'+id)) + " refused: term 18446744073709551615 + 1 would pass the last term"; !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	// A transfer cannot start an election past the last term either.
	err := nodes[2].Step(Message{Type: MsgTimeoutNow, From: 3, To: 2, Term: MaxTerm})
	var oe *OverflowError
	if !errors.As(err, &oe) || nodes[2].Status().RaftState != StateFollower {
		t.Fatalf("MsgTimeoutNow at the last term: %v, state %v", err, nodes[2].Status().RaftState)
	}
}

// One election before the last term is still possible, and its leader works.
//
// Tests RAFT-ROBUST-2.
func TestElectionIntoTheLastTerm(t *testing.T) {
	nodes := map[uint64]*RawNode{}
	for _, id := range []uint64{1, 2, 3} {
		nodes[id] = newTestRawNode(t, id, []uint64{1, 2, 3})
		nodes[id].raft.term = MaxTerm - 1
	}
	if err := nodes[2].Campaign(); err != nil {
		t.Fatal(err)
	}
	stepAll(t, nodes)
	if st := nodes[2].Status(); st.RaftState != StateLeader || st.Term != MaxTerm {
		t.Fatalf("node 2: %v term %d", st.RaftState, st.Term)
	}
	if err := nodes[2].Propose([]byte("x")); err != nil {
		t.Fatal(err)
	}
	stepAll(t, nodes)
	nodes[2].Tick()
	stepAll(t, nodes)
	for id, rn := range nodes {
		if st := rn.Status(); st.Commit != 2 {
			t.Errorf("node %d: commit %d, want 2", id, st.Commit)
		}
	}
}

// Log indexes stop at MaxIndex: an append that would pass it is refused, whether it comes from a
// leader's MsgApp, a proposal, or a node whose next election's no-op would not fit.
//
// Tests RAFT-ROBUST-2.
func TestLogIndexesNeverWrap(t *testing.T) {
	overflow := func(t *testing.T, err error, what string) {
		t.Helper()
		var oe *OverflowError
		if !errors.As(err, &oe) || oe.What != what {
			t.Fatalf("got %v, want an OverflowError for the %s", err, what)
		}
	}
	// Entries numbered MaxIndex+1 = 2^64-1 and then 0 (which passed the old index check).
	rn := newTestRawNode(t, 1, []uint64{1, 2, 3})
	before := rn.Status()
	err := rn.Step(Message{Type: MsgApp, From: 2, To: 1, Term: 1, Index: MaxIndex, LogTerm: 1,
		Entries: []Entry{{Term: 1, Index: math.MaxUint64}, {Term: 1, Index: 0}}})
	overflow(t, err, "index")
	if !reflect.DeepEqual(rn.Status(), before) || rn.HasReady() {
		t.Fatal("a refused MsgApp changed the node")
	}

	// A leader whose log ends just below MaxIndex takes one more entry, not two.
	st := NewMemoryStorage()
	if err := st.ApplySnapshot(Snapshot{Metadata: SnapshotMetadata{Index: MaxIndex - 2, Term: 1, ConfState: ConfState{Voters: []uint64{1}}}}); err != nil {
		t.Fatal(err)
	}
	st.SetHardState(HardState{Term: 1, Commit: MaxIndex - 2})
	rn = newTestRawNode(t, 1, nil, func(c *Config) { c.Storage = st })
	if err := rn.Campaign(); err != nil {
		t.Fatal(err)
	}
	if st := rn.Status(); st.RaftState != StateLeader || st.LastIndex != MaxIndex-1 {
		t.Fatalf("single node: %v last index %d", st.RaftState, st.LastIndex)
	}
	overflow(t, rn.ProposeBatch([]byte("a"), []byte("b")), "index")
	if err := rn.Propose([]byte("a")); err != nil {
		t.Fatal(err)
	}
	overflow(t, rn.Propose([]byte("b")), "index")
	if st := rn.Status(); st.LastIndex != MaxIndex {
		t.Fatalf("last index %d, want MaxIndex", st.LastIndex)
	}
	// Its log is full: it may not win another election, which would append a no-op.
	rn.raft.becomeFollower(rn.raft.term, None, "", nil)
	overflow(t, rn.Campaign(), "index")
}

// The randomized election timeout, up to 2*ElectionTick-1 ticks, must fit in an int.
//
// Tests RAFT-ROBUST-2.
func TestElectionTickBound(t *testing.T) {
	_, err := NewRawNode(&Config{ID: 1, Peers: []uint64{1}, ElectionTick: math.MaxInt})
	if err == nil || !strings.Contains(err.Error(), "Config.ElectionTick") {
		t.Fatalf("ElectionTick MaxInt: %v", err)
	}
	rn := newTestRawNode(t, 1, []uint64{1}, func(c *Config) { c.ElectionTick = maxElectionTick })
	if rto := rn.raft.randomizedElectionTimeout; rto < maxElectionTick {
		t.Fatalf("randomized timeout %d wrapped", rto)
	}
}

// Stepping a message whose terms, indexes, commit index or hint are extreme costs memory in
// proportion to the message's size, never to those values.
//
// Tests RAFT-ROBUST-3.
func TestHostileValuesAllocateLittle(t *testing.T) {
	big := uint64(math.MaxUint64)
	hostile := []Message{
		{Type: MsgApp, From: 2, To: 1, Term: 1, Index: MaxIndex - 1, LogTerm: 1, Commit: big, Entries: []Entry{{Term: 1, Index: MaxIndex}}},
		{Type: MsgApp, From: 2, To: 1, Term: 1, Index: big, LogTerm: 1, Commit: big},
		{Type: MsgHeartbeat, From: 2, To: 1, Term: 1, Commit: big},
		{Type: MsgVote, From: 2, To: 1, Term: 1, Index: big, LogTerm: 1},
		{Type: MsgPreVote, From: 3, To: 1, Term: 2, Index: big, LogTerm: 2},
		{Type: MsgAppResp, From: 2, To: 1, Term: 1, Index: big, Reject: true, RejectHint: big, LogTerm: big},
		{Type: MsgAppResp, From: 3, To: 1, Term: 1, Index: big},
		{Type: MsgReadIndexResp, From: 2, To: 1, Term: 1, Index: big, Context: []byte("r")},
		{Type: MsgHeartbeatResp, From: 3, To: 1, Term: big - 1},
	}
	leader := func() *RawNode {
		rn := newTestRawNode(t, 1, []uint64{1, 2, 3})
		rn.raft.becomeCandidate(nil)
		rn.raft.becomeLeader()
		return rn
	}
	for _, m := range hostile {
		for _, rn := range []*RawNode{newTestRawNode(t, 1, []uint64{1, 2, 3}), leader()} {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			_ = rn.Step(m)
			if rn.HasReady() {
				persistAndAdvance(t, rn, rn.Ready())
			}
			for i := 0; i < 30; i++ {
				rn.Tick()
			}
			runtime.ReadMemStats(&after)
			if n := after.TotalAlloc - before.TotalAlloc; n > 64<<10 {
				t.Errorf("%v to a %v allocated %d bytes", m, rn.Status().RaftState, n)
			}
		}
	}
}
