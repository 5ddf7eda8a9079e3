package paxos

import (
	"fmt"
	"slices"
)

// Ready is the output of a core since the previous Ready. The caller must, in this order:
//  1. durably persist Promised (when PersistPromised), Accepted and Snapshot,
//  2. then send Messages (a reply must never overtake the state it vouches for),
//  3. then restore the state machine from Snapshot, if any, and apply Decided to it, in
//     order (Multi-Paxos only).
//
// Nothing in a Ready is copied for the caller: entries and snapshot data are shared with the
// core and with the messages, and must not be modified. A Multi-Paxos Node reuses Messages (the
// slice itself, not the messages' entries) once the next Ready is taken: send or copy the
// messages before calling Ready again.
//
// Implements PAXOS-5, MPAXOS-7.
type Ready struct {
	// PersistPromised is set when the acceptor's promise changed; Promised is its new value.
	PersistPromised bool
	Promised        Ballot
	// Accepted are values the acceptor accepted (voted for), to persist, replacing any
	// earlier vote for the same slot.
	Accepted []Entry
	// Snapshot, when not nil, is a snapshot another process sent to bring this one up to
	// date: the application state after slot Snapshot.Index. The caller persists it,
	// replacing its own, and restores the state machine from it before applying Decided
	// (which continue at Snapshot.Index+1). Votes and decided values up to Snapshot.Index
	// may then be dropped from storage.
	Snapshot *Snapshot
	// Compacted, when not zero, says the acceptor dropped its votes for slots up to it,
	// all decided: the caller records it and may drop those votes from storage.
	Compacted uint64
	// Compact, when not nil, is the snapshot the application handed to Node.Compact: the
	// caller persists it (if it has not already) and may drop the decided values up to
	// Compact.Index from storage.
	Compact *Snapshot
	// Messages are to be sent after the state above is durable.
	Messages []Message
	// Decided are chosen values to apply, in slot order, each exactly once: slot numbers
	// are consecutive and continue where the previous Ready (or its Snapshot) stopped.
	Decided []Entry
}

// Empty reports whether rd holds nothing to do.
func (rd Ready) Empty() bool {
	return !rd.PersistPromised && len(rd.Accepted) == 0 && rd.Snapshot == nil && rd.Compact == nil && rd.Compacted == 0 &&
		len(rd.Messages) == 0 && len(rd.Decided) == 0
}

// PersistentState is what an acceptor (and learner) keeps across crashes. A core restarted
// from it behaves as if it had never stopped, apart from its proposer state, which is
// deliberately volatile.
//
// Implements PAXOS-6.
type PersistentState struct {
	// Promised is the highest ballot the acceptor promised.
	Promised Ballot
	// Accepted holds the newest accepted value per slot (Synod uses slot 0).
	Accepted []Entry
	// Applied is the last slot the state machine applied; the restarted core resumes
	// handing out decided values after it. Values up to Applied must be in Decided, in the
	// Snapshot, or be recoverable by catch-up; the core does not hand them out again.
	Applied uint64
	// Decided optionally holds decided values, letting the node serve catch-up requests
	// for them after a restart.
	Decided []Entry
	// Snapshot is the latest snapshot (Multi-Paxos only), from Ready.Compact or
	// Ready.Snapshot. The restarted core treats slots up to Snapshot.Index as decided and
	// applied; the application restores its own state from the snapshot.
	Snapshot Snapshot
	// Compacted is the highest Ready.Compacted: the acceptor has no votes for slots up to it
	// (votes for them in Accepted are ignored). At most Applied (or Snapshot.Index).
	Compacted uint64
}

// Storage is an in-memory model of stable storage: it records exactly what a Ready asks to
// persist, so a test or simulator can crash a node (dropping the core) and restart it from
// State(). Save must be called before Ready.Messages are delivered. Like the core, it keeps
// the entries and snapshots it is given without copying them.
type Storage struct {
	promised  Ballot
	synodVote Entry
	accepted  slotLog
	snap      Snapshot
	compacted uint64
	decided   entrySegments // slots base+1..applied: the Readies' own Decided slices
	base      uint64
	applied   uint64
}

// storageSpan is how far past the applied slot Storage keeps votes in a slice.
const storageSpan = 1 << 12

// NewStorage returns empty storage.
func NewStorage() *Storage {
	return &Storage{}
}

// Save persists what rd asks to persist and records rd.Snapshot and rd.Decided as applied.
func (s *Storage) Save(rd Ready) error {
	if rd.PersistPromised {
		if rd.Promised < s.promised {
			return fmt.Errorf("paxos: storage: promise going backwards from %v to %v", s.promised, rd.Promised)
		}
		s.promised = rd.Promised
	}
	for votes := rd.Accepted; len(votes) > 0; {
		if votes[0].Slot == 0 {
			s.synodVote, votes = votes[0], votes[1:] // Synod's one vote
			continue
		}
		k := runLen(votes)
		s.accepted.setRun(votes[:k], s.applied-s.accepted.base+storageSpan)
		votes = votes[k:]
	}
	if rd.Snapshot != nil {
		if rd.Snapshot.Index <= s.applied {
			return fmt.Errorf("paxos: storage: snapshot at slot %d does not pass the applied slot %d", rd.Snapshot.Index, s.applied)
		}
		s.applied = rd.Snapshot.Index
		s.keepSnapshot(*rd.Snapshot)
	}
	if rd.Compacted > s.compacted {
		s.compacted = rd.Compacted
		s.accepted.truncate(s.compacted)
	}
	if rd.Compact != nil {
		if rd.Compact.Index > s.applied {
			return fmt.Errorf("paxos: storage: snapshot at slot %d passes the applied slot %d", rd.Compact.Index, s.applied)
		}
		s.keepSnapshot(*rd.Compact)
	}
	for i, e := range rd.Decided {
		if e.Slot != s.applied+1 {
			s.decided.push(rd.Decided[:i])
			return fmt.Errorf("paxos: storage: decided slot %d applied out of order after slot %d", e.Slot, s.applied)
		}
		s.applied = e.Slot
	}
	s.decided.push(rd.Decided)
	return nil
}

// keepSnapshot records snap if it is newer than the stored one, and drops the decided values
// it covers.
func (s *Storage) keepSnapshot(snap Snapshot) {
	if snap.Index <= s.snap.Index {
		return
	}
	s.snap = snap
	if snap.Index >= s.base+uint64(s.decided.len()) {
		s.decided, s.base = entrySegments{}, snap.Index
	} else if snap.Index > s.base {
		s.decided.dropFront(int(snap.Index - s.base))
		s.base = snap.Index
	}
}

// State returns the persisted state, for restarting a core. Its entries share memory with
// the storage.
func (s *Storage) State() PersistentState {
	st := PersistentState{Promised: s.promised, Applied: s.applied, Snapshot: s.snap, Compacted: s.compacted}
	if s.synodVote.Ballot != 0 {
		st.Accepted = append(st.Accepted, s.synodVote)
	}
	st.Accepted = append(st.Accepted, s.accepted.from(0)...)
	st.Decided = s.decided.appendTo(nil)
	return st
}

func cloneEntry(e Entry) Entry {
	e.Data = slices.Clone(e.Data)
	return e
}
