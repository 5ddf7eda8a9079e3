package paxos

import (
	"fmt"
	"maps"
	"slices"
)

// Ready is the output of a core since the previous Ready. The caller must, in this order:
//  1. durably persist Promised (when PersistPromised) and Accepted,
//  2. then send Messages (a reply must never overtake the state it vouches for),
//  3. then apply Decided to the state machine, in order (Multi-Paxos only).
//
// Implements PAXOS-5, MPAXOS-7.
type Ready struct {
	// PersistPromised is set when the acceptor's promise changed; Promised is its new value.
	PersistPromised bool
	Promised        Ballot
	// Accepted are values the acceptor accepted (voted for), to persist, replacing any
	// earlier vote for the same slot.
	Accepted []Entry
	// Messages are to be sent after the state above is durable.
	Messages []Message
	// Decided are chosen values to apply, in slot order, each exactly once: slot numbers
	// are consecutive and continue where the previous Ready stopped.
	Decided []Entry
}

// Empty reports whether rd holds nothing to do.
func (rd Ready) Empty() bool {
	return !rd.PersistPromised && len(rd.Accepted) == 0 && len(rd.Messages) == 0 && len(rd.Decided) == 0
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
	// handing out decided values after it. Values up to Applied must be in Decided or be
	// recoverable by catch-up; the core does not hand them out again.
	Applied uint64
	// Decided optionally holds decided values, letting the node serve catch-up requests
	// for them after a restart.
	Decided []Entry
}

// Storage is an in-memory model of stable storage: it records exactly what a Ready asks to
// persist, so a test or simulator can crash a node (dropping the core) and restart it from
// State(). Save must be called before Ready.Messages are delivered.
type Storage struct {
	promised Ballot
	accepted map[uint64]Entry
	decided  map[uint64]Entry
	applied  uint64
}

// NewStorage returns empty storage.
func NewStorage() *Storage {
	return &Storage{accepted: map[uint64]Entry{}, decided: map[uint64]Entry{}}
}

// Save persists what rd asks to persist and records rd.Decided as applied.
func (s *Storage) Save(rd Ready) error {
	if rd.PersistPromised {
		if rd.Promised < s.promised {
			return fmt.Errorf("paxos: storage: promise going backwards from %v to %v", s.promised, rd.Promised)
		}
		s.promised = rd.Promised
	}
	for _, e := range rd.Accepted {
		s.accepted[e.Slot] = cloneEntry(e)
	}
	for _, e := range rd.Decided {
		if e.Slot != s.applied+1 {
			return fmt.Errorf("paxos: storage: decided slot %d applied out of order after slot %d", e.Slot, s.applied)
		}
		s.decided[e.Slot] = cloneEntry(e)
		s.applied = e.Slot
	}
	return nil
}

// State returns a copy of the persisted state, for restarting a core.
func (s *Storage) State() PersistentState {
	st := PersistentState{Promised: s.promised, Applied: s.applied}
	for _, slot := range slices.Sorted(maps.Keys(s.accepted)) {
		st.Accepted = append(st.Accepted, cloneEntry(s.accepted[slot]))
	}
	for _, slot := range slices.Sorted(maps.Keys(s.decided)) {
		st.Decided = append(st.Decided, cloneEntry(s.decided[slot]))
	}
	return st
}

func cloneEntry(e Entry) Entry {
	e.Data = slices.Clone(e.Data)
	return e
}
