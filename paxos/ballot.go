package paxos

import (
	"errors"
	"fmt"
)

// NodeID names one replica. Zero is not a valid ID; IDs must fit in NodeIDBits bits so that
// they can be packed into a Ballot. Both cores (Node and Synod), every Message field naming a
// node (From, To) and every Event use this one type.
type NodeID uint64

// NodeIDBits is the number of low bits of a Ballot that hold the proposer's NodeID.
const NodeIDBits = 16

// MaxNodeID is the largest NodeID that fits in a Ballot.
const MaxNodeID NodeID = 1<<NodeIDBits - 1

// MaxRound is the largest round a Ballot can hold: the 48 bits above the node ID.
const MaxRound = 1<<(64-NodeIDBits) - 1

// A Ballot is a proposal number, unique per proposer: round<<NodeIDBits | node. Ballots are
// totally ordered by their integer value, so a higher round always wins and equal rounds are
// ordered by node ID. The zero Ballot means "none" and is below every real ballot.
//
// Implements PAXOS-1.
type Ballot uint64

// MakeBallot returns the ballot of the given round owned by node. A round above MaxRound
// does not fit: MakeBallot saturates it to MaxRound rather than let it wrap to a low ballot.
// Cores never ask for such a round (see ErrBallotExhausted).
//
// Implements PAXOS-1.
func MakeBallot(round uint64, node NodeID) Ballot {
	round = min(round, MaxRound)
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

// ErrBallotExhausted is what a BallotExhaustedError matches with errors.Is.
var ErrBallotExhausted = errors.New("paxos: no ballot round left above the highest one seen")

// BallotExhaustedError is returned when a proposer must start a ballot above every ballot it
// has seen, promised or sent, but that ballot's round is already MaxRound, so no higher ballot
// exists. The proposer then starts nothing and its acceptor keeps its promise: picking a lower
// round would let the acceptor promise, and the proposer propose, below a ballot already
// promised (PAXOS-1, PAXOS-2). Only a ballot forged or corrupted to the top of the range gets
// there; the node keeps serving as acceptor and learner for whichever proposer owns it.
//
// Implements PAXOS-1.
type BallotExhaustedError struct {
	Node    NodeID // the proposer that could not start a ballot
	Highest Ballot // the highest ballot it has seen
}

func (e *BallotExhaustedError) Error() string {
	return fmt.Sprintf("paxos: node %d cannot start a ballot: the highest ballot seen, %v, is in the last round %d",
		e.Node, e.Highest, uint64(MaxRound))
}

// Is makes errors.Is(err, ErrBallotExhausted) hold.
func (e *BallotExhaustedError) Is(target error) bool { return target == ErrBallotExhausted }

// nextBallot returns the ballot node owns in the round after highest's, or an error when
// highest is already in the last round.
//
// Implements PAXOS-1.
func nextBallot(highest Ballot, node NodeID) (Ballot, error) {
	if highest.Round() >= MaxRound {
		return 0, &BallotExhaustedError{Node: node, Highest: highest}
	}
	return MakeBallot(highest.Round()+1, node), nil
}
