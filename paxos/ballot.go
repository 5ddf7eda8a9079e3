package paxos

import "fmt"

// NodeID names one replica. Zero is not a valid ID; IDs must fit in NodeIDBits bits so that
// they can be packed into a Ballot.
type NodeID uint64

// NodeIDBits is the number of low bits of a Ballot that hold the proposer's NodeID.
const NodeIDBits = 16

// MaxNodeID is the largest NodeID that fits in a Ballot.
const MaxNodeID NodeID = 1<<NodeIDBits - 1

// A Ballot is a proposal number, unique per proposer: round<<NodeIDBits | node. Ballots are
// totally ordered by their integer value, so a higher round always wins and equal rounds are
// ordered by node ID. The zero Ballot means "none" and is below every real ballot.
//
// Implements PAXOS-1.
type Ballot uint64

// MakeBallot returns the ballot of the given round owned by node.
func MakeBallot(round uint64, node NodeID) Ballot {
	return Ballot(round<<NodeIDBits | uint64(node&MaxNodeID))
}

// Round returns the round number of b.
func (b Ballot) Round() uint64 { return uint64(b) >> NodeIDBits }

// Node returns the proposer that owns b.
func (b Ballot) Node() NodeID { return NodeID(uint64(b) & uint64(MaxNodeID)) }

// String formats b as round.node, or "0" for the zero ballot.
func (b Ballot) String() string {
	if b == 0 {
		return "0"
	}
	return fmt.Sprintf("%d.%d", b.Round(), b.Node())
}
