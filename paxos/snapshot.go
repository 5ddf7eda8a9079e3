package paxos

import (
	"errors"
	"fmt"
	"maps"
	"slices"
)

// A Snapshot is the application's state after applying slots 1..Index, in whatever encoding
// the application chose. Once a node is given a snapshot (Compact) it forgets the decided
// values and the votes of slots up to Index, and sends the snapshot to a process that asks
// for compacted slots. The zero Snapshot (Index 0) is the empty state before slot 1.
//
// Implements MPAXOS-12.
type Snapshot struct {
	Index uint64
	Data  []byte
}

// ErrCompacted is returned by Compact for a snapshot no newer than the one the node has.
var ErrCompacted = errors.New("paxos: snapshot is not newer than the node's")

// Compact hands the node a snapshot of the application's state after slot snap.Index, which
// must be applied already (handed out by Ready), and discards the decided values of the slots
// it covers: with votes already dropped for decided slots, memory no longer grows with the
// log. The node keeps snap (it does not copy Data; the caller must not modify it) to send to
// processes that ask for slots it no longer holds. The next Ready reports it in Ready.Compact,
// for the caller to persist (and to drop those decided values from storage).
//
// Implements MPAXOS-12.
func (n *Node) Compact(snap Snapshot) error {
	defer n.done()
	if snap.Index <= n.snap.Index {
		return fmt.Errorf("%w: index %d, the node's is %d", ErrCompacted, snap.Index, n.snap.Index)
	}
	if snap.Index > n.applied {
		return fmt.Errorf("paxos: node %d: snapshot at slot %d is past the applied prefix %d", n.cfg.ID, snap.Index, n.applied)
	}
	n.snap = snap
	n.truncateLog(snap.Index)
	n.rd.Compact = &snap
	return nil
}

// compactVotes drops the acceptor's votes for slots up to upTo, all decided, and reports it
// for storage. A promise tells a new leader how far (Message.Slot); it proposes nothing
// there. TLA+: Compact.
//
// Implements MPAXOS-12.
func (n *Node) compactVotes(upTo uint64) {
	n.compacted = upTo
	n.accepted.truncate(upTo)
	n.dropVotedRuns(upTo)
	n.rd.Compacted = upTo
	n.trace(TraceEvent{Action: TraceCompact, Slot: upTo})
}

// truncateLog drops the decided values of slots up to index, which is at most commit.
func (n *Node) truncateLog(index uint64) {
	if index <= n.logBase {
		return
	}
	n.log.dropFrontShared(int(index - n.logBase)) // Ready.Decided may be views of the log
	n.logBase = index
}

// handleSnapshot installs a snapshot sent in answer to a catch-up request, when it covers
// slots this node has not decided: the application restores its state from it (Ready.Snapshot)
// and the node continues from the slot after it. The acceptor keeps its votes: it drops them
// only when its own application compacts (Compact). TLA+: InstallSnapshot.
//
// Implements MPAXOS-9, MPAXOS-13.
func (n *Node) handleSnapshot(m Message) {
	snap := *m.Snapshot
	if snap.Index <= n.commit {
		return // nothing new; the answers to our later requests bring the rest
	}
	before := n.commit
	n.snap = snap
	n.commit, n.logBase, n.log = snap.Index, snap.Index, decidedLog{}
	for s := range n.ahead {
		if s <= snap.Index {
			delete(n.ahead, s)
		}
	}
	if n.role == Leader {
		// Slots we proposed are decided now, in values we may not know: stop counting
		// votes for them.
		n.proposals.dropUpTo(snap.Index)
		n.nextSlot = max(n.nextSlot, snap.Index+1)
	}
	n.advanceCommit()
	n.rd.Snapshot = &snap
	n.trace(TraceEvent{Action: TraceInstallSnapshot, Peer: m.From, Slot: snap.Index})
	n.continueCatchUp(m, before)
}

// sortedSlots returns the keys of m in increasing order.
func sortedSlots[V any](m map[uint64]V) []uint64 {
	return slices.Sorted(maps.Keys(m))
}
