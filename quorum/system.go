package quorum

import (
	"math"
	"strconv"
)

// Index is a log position, as in Raft's log or Paxos's slots.
type Index uint64

// MaxIndex is what CommittedIndex returns for a system with no members: by etcd-io/raft's
// convention an empty configuration commits everything, so that a joint configuration with one
// empty half behaves exactly like its other half.
const MaxIndex Index = math.MaxUint64

// Kind names one of the two kinds of quorum a system has. Systems with a single kind (majority,
// threshold, grid) answer the same for both.
type Kind uint8

const (
	// Phase1 quorums elect a leader, run Paxos's prepare phase, or serve reads.
	Phase1 Kind = 1
	// Phase2 quorums replicate log entries, run Paxos's accept phase, or acknowledge writes.
	Phase2 Kind = 2

	// Read is the Phase1 quorum of a read/write system.
	Read = Phase1
	// Write is the Phase2 quorum of a read/write system.
	Write = Phase2
)

func (k Kind) String() string {
	switch k {
	case Phase1:
		return "phase-1"
	case Phase2:
		return "phase-2"
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// VoteResult is the outcome of a vote counted so far.
type VoteResult uint8

const (
	// Pending: neither outcome is settled by the votes so far.
	Pending VoteResult = 1 + iota
	// Lost: no way of casting the outstanding votes yields a quorum.
	Lost
	// Won: the granted votes already form a quorum.
	Won
)

func (r VoteResult) String() string {
	switch r {
	case Pending:
		return "pending"
	case Lost:
		return "lost"
	case Won:
		return "won"
	}
	return "VoteResult(" + strconv.Itoa(int(r)) + ")"
}

// A System is a quorum system over at most 64 members: it says which member sets are quorums of
// each kind and answers the questions consensus asks of a quorum system. Every System is
// monotone: a superset of a quorum (within Members) is a quorum.
//
//
type System interface {
	// Members returns the set of members.
	Members() Set
	// IsQuorum reports whether s contains a quorum of kind k. Non-members in s are ignored.
	IsQuorum(k Kind, s Set) bool
	// CommittedIndex returns the largest index i such that the members with acked[id] >= i form
	// a Phase2 quorum. acked is indexed by member ID; IDs beyond its end have acknowledged
	// nothing (index 0). A system with no members returns MaxIndex.
	CommittedIndex(acked []Index) Index
	// VoteResult counts a Phase1 vote: Won if the granted members form a quorum, Lost if even
	// granting every member that has not voted cannot form one, Pending otherwise. A member in
	// both sets counts as rejected; non-members are ignored.
	VoteResult(granted, rejected Set) VoteResult
	// FaultTolerance returns the largest f such that after any f members fail, the survivors
	// still contain a quorum of each kind.
	FaultTolerance() int
	// MustIntersect reports whether the system guarantees that every quorum of kind a
	// intersects every quorum of kind b. Phase1 with Phase2 always does; Phase2 with Phase2
	// does except in flexible Paxos and read/write systems; Phase1 with Phase1 does only in
	// systems with a single kind of quorum.
	MustIntersect(a, b Kind) bool
	// String returns the system in the textual form Parse reads.
	String() string
}
