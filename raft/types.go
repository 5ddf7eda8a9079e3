package raft

import (
	"fmt"
	"slices"
)

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

// EntryType distinguishes the kinds of log entries.
type EntryType uint8

const (
	// EntryNormal carries opaque application data (empty for the no-op a new leader appends).
	EntryNormal EntryType = 0
	// EntryConfChange carries a membership change: the request and, once in the log, the
	// configuration it leads to (DecodeConfChangeEntry).
	EntryConfChange EntryType = 1
)

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

// ConfState is a membership configuration, as configuration entries, storage and snapshots
// record it (etcd-io/raft's ConfState). The ID lists are sorted and disjoint, except that an
// outgoing voter may also be a voter or a next learner.
type ConfState struct {
	// Voters are the voters of the configuration (of its incoming half, when joint).
	Voters []uint64
	// VotersOutgoing are the voters of the outgoing half of a joint configuration; empty when
	// the configuration is not joint. A decision then needs a majority of each half.
	VotersOutgoing []uint64
	// Learners receive the log but do not vote.
	Learners []uint64
	// LearnersNext are outgoing voters that become learners when the joint configuration is
	// left.
	LearnersNext []uint64
	// AutoLeave makes the leader leave the joint configuration by itself once it is committed.
	AutoLeave bool
}

func (cs ConfState) clone() ConfState {
	c := func(ids []uint64) []uint64 {
		if len(ids) == 0 {
			return nil
		}
		return append([]uint64(nil), ids...)
	}
	return ConfState{Voters: c(cs.Voters), VotersOutgoing: c(cs.VotersOutgoing), Learners: c(cs.Learners),
		LearnersNext: c(cs.LearnersNext), AutoLeave: cs.AutoLeave}
}

// Equal reports whether cs and o are the same configuration (as sets).
func (cs ConfState) Equal(o ConfState) bool {
	eq := func(a, b []uint64) bool { return slices.Equal(sortedCopy(a), sortedCopy(b)) }
	return eq(cs.Voters, o.Voters) && eq(cs.VotersOutgoing, o.VotersOutgoing) &&
		eq(cs.Learners, o.Learners) && eq(cs.LearnersNext, o.LearnersNext) && cs.AutoLeave == o.AutoLeave
}

// IsEmpty reports whether cs has no member: the configuration of a node that has not joined.
func (cs ConfState) IsEmpty() bool {
	return len(cs.Voters) == 0 && len(cs.VotersOutgoing) == 0 && len(cs.Learners) == 0 && len(cs.LearnersNext) == 0
}

func (cs ConfState) String() string {
	if cs.IsEmpty() {
		return "no configuration"
	}
	s := fmt.Sprintf("voters=%v", cs.Voters)
	if len(cs.VotersOutgoing) > 0 {
		s += fmt.Sprintf("&&%v", cs.VotersOutgoing)
	}
	if len(cs.Learners) > 0 {
		s += fmt.Sprintf(" learners=%v", cs.Learners)
	}
	if len(cs.LearnersNext) > 0 {
		s += fmt.Sprintf(" learners_next=%v", cs.LearnersNext)
	}
	if cs.AutoLeave {
		s += " autoleave"
	}
	return s
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
