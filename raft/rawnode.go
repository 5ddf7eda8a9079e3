package raft

import "fmt"

// Ready is everything a node asks its caller to do, in this order:
//
//  1. persist HardState (if not empty) and Entries (replacing any stored entries from the
//     first index of Entries on) — durably if MustSync;
//  2. send Messages — only now, because they may promise what step 1 stored;
//  3. apply CommittedEntries to the state machine, and serve ReadStates once applied;
//  4. call Advance(rd).
type Ready struct {
	// SoftState is non-nil when the leader or role changed.
	*SoftState
	// HardState is the zero value when it did not change.
	HardState HardState
	// ReadStates answer ReadIndex requests.
	ReadStates []ReadState
	// Entries must be persisted before Messages are sent.
	Entries []Entry
	// CommittedEntries are ready to be applied, in order.
	CommittedEntries []Entry
	// Messages are to be sent after Entries and HardState are persisted.
	Messages []Message
	// MustSync says whether the writes must reach stable storage (fsync) before sending.
	MustSync bool
}

// RawNode is the thread-unsafe, single-goroutine API to a Raft node: drive it with Tick, Step
// and the request methods, then collect work with HasReady/Ready/Advance.
type RawNode struct {
	raft       *raft
	prevSoft   SoftState
	prevHard   HardState
	readyTaken bool
}

// NewRawNode creates a node from cfg, restoring any state in cfg.Storage.
//
// Implements RAFT-PERSIST-3.
func NewRawNode(cfg *Config) (*RawNode, error) {
	c := *cfg
	r, err := newRaft(&c)
	if err != nil {
		return nil, err
	}
	return &RawNode{raft: r, prevSoft: r.softState(), prevHard: r.hardState()}, nil
}

// Tick advances the node's logical clock by one tick.
func (rn *RawNode) Tick() { rn.raft.tick() }

// Campaign makes the node start an election now (PreVote first, if enabled).
func (rn *RawNode) Campaign() error {
	return rn.raft.Step(Message{Type: MsgHup, From: rn.raft.id})
}

// Propose asks the cluster to append data to the log. On a follower the proposal is forwarded
// to the leader; ErrProposalDropped means it was not accepted anywhere.
func (rn *RawNode) Propose(data []byte) error {
	return rn.raft.Step(Message{Type: MsgProp, From: rn.raft.id, Entries: []Entry{{Data: data}}})
}

// ProposeBatch proposes several entries at once; they are appended contiguously.
func (rn *RawNode) ProposeBatch(data ...[]byte) error {
	ents := make([]Entry, len(data))
	for i, d := range data {
		ents[i].Data = d
	}
	return rn.raft.Step(Message{Type: MsgProp, From: rn.raft.id, Entries: ents})
}

// ReadIndex requests a linearizable read point; the answer arrives in Ready.ReadStates with the
// same rctx, which must be non-empty and unique among pending reads.
func (rn *RawNode) ReadIndex(rctx []byte) error {
	return rn.raft.Step(Message{Type: MsgReadIndex, From: rn.raft.id, Context: rctx})
}

// TransferLeader asks the leader (directly, or via this follower) to hand over to transferee.
func (rn *RawNode) TransferLeader(transferee uint64) error {
	return rn.raft.Step(Message{Type: MsgTransferLeader, From: transferee})
}

// Step feeds a message received from the network into the node.
func (rn *RawNode) Step(m Message) error {
	if m.Type.IsLocal() {
		return ErrStepLocalMsg
	}
	if m.To != rn.raft.id {
		return fmt.Errorf("raft: node %d: %s is addressed to %d", rn.raft.id, m.Type, m.To)
	}
	return rn.raft.Step(m)
}

// HasReady reports whether Ready would return anything to do.
func (rn *RawNode) HasReady() bool {
	r := rn.raft
	if rn.readyTaken {
		return false
	}
	if r.softState() != rn.prevSoft {
		return true
	}
	if hs := r.hardState(); hs != rn.prevHard {
		return true
	}
	return len(r.msgs) > 0 || len(r.readStates) > 0 || r.pendingBroadcast ||
		r.log.stable < r.log.lastIndex() || min(r.log.committed, r.log.lastIndex()) > r.log.applied
}

// Ready returns the pending work and hands its messages over to the caller. Call Advance with
// it before asking for the next Ready.
//
// Implements RAFT-PERSIST-2.
func (rn *RawNode) Ready() Ready {
	r := rn.raft
	r.flushProposals()
	rd := Ready{
		Entries:          r.log.unstableEntries(),
		CommittedEntries: r.log.nextCommittedEntries(),
		Messages:         r.msgs,
		ReadStates:       r.readStates,
	}
	if ss := r.softState(); ss != rn.prevSoft {
		rd.SoftState = &ss
		rn.prevSoft = ss
	}
	if hs := r.hardState(); hs != rn.prevHard {
		rd.HardState = hs
		rd.MustSync = hs.Term != rn.prevHard.Term || hs.Vote != rn.prevHard.Vote
		rn.prevHard = hs
	}
	rd.MustSync = rd.MustSync || len(rd.Entries) > 0
	r.msgs = nil
	r.traced = 0
	r.readStates = nil
	rn.readyTaken = true
	return rd
}

// Advance tells the node that rd has been fully handled: entries persisted, messages sent,
// committed entries applied.
//
// TLA+: Persist (a stuttering step: not an action), AdvanceCommitIndex (the leader counts its own
// persisted log).
func (rn *RawNode) Advance(rd Ready) {
	r := rn.raft
	rn.readyTaken = false
	if n := len(rd.Entries); n > 0 {
		last := rd.Entries[n-1]
		r.log.stableTo(last.Index, last.Term)
		if r.state == StateLeader {
			// Implements RAFT-COMMIT-1.
			pr := r.prs[r.id]
			if pr.maybeUpdate(r.log.stable) && r.advanceCommitIndex() {
				r.bcastAppend()
			}
		}
		r.trace(TracePersist, nil)
	}
	if n := len(rd.CommittedEntries); n > 0 {
		r.log.applied = max(r.log.applied, rd.CommittedEntries[n-1].Index)
	}
}

// Status is a snapshot of a node's state for inspection and tests.
type Status struct {
	ID uint64
	HardState
	SoftState
	Applied   uint64
	LastIndex uint64
	LastTerm  uint64
	// Progress maps follower ID to its match index (leader only).
	Progress map[uint64]uint64
}

// Status returns the node's current state.
func (rn *RawNode) Status() Status {
	r := rn.raft
	st := Status{
		ID: r.id, HardState: HardState{Term: r.term, Vote: r.vote, Commit: r.log.committed},
		SoftState: r.softState(), Applied: r.log.applied,
		LastIndex: r.log.lastIndex(), LastTerm: r.log.lastTerm(),
	}
	if r.state == StateLeader {
		st.Progress = make(map[uint64]uint64, len(r.prs))
		for id, pr := range r.prs {
			st.Progress[id] = pr.match
		}
	}
	return st
}

// Entries returns a copy of the node's log entries in [lo, hi), for inspection and tests.
func (rn *RawNode) Entries(lo, hi uint64) []Entry {
	return append([]Entry(nil), rn.raft.log.slice(lo, min(hi, rn.raft.log.lastIndex()+1), ^uint64(0))...)
}
