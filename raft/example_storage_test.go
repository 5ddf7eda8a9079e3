package raft_test

import (
	"fmt"

	"github.com/dsref/dsref/raft"
)

// An application snapshots its state machine at an applied index, compacts its storage up to
// there and tells the node (ReportCompacted). The storage then starts after the snapshot, and a
// node restarted from it restores its state from the snapshot and replays only the entries
// after it.
//
// Tests RAFT-SNAP-1, RAFT-SNAP-2.
func ExampleMemoryStorage_CreateSnapshot() {
	st := raft.NewMemoryStorage()
	var state []byte // the state machine: the data of every entry applied, in order
	var applied uint64
	run := func(rn *raft.RawNode) {
		for rn.HasReady() {
			rd := rn.Ready()
			if err := st.Append(rd.Entries); err != nil {
				panic(err)
			}
			if !rd.HardState.IsEmpty() {
				st.SetHardState(rd.HardState)
			}
			for _, e := range rd.CommittedEntries {
				state, applied = append(state, e.Data...), e.Index
			}
			rn.Advance(rd)
		}
	}
	// A new cluster of one voter, recorded in the storage, so that its snapshots record it too
	// (with Config.Peers instead, pass the ConfState to CreateSnapshot, and Peers on restarts).
	st.SetConfState(raft.ConfState{Voters: []uint64{1}})
	rn, err := raft.NewRawNode(&raft.Config{ID: 1, Storage: st})
	if err != nil {
		panic(err)
	}
	_ = rn.Campaign()
	_ = rn.ProposeBatch([]byte("a"), []byte("b"), []byte("c"))
	run(rn)

	// A nil ConfState: the storage finds the configuration as of the snapshot's index.
	snap, err := st.CreateSnapshot(applied, nil, append([]byte(nil), state...))
	if err != nil {
		panic(err)
	}
	if err := st.Compact(applied); err != nil {
		panic(err)
	}
	if err := rn.ReportCompacted(applied); err != nil {
		panic(err)
	}
	first, _ := st.FirstIndex()
	fmt.Printf("snapshot at index %d, term %d, voters %v: %q; the log starts at %d\n",
		snap.Metadata.Index, snap.Metadata.Term, snap.Metadata.ConfState.Voters, snap.Data, first)
	_ = rn.Propose([]byte("d"))
	run(rn)

	// A restart: the state machine comes back from the snapshot, and the node hands out only
	// the entries after it (Applied says the snapshot is applied).
	sn, _ := st.Snapshot()
	state, applied = append([]byte(nil), sn.Data...), sn.Metadata.Index
	restarted, err := raft.NewRawNode(&raft.Config{ID: 1, Storage: st, Applied: applied})
	if err != nil {
		panic(err)
	}
	run(restarted)
	fmt.Printf("restarted: state %q, applied %d\n", state, applied)
	// Output:
	// snapshot at index 4, term 1, voters [1]: "abc"; the log starts at 5
	// restarted: state "abcd", applied 5
}

// With AsyncStorageWrites the caller persists on its own schedule: a Ready's writes come as a
// MsgStorageAppend and what to apply as a MsgStorageApply, both in Ready.Messages. Messages to
// peers may leave at once; a write's Responses are delivered once it is durable (the node's
// own MsgStorageAppendResp among them), and an apply's Responses once its entries are applied.
// A candidate counts its own vote, and a leader its own log, only once durable: this single
// node becomes leader when its vote is on disk, and commits an entry when the entry is.
//
// Tests RAFT-PERSIST-5.
func ExampleConfig_asyncStorageWrites() {
	st := raft.NewMemoryStorage()
	rn, err := raft.NewRawNode(&raft.Config{ID: 1, Peers: []uint64{1}, Storage: st, AsyncStorageWrites: true})
	if err != nil {
		panic(err)
	}
	var writes, applies []raft.Message // what the storage and apply threads have to do, in order
	drain := func() {
		for rn.HasReady() || len(writes) > 0 || len(applies) > 0 {
			if rn.HasReady() {
				for _, m := range rn.Ready().Messages {
					switch m.To {
					case raft.LocalAppendThread:
						writes = append(writes, m)
					case raft.LocalApplyThread:
						applies = append(applies, m)
					default:
						// A message to a peer: send it now.
					}
				}
				continue
			}
			if len(writes) > 0 { // the oldest write becomes durable
				w := writes[0]
				writes = writes[1:]
				if err := st.Append(w.Entries); err != nil {
					panic(err)
				}
				hs := raft.HardState{Term: w.Term, Vote: w.Vote, Commit: w.Commit}
				if !hs.IsEmpty() {
					st.SetHardState(hs)
				}
				if hs.IsEmpty() {
					fmt.Printf("durable: %d entries\n", len(w.Entries))
				} else {
					fmt.Printf("durable: %d entries, hard state %+v\n", len(w.Entries), hs)
				}
				for _, r := range w.Responses {
					if r.To == 1 { // to this node (a peer's answer would be sent now)
						_ = rn.Step(r)
					}
				}
				fmt.Println(rn.BasicStatus().RaftState, "commit", rn.BasicStatus().Commit)
				continue
			}
			a := applies[0] // the oldest apply
			applies = applies[1:]
			for _, e := range a.Entries {
				fmt.Printf("apply index=%d data=%q\n", e.Index, e.Data)
			}
			for _, r := range a.Responses {
				_ = rn.Step(r)
			}
		}
	}
	_ = rn.Campaign()
	fmt.Println(rn.BasicStatus().RaftState, "commit", rn.BasicStatus().Commit)
	drain()
	_ = rn.Propose([]byte("x"))
	drain()
	// Output:
	// StateCandidate commit 0
	// durable: 0 entries, hard state {Term:1 Vote:1 Commit:0}
	// StateLeader commit 0
	// durable: 1 entries
	// StateLeader commit 1
	// durable: 0 entries, hard state {Term:1 Vote:1 Commit:1}
	// StateLeader commit 1
	// apply index=1 data=""
	// durable: 1 entries
	// StateLeader commit 2
	// durable: 0 entries, hard state {Term:1 Vote:1 Commit:2}
	// StateLeader commit 2
	// apply index=2 data="x"
}
