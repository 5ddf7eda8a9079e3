package raft

import "fmt"

// None is the placeholder node ID meaning "no node": no vote cast, no known leader.
const None uint64 = 0

// StateType is the role a node currently plays.
type StateType uint8

// The roles of a Raft node. StatePreCandidate is the PreVote phase (thesis 9.6): the node asks
// whether it could win an election before it disturbs anyone by raising its term.
const (
	StateFollower StateType = iota
	StateCandidate
	StateLeader
	StatePreCandidate
)

var stateNames = [...]string{"StateFollower", "StateCandidate", "StateLeader", "StatePreCandidate"}

func (s StateType) String() string {
	if int(s) < len(stateNames) {
		return stateNames[s]
	}
	return fmt.Sprintf("StateType(%d)", uint8(s))
}

// EntryType distinguishes the kinds of log entries. Only normal entries exist today; membership
// changes will add a configuration-change type without changing Entry.
type EntryType uint8

// EntryNormal carries opaque application data (empty for the no-op a new leader appends).
const EntryNormal EntryType = 0

// Entry is one slot of the replicated log.
type Entry struct {
	Term  uint64
	Index uint64
	Type  EntryType
	Data  []byte
}

// HardState is what a node MUST persist before sending the messages of the same Ready: its
// current term, the candidate it voted for in that term, and its commit index.
type HardState struct {
	Term   uint64
	Vote   uint64
	Commit uint64
}

// IsEmpty reports whether h is the zero HardState.
func (h HardState) IsEmpty() bool { return h == HardState{} }

// ConfState is the membership of the cluster as recorded in storage and in snapshots. Today
// only the voter set exists; membership changes will add fields (learners, a joint
// configuration's outgoing voters) without changing the existing one.
type ConfState struct {
	Voters []uint64
}

func (cs ConfState) clone() ConfState {
	return ConfState{Voters: append([]uint64(nil), cs.Voters...)}
}

// SnapshotMetadata says what a snapshot covers: the log up to and including Index (of term
// Term), and the membership as of that entry.
type SnapshotMetadata struct {
	Index     uint64
	Term      uint64
	ConfState ConfState
}

// Snapshot is the application's state machine as of Metadata.Index, in the application's own
// encoding (Data); the core never looks inside Data. The zero value is "no snapshot".
type Snapshot struct {
	Metadata SnapshotMetadata
	Data     []byte
}

// IsEmpty reports whether s is the zero snapshot.
func (s *Snapshot) IsEmpty() bool { return s.Metadata.Index == 0 }

// SoftState is volatile state that is useful to the caller (for logging and routing) but need
// not be persisted.
type SoftState struct {
	Lead      uint64
	RaftState StateType
}

// ReadState answers a ReadIndex request: once the caller's state machine has applied Index, a
// read issued at the time of the request with context RequestCtx may be served linearizably.
type ReadState struct {
	Index      uint64
	RequestCtx []byte
}
