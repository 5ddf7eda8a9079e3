package raft

import (
	"fmt"
	"math"
)

// The ranges of terms and log indexes. Terms and indexes are uint64 and no arithmetic on them
// may wrap (RAFT-ROBUST-2): a wrapped term would let two nodes lead the same term, a wrapped
// index would make a log end before it starts.
const (
	// MaxTerm is the highest term. A node whose term is MaxTerm never starts an election,
	// since the next term does not exist; it still follows a leader of MaxTerm. No correct
	// cluster comes near it (one election per nanosecond for 580 years); only a forged or
	// corrupted message can carry it there.
	MaxTerm uint64 = math.MaxUint64
	// MaxIndex is the highest log index, one below the largest uint64 so that the index after
	// the last entry (a follower's next index) is always representable.
	MaxIndex uint64 = math.MaxUint64 - 1
)

// OverflowError reports a request or message refused because acting on it would take a term or
// a log index past its range (MaxTerm, MaxIndex). The node's state is unchanged.
//
// Implements RAFT-ROBUST-2.
type OverflowError struct {
	Node uint64 // the refusing node
	// Msg is the refused message's type and From its sender; a local request (Campaign,
	// Propose) has From equal to Node.
	Msg  MessageType
	From uint64
	// What is "term" or "index"; Value is where the step would have started from and Count
	// how far it would have gone (1 for an election, the number of entries for an append).
	What  string
	Value uint64
	Count uint64
}

func (e *OverflowError) Error() string {
	limit := MaxIndex
	if e.What == "term" {
		limit = MaxTerm
	}
	return fmt.Sprintf("raft: node %d: %s from %d refused: %s %d + %d would pass the last %s %d",
		e.Node, e.Msg, e.From, e.What, e.Value, e.Count, e.What, limit)
}

// fits reports whether adding count to v stays within limit.
func fits(v, count, limit uint64) bool { return v <= limit && count <= limit-v }

// campaignOverflow returns the OverflowError that keeps the node from starting an election from
// term, or nil: an election needs the next term, and winning it appends the leader's no-op at
// the next index. m is the message that would start it.
func (r *raft) campaignOverflow(term uint64, m *Message) error {
	switch {
	case !fits(term, 1, MaxTerm):
		return &OverflowError{Node: r.id, Msg: m.Type, From: m.From, What: "term", Value: term, Count: 1}
	case !fits(r.log.lastIndex(), 1, MaxIndex):
		return &OverflowError{Node: r.id, Msg: m.Type, From: m.From, What: "index", Value: r.log.lastIndex(), Count: 1}
	}
	return nil
}
