package paxos

import (
	"fmt"
	"strings"
)

// MsgType is the kind of a Message.
type MsgType uint8

// Message kinds. The comments name the TLA+ message record each corresponds to.
const (
	// MsgPrepare is phase 1a: "promise me ballot Ballot". Slot is the first slot the
	// proposer wants to hear about (Multi-Paxos); Synod leaves it 0.
	MsgPrepare MsgType = iota + 1
	// MsgPromise is phase 1b: the acceptor promised Ballot and reports, in Entries, every
	// value it has accepted at or after the requested slot, each with the ballot it was
	// accepted in. Slot is the last slot whose vote it compacted away (0: none), Commit
	// its decided prefix.
	MsgPromise
	// MsgAccept is phase 2a: "accept Entries in ballot Ballot". Commit piggybacks the
	// leader's decided prefix (a commit notice). With no entries it is a heartbeat.
	MsgAccept
	// MsgAccepted is phase 2b: the acceptor accepted, in Ballot, the value the ballot's
	// proposer sent for every slot Slot..Last (a range vote, MPAXOS-14: Entries empty), or,
	// when Last is 0, for the slots Entries list (slot and ballot only). Commit, when set, is
	// the acceptor's decided prefix, sent because it refused to vote in slots it compacted.
	MsgAccepted
	// MsgReject tells a proposer that the acceptor has promised the higher Ballot.
	MsgReject
	// MsgDecide carries chosen values (slot, value) to a learner: a decision message, and
	// the answer to MsgCatchUp.
	MsgDecide
	// MsgCatchUp asks for the decided values of slots Slot..Commit.
	MsgCatchUp
	// MsgSnapshot answers MsgCatchUp for slots the sender has compacted: Snapshot is its
	// application state after slot Snapshot.Index, Commit its decided prefix.
	MsgSnapshot
)

var msgTypeNames = [...]string{
	MsgPrepare:  "Prepare",
	MsgPromise:  "Promise",
	MsgAccept:   "Accept",
	MsgAccepted: "Accepted",
	MsgReject:   "Reject",
	MsgDecide:   "Decide",
	MsgCatchUp:  "CatchUp",
	MsgSnapshot: "Snapshot",
}

func (t MsgType) String() string {
	if int(t) < len(msgTypeNames) && msgTypeNames[t] != "" {
		return msgTypeNames[t]
	}
	return fmt.Sprintf("MsgType(%d)", uint8(t))
}

// Entry is one slot's value, tagged with the ballot it was accepted or proposed in.
// A no-op (Noop true, no Data) fills a slot that no command was proposed for.
type Entry struct {
	Slot   uint64
	Ballot Ballot
	Noop   bool
	Data   []byte
}

// sameValue reports whether e and o carry the same value (ballots aside).
func (e Entry) sameValue(o Entry) bool {
	return e.Noop == o.Noop && string(e.Data) == string(o.Data)
}

func (e Entry) String() string {
	if e.Noop {
		return fmt.Sprintf("%d:noop@%v", e.Slot, e.Ballot)
	}
	return fmt.Sprintf("%d:%q@%v", e.Slot, e.Data, e.Ballot)
}

// Message is everything the cores exchange. Which fields matter depends on Type; the others
// are zero. Messages are plain values so that a simulator can copy, delay, duplicate, reorder
// or drop them freely, but their Entries, Data and Snapshot are shared, not copied: a node
// keeps the values of the messages it steps, so nobody may modify a message after sending it
// or stepping it.
type Message struct {
	Type     MsgType
	From     NodeID
	To       NodeID
	Ballot   Ballot
	Slot     uint64
	Last     uint64 // MsgAccepted only: the last slot of the range vote Slot..Last (0: none)
	Commit   uint64
	Entries  []Entry
	Snapshot *Snapshot // MsgSnapshot only
}

func (m Message) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d->%d %v", m.From, m.To, m.Type)
	if m.Ballot != 0 {
		fmt.Fprintf(&b, " b=%v", m.Ballot)
	}
	if m.Last != 0 {
		fmt.Fprintf(&b, " slots=%d..%d", m.Slot, m.Last)
	} else if m.Slot != 0 {
		fmt.Fprintf(&b, " slot=%d", m.Slot)
	}
	if m.Commit != 0 {
		fmt.Fprintf(&b, " commit=%d", m.Commit)
	}
	if m.Snapshot != nil {
		fmt.Fprintf(&b, " snapshot=%d", m.Snapshot.Index)
	}
	if len(m.Entries) > 0 {
		b.WriteString(" [")
		for i, e := range m.Entries {
			if i > 0 {
				b.WriteString(" ")
			}
			if m.Type == MsgAccepted {
				// A vote names the slot; the value is the ballot's proposal.
				fmt.Fprintf(&b, "%d", e.Slot)
				continue
			}
			b.WriteString(e.String())
		}
		b.WriteString("]")
	}
	return b.String()
}

func entriesString(entries []Entry) string {
	var b strings.Builder
	b.WriteString("[")
	for i, e := range entries {
		if i > 0 {
			b.WriteString(" ")
		}
		b.WriteString(e.String())
	}
	b.WriteString("]")
	return b.String()
}
