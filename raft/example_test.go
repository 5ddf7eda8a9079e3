package raft_test

import (
	"errors"
	"fmt"

	"github.com/dsref/dsref/raft"
	"github.com/dsref/dsref/raft/rafttest"
)

// handleReady is the caller's side of the Ready contract for a single node: persist, (send),
// apply, advance.
func handleReady(rn *raft.RawNode, st *raft.MemoryStorage) {
	for rn.HasReady() {
		rd := rn.Ready()
		if err := st.Append(rd.Entries); err != nil {
			panic(err)
		}
		if !rd.HardState.IsEmpty() {
			st.SetHardState(rd.HardState)
		}
		// A real node sends rd.Messages here, after persisting.
		for _, e := range rd.CommittedEntries {
			fmt.Printf("apply index=%d term=%d data=%q\n", e.Index, e.Term, e.Data)
		}
		for _, rs := range rd.ReadStates {
			fmt.Printf("read %s at index %d\n", rs.RequestCtx, rs.Index)
		}
		rn.Advance(rd)
	}
}

// A single-node cluster elects itself, commits the no-op of its term, then a proposal. After a
// restart from the same storage the node has the same term and log and replays the entries.
//
// Tests RAFT-COMMIT-3, RAFT-PERSIST-3.
func ExampleRawNode() {
	st := raft.NewMemoryStorage()
	rn, err := raft.NewRawNode(&raft.Config{ID: 1, Peers: []uint64{1}, Storage: st})
	if err != nil {
		panic(err)
	}
	_ = rn.Campaign()
	handleReady(rn, st)
	_ = rn.Propose([]byte("hello"))
	handleReady(rn, st)
	fmt.Println(rn.Status().RaftState, "term", rn.Status().Term)

	restarted, err := raft.NewRawNode(&raft.Config{ID: 1, Peers: []uint64{1}, Storage: st})
	if err != nil {
		panic(err)
	}
	s := restarted.Status()
	fmt.Println("restarted:", s.RaftState, "term", s.Term, "vote", s.Vote, "last index", s.LastIndex)
	handleReady(restarted, st)
	// Output:
	// apply index=1 term=1 data=""
	// apply index=2 term=1 data="hello"
	// StateLeader term 1
	// restarted: StateFollower term 1 vote 1 last index 2
	// apply index=1 term=1 data=""
	// apply index=2 term=1 data="hello"
}

// A single-voter leader answers ReadIndex at once with its commit index.
//
// Tests RAFT-READ-2, RAFT-READ-3.
func ExampleRawNode_ReadIndex() {
	st := raft.NewMemoryStorage()
	rn, _ := raft.NewRawNode(&raft.Config{ID: 1, Peers: []uint64{1}, Storage: st})
	_ = rn.Campaign()
	handleReady(rn, st)
	_ = rn.ReadIndex([]byte("req-1"))
	handleReady(rn, st)
	// Output:
	// apply index=1 term=1 data=""
	// read req-1 at index 1
}

// A leader adds node 2 as a learner. The configuration entry is in use from the moment it is
// appended and comes out committed like any other entry: DecodeConfChangeEntry gives the change
// and the configuration it leads to, which the application records in its snapshots. Promoting
// the learner to voter is refused until it has caught up with the leader's log (thesis 4.2.1).
//
// Tests RAFT-CONF-1, RAFT-CONF-4.
// With LeaseReads, the first read of a new leader takes a heartbeat round; a quorum's
// acknowledgements of it give the leader a lease of (10-1)*(1-0.1) = 8 ticks, during which reads
// are answered at once, with no message sent.
//
// Tests RAFT-LEASE-3, RAFT-LEASE-4.
func ExampleConfig_leaseReads() {
	c, _ := rafttest.NewCluster(3, func(cfg *raft.Config) {
		cfg.LeaseReads = true
		cfg.MaxClockDrift = 0.1 // no clock runs more than 1/(1-0.1) times as fast as another
	})
	leader := c.Nodes[1]
	_ = leader.Raw.Campaign()
	_, _, _ = c.Stabilize()
	for _, req := range []string{"r1", "r2"} {
		_ = leader.Raw.ReadIndex([]byte(req))
		delivered, _, _ := c.Stabilize()
		fmt.Printf("%s: read index %d, %d messages, lease for %d ticks\n",
			req, leader.ReadStates[len(leader.ReadStates)-1].Index, len(delivered), leader.Raw.BasicStatus().LeaseTicks)
	}
	// Output:
	// r1: read index 1, 4 messages, lease for 8 ticks
	// r2: read index 1, 0 messages, lease for 8 ticks
}

func ExampleRawNode_ProposeConfChange() {
	st := raft.NewMemoryStorage()
	rn, _ := raft.NewRawNode(&raft.Config{ID: 1, Peers: []uint64{1}, Storage: st})
	_ = rn.Campaign()
	handleReady(rn, st)

	addLearner := raft.ConfChange{Changes: []raft.ConfChangeSingle{{Type: raft.ConfChangeAddLearnerNode, NodeID: 2}}}
	fmt.Println("propose:", rn.ProposeConfChange(addLearner), "in use:", rn.Status().Config)
	for rn.HasReady() {
		rd := rn.Ready()
		_ = st.Append(rd.Entries)
		if !rd.HardState.IsEmpty() {
			st.SetHardState(rd.HardState)
		}
		// A real node sends rd.Messages here: the leader replicates to learner 2.
		for _, e := range rd.CommittedEntries {
			if e.Type == raft.EntryConfChange {
				cc, cs, _, _ := raft.DecodeConfChangeEntry(e.Data)
				fmt.Printf("committed index=%d: %v -> %v\n", e.Index, cc, cs)
			}
		}
		rn.Advance(rd)
	}

	promote := raft.ConfChange{Changes: []raft.ConfChangeSingle{{Type: raft.ConfChangeAddNode, NodeID: 2}}}
	err := rn.ProposeConfChange(promote)
	fmt.Println("promote refused, not caught up:", errors.Is(err, raft.ErrNotCaughtUp))
	// Output:
	// apply index=1 term=1 data=""
	// propose: <nil> in use: voters=[1] learners=[2]
	// committed index=2: AddLearnerNode(2) -> voters=[1] learners=[2]
	// promote refused, not caught up: true
}

// Messages have a compact binary encoding; decoding errors name the field and offset.
//
// Tests RAFT-ROBUST-1.
func ExampleUnmarshalMessage() {
	b := raft.MarshalMessage(raft.Message{Type: raft.MsgVote, From: 1, To: 2, Term: 3, LogTerm: 2, Index: 7})
	m, err := raft.UnmarshalMessage(b)
	fmt.Println(m, err)
	_, err = raft.UnmarshalMessage(b[:5])
	fmt.Println(err)
	// Output:
	// 1->2 MsgVote Term:3 Log:2/7 <nil>
	// raft: decoding message: field term at byte 5: unexpected end of input
}
