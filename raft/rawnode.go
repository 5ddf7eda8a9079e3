package raft

import "fmt"

// Ready is everything a node asks its caller to do, in this order:
//
//  1. persist Snapshot (if not empty; MemoryStorage.ApplySnapshot), HardState (if not empty)
//     and Entries (replacing any stored entries from the first index of Entries on), durably if
//     MustSync;
//  2. send Messages, only now, because they may promise what step 1 stored;
//  3. apply Snapshot (if not empty) and then CommittedEntries to the state machine, and serve
//     ReadStates once applied;
//  4. call Advance(rd).
//
// A Ready is a view, not a copy: Entries, CommittedEntries and the messages' entries share
// memory with the node's log and its Storage. The node never modifies an entry it has handed
// out, so the caller may read them until it is done with them, but must not modify them.
// Messages (the slice itself) is reused by the node once the next Ready is taken: send or copy
// the messages before calling Ready again.
//
// Implements RAFT-PERSIST-4.
type Ready struct {
	// SoftState is non-nil when the leader or role changed.
	*SoftState
	// HardState is the zero value when it did not change.
	HardState HardState
	// ReadStates answer ReadIndex requests.
	ReadStates []ReadState
	// Snapshot is a snapshot received from the leader, to persist and apply (it replaces the
	// state machine); the zero value when there is none.
	Snapshot Snapshot
	// Entries must be persisted before Messages are sent.
	Entries []Entry
	// CommittedEntries are ready to be applied, in order, after Snapshot; at most
	// Config.MaxCommittedSizePerReady bytes of them.
	CommittedEntries []Entry
	// Messages are to be sent after Snapshot, Entries and HardState are persisted.
	Messages []Message
	// MustSync says whether the writes must reach stable storage (fsync) before sending.
	MustSync bool
}

// SnapshotStatus is the outcome of sending a snapshot, as the caller reports it
// (ReportSnapshot).
type SnapshotStatus uint8

const (
	// SnapshotFinish: the snapshot's messages were delivered.
	SnapshotFinish SnapshotStatus = iota
	// SnapshotFailure: the transfer failed; the leader resends from the last acknowledged chunk
	// once the follower answers again.
	SnapshotFailure
)

// RawNode is the thread-unsafe, single-goroutine API to a Raft node: drive it with Tick, Step
// and the request methods, then collect work with HasReady/Ready/Advance.
type RawNode struct {
	raft       *raft
	prevSoft   SoftState
	prevHard   HardState
	readyTaken bool
	// spare is the message buffer the node fills next: Ready hands out one buffer and takes
	// back the one it handed out before.
	spare []Message
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
// to the leader; ErrProposalDropped means it was not accepted anywhere. The node does not copy
// data: once Propose returns nil, data is the entry's Data, handed out in Ready.Entries,
// CommittedEntries and messages, so the caller must not modify it afterwards.
func (rn *RawNode) Propose(data []byte) error {
	r := rn.raft
	if r.state == StateLeader && (r.tracer == nil || r.count != nil) {
		return r.proposeOne(data) // what stepping the MsgProp does, without building it
	}
	return r.Step(Message{Type: MsgProp, From: r.id, Entries: []Entry{{Data: data}}})
}

// ProposeBatch proposes several entries at once; they are appended contiguously. Each data
// slice becomes an entry's Data without a copy, as with Propose.
func (rn *RawNode) ProposeBatch(data ...[]byte) error {
	ents := make([]Entry, len(data))
	for i, d := range data {
		ents[i].Data = d
	}
	return rn.raft.Step(Message{Type: MsgProp, From: rn.raft.id, Entries: ents})
}

// ProposeConfChange asks the cluster to change its membership (see ConfChange). The leader
// refuses a change it cannot make now with a *ConfChangeError (an earlier change is not
// committed yet, it has not committed an entry of its term, a node to promote has not caught up,
// or the change does not apply); a follower forwards the request to the leader. Once the change
// is committed, its entry comes out in Ready.CommittedEntries (DecodeConfChangeEntry).
//
// Implements RAFT-CONF-3.
func (rn *RawNode) ProposeConfChange(cc ConfChange) error {
	return rn.raft.Step(Message{Type: MsgProp, From: rn.raft.id, Entries: []Entry{{Type: EntryConfChange, Data: MarshalConfChange(cc)}}})
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
//
// With Config.AsyncStorageWrites it also takes the responses of the local storage threads
// (MsgStorageAppendResp From LocalAppendThread, MsgStorageApplyResp From LocalApplyThread).
func (rn *RawNode) Step(m Message) error {
	if m.Type.IsLocal() && !rn.raft.isStorageResponse(&m) {
		return ErrStepLocalMsg
	}
	if m.To != rn.raft.id {
		return fmt.Errorf("raft: node %d: %s is addressed to %d", rn.raft.id, m.Type, m.To)
	}
	return rn.raft.Step(m)
}

// ReportSnapshot reports the outcome of sending a snapshot to the follower id. After a
// failure the leader resends from the last chunk the follower acknowledged.
//
// Implements RAFT-SNAP-4.
func (rn *RawNode) ReportSnapshot(id uint64, status SnapshotStatus) {
	_ = rn.raft.Step(Message{Type: MsgSnapStatus, From: id, Reject: status == SnapshotFailure})
}

// ReportUnreachable reports that a message to the follower id could not be delivered: the
// leader stops pipelining to it (or pauses its snapshot transfer) until it answers again.
//
// Implements RAFT-FLOW-3.
func (rn *RawNode) ReportUnreachable(id uint64) {
	_ = rn.raft.Step(Message{Type: MsgUnreachable, From: id})
}

// ReportCompacted tells the node that the application took a snapshot of its state machine at
// index and compacted its Storage up to it (MemoryStorage.CreateSnapshot and Compact). The node
// does not need it to work: it reads what its Storage still holds. The report only puts the
// step in the node's trace (CompactLog), so that a trace shows when entries stopped being
// available; an index the node has not applied, or at or below one reported before, is
// refused.
//
// Implements RAFT-SNAP-2.
func (rn *RawNode) ReportCompacted(index uint64) error {
	return rn.raft.reportCompacted(index)
}

// HasReady reports whether Ready would return anything to do.
func (rn *RawNode) HasReady() bool {
	r := rn.raft
	if r.asyncWrites {
		return rn.hasReadyAsync()
	}
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
		len(r.log.unstable.entries) > 0 || r.log.hasPendingSnapshot() || r.log.hasNextCommittedEntries()
}

// Ready returns the pending work and hands its messages over to the caller. Call Advance with
// it before asking for the next Ready.
//
// Implements RAFT-PERSIST-2.
func (rn *RawNode) Ready() Ready {
	r := rn.raft
	if r.asyncWrites {
		return rn.readyAsync()
	}
	r.flushProposals()
	u := &r.log.unstable
	rd := Ready{
		Entries:          u.entries[:len(u.entries):len(u.entries)],
		CommittedEntries: r.log.nextCommittedEntries(),
		Messages:         r.msgs,
		ReadStates:       r.readStates,
	}
	if len(rd.Entries) == 0 {
		rd.Entries = nil
	}
	if u.snapshot != nil {
		rd.Snapshot = *u.snapshot
	}
	if ss := r.softState(); ss != rn.prevSoft {
		// Allocated only when it changed (a pointer to ss would move ss to the heap on
		// every call).
		rd.SoftState = new(SoftState)
		*rd.SoftState = ss
		rn.prevSoft = ss
	}
	if hs := r.hardState(); hs != rn.prevHard {
		rd.HardState = hs
		rd.MustSync = hs.Term != rn.prevHard.Term || hs.Vote != rn.prevHard.Vote
		rn.prevHard = hs
	}
	rd.MustSync = rd.MustSync || len(rd.Entries) > 0 || !rd.Snapshot.IsEmpty()
	if len(r.msgs) == 0 {
		rd.Messages = nil
	} else {
		r.msgs, rn.spare = rn.spare[:0], r.msgs
	}
	r.traced = 0
	r.readStates = nil
	rn.readyTaken = true
	return rd
}

// Advance tells the node that rd has been fully handled: snapshot and entries persisted,
// messages sent, snapshot and committed entries applied.
//
// TLA+: Persist (a stuttering step: not an action), AdvanceCommitIndex (the leader counts its own
// persisted log).
//
// With Config.AsyncStorageWrites, Advance does nothing: the node learns what was persisted and
// applied from the MsgStorageAppendResp and MsgStorageApplyResp the caller steps.
func (rn *RawNode) Advance(rd Ready) {
	r := rn.raft
	if r.asyncWrites {
		return
	}
	rn.readyTaken = false
	if !rd.Snapshot.IsEmpty() {
		r.log.stableSnapTo(rd.Snapshot.Metadata.Index)
		r.log.appliedTo(rd.Snapshot.Metadata.Index)
	}
	if n := len(rd.Entries); n > 0 {
		last := rd.Entries[n-1]
		r.log.stableTo(last.Index, last.Term)
		if r.state == StateLeader {
			// Implements RAFT-COMMIT-1.
			pr := r.prs[r.id]
			if pr.maybeUpdate(r.log.stable()) && r.advanceCommitIndex() {
				r.bcastAppend()
			}
		}
	}
	if n := len(rd.CommittedEntries); n > 0 {
		r.log.appliedTo(rd.CommittedEntries[n-1].Index)
		r.committedHandedOut(rd.CommittedEntries)
	}
	if len(rd.Entries) > 0 || !rd.Snapshot.IsEmpty() {
		r.trace(TracePersist, nil)
	}
}

// Err returns the first error the node's Storage failed with (other than the documented
// ErrCompacted, ErrUnavailable and ErrSnapshotTemporarilyUnavailable), nil if none. A node
// whose storage failed stops reading from it: it no longer replicates or hands out committed
// entries, and should be restarted once the storage works again.
func (rn *RawNode) Err() error { return rn.raft.log.err }

// BasicStatus is the part of Status that costs no allocation.
type BasicStatus struct {
	ID uint64
	HardState
	SoftState
	Applied   uint64
	LastIndex uint64
	LastTerm  uint64
	// FirstIndex is the first entry the node's log still has (Storage compacts the rest).
	FirstIndex uint64
	// LeadTransferee is the node leadership is being transferred to, None if none.
	LeadTransferee uint64
	// LeaseTicks is how many more ticks the leader's read lease covers (Config.LeaseReads), 0
	// if it holds none: reads are answered at once while it is positive.
	LeaseTicks uint64
}

// BasicStatus returns the node's current state without allocating.
func (rn *RawNode) BasicStatus() BasicStatus {
	r := rn.raft
	return BasicStatus{
		ID: r.id, HardState: HardState{Term: r.term, Vote: r.vote, Commit: r.log.committed},
		SoftState: r.softState(), Applied: r.log.applied,
		LastIndex: r.log.lastIndex(), LastTerm: r.log.lastTerm(), FirstIndex: r.log.firstIndex(),
		LeadTransferee: r.leadTransferee, LeaseTicks: r.leaseLeft(),
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
	// Config is the configuration the node uses: that of the latest configuration entry in its
	// log, committed or not.
	Config ConfState
}

// Status returns the node's current state; on a leader it allocates the Progress map
// (BasicStatus does not allocate).
func (rn *RawNode) Status() Status {
	r := rn.raft
	b := rn.BasicStatus()
	st := Status{ID: b.ID, HardState: b.HardState, SoftState: b.SoftState, Applied: b.Applied, LastIndex: b.LastIndex, LastTerm: b.LastTerm,
		Config: r.conf.cs.clone()}
	if r.state == StateLeader {
		st.Progress = make(map[uint64]uint64, len(r.prs))
		for id, pr := range r.prs {
			st.Progress[id] = pr.match
		}
	}
	return st
}

// Entries returns a copy of the node's log entries in [lo, hi) that it still has, for
// inspection and tests.
func (rn *RawNode) Entries(lo, hi uint64) []Entry {
	l := rn.raft.log
	lo, hi = max(lo, l.firstIndex()), min(hi, l.lastIndex()+1)
	ents, err := l.slice(lo, hi, noLimit)
	if err != nil {
		return nil
	}
	return append([]Entry(nil), ents...)
}
