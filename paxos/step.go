package paxos

import "fmt"

// Step hands a received message to the node. A malformed message (wrong addressee, unknown
// sender or type, fields out of range) is refused with an error naming the problem and
// leaves the node unchanged; anything well-formed is handled, however stale.
func (n *Node) Step(m Message) error {
	if err := n.cfg.validate(m, false); err != nil {
		return err
	}
	if m.Type == MsgPromise {
		for _, e := range m.Entries {
			if e.Slot > n.commit+maxRecoverySpan {
				return fmt.Errorf("paxos: node %d: %v from %d: slot %d is more than %d slots past commit %d",
					n.cfg.ID, m.Type, m.From, e.Slot, maxRecoverySpan, n.commit)
			}
		}
	}
	n.observe(m.Ballot)
	if n.tr.tracer != nil {
		// A copy in the node, so that m itself stays on the stack: taking &m would move
		// every stepped message to the heap, traced or not.
		n.tr.msg = m
		n.tr.in = &n.tr.msg
	}
	defer func() { n.done(); n.tr.in, n.tr.msg = nil, Message{} }()
	switch m.Type {
	case MsgPrepare:
		n.handlePrepare(m)
	case MsgPromise:
		n.handlePromise(m)
	case MsgAccept:
		n.handleAccept(m)
	case MsgAccepted:
		n.handleAccepted(m)
	case MsgReject:
		n.handleReject(m)
	case MsgDecide:
		n.handleDecide(m)
	case MsgCatchUp:
		n.handleCatchUp(m)
	case MsgSnapshot:
		n.handleSnapshot(m)
	}
	return nil
}

// validate checks the well-formedness rules shared by both cores. synod selects the
// single-decree rules (slot 0, at most one entry).
func (c *resolved) validate(m Message, synod bool) error {
	where := func(format string, args ...any) error {
		return fmt.Errorf("paxos: node %d: bad %v message from %d: %s", c.ID, m.Type, m.From, fmt.Sprintf(format, args...))
	}
	if m.Type < MsgPrepare || m.Type > MsgSnapshot {
		return fmt.Errorf("paxos: node %d: unknown message type %d from %d", c.ID, uint8(m.Type), m.From)
	}
	if m.To != c.ID {
		return where("addressed to %d, not to this node", m.To)
	}
	if m.From == c.ID {
		return where("sender is this node itself")
	}
	if !c.isPeer(m.From) {
		return where("sender %d is not a peer %v", m.From, c.Peers)
	}
	if m.Slot > maxSlot || m.Commit > maxSlot {
		return where("slot %d or commit %d beyond the largest slot %d", m.Slot, m.Commit, uint64(maxSlot))
	}
	switch m.Type {
	case MsgDecide, MsgCatchUp, MsgSnapshot:
		// They carry no ballot; one here would raise the highest ballot seen for nothing.
		if m.Ballot != 0 {
			return where("ballot %v on a message that carries none", m.Ballot)
		}
	case MsgPrepare, MsgPromise, MsgAccept, MsgAccepted, MsgReject:
		if m.Ballot == 0 {
			return where("zero ballot")
		}
		if !c.isPeer(m.Ballot.Node()) {
			return where("ballot %v owned by %d, not a peer", m.Ballot, m.Ballot.Node())
		}
	}
	switch m.Type {
	case MsgPrepare, MsgAccept:
		if m.Ballot.Node() != m.From {
			return where("ballot %v is not the sender's", m.Ballot)
		}
	case MsgPromise, MsgAccepted:
		// Synod acceptors send their 2b votes to every learner, not just the proposer.
		if m.Ballot.Node() != m.To && !(synod && m.Type == MsgAccepted) {
			return where("ballot %v is not the recipient's", m.Ballot)
		}
	case MsgCatchUp:
		if synod {
			return where("catch-up is a Multi-Paxos message")
		}
		if m.Slot == 0 || m.Slot > m.Commit || m.Commit > maxSlot {
			return where("empty slot range %d..%d", m.Slot, m.Commit)
		}
	case MsgSnapshot:
		if synod {
			return where("a snapshot is a Multi-Paxos message")
		}
		if m.Snapshot == nil || m.Snapshot.Index == 0 || m.Snapshot.Index > m.Commit {
			return where("no snapshot, or one outside slots 1..%d (the sender's decided prefix)", m.Commit)
		}
	}
	if m.Type != MsgSnapshot && m.Snapshot != nil {
		return where("carries a snapshot")
	}
	if m.Last != 0 {
		switch {
		case synod || m.Type != MsgAccepted:
			return where("a range of slots on a message that carries none")
		case m.Slot == 0 || m.Slot > m.Last || m.Last > maxSlot:
			return where("range %d..%d is not within 1..%d", m.Slot, m.Last, uint64(maxSlot))
		case m.Last-m.Slot >= maxEntriesPerMessage:
			return where("range %d..%d of more than %d slots", m.Slot, m.Last, maxEntriesPerMessage)
		case len(m.Entries) != 0:
			return where("a range of slots and %d entries", len(m.Entries))
		}
	}
	if synod {
		if m.Slot != 0 {
			return where("slot %d in a single-decree message", m.Slot)
		}
		if len(m.Entries) > 1 {
			return where("%d entries in a single-decree message", len(m.Entries))
		}
		if (m.Type == MsgAccept || m.Type == MsgAccepted) && len(m.Entries) != 1 {
			return where("carries no value")
		}
	}
	if len(m.Entries) > maxEntriesPerMessage {
		return where("%d entries, more than %d", len(m.Entries), maxEntriesPerMessage)
	}
	switch m.Type {
	case MsgPrepare, MsgReject, MsgCatchUp, MsgSnapshot:
		if len(m.Entries) != 0 {
			return where("carries %d entries, expected none", len(m.Entries))
		}
	case MsgDecide:
		if len(m.Entries) == 0 {
			return where("carries no entries")
		}
	}
	for i, e := range m.Entries {
		if synod && e.Slot != 0 {
			return where("entry %d has slot %d in a single-decree message", i, e.Slot)
		}
		if !synod && e.Slot == 0 {
			return where("entry %d has slot 0", i)
		}
		if e.Slot > maxSlot {
			return where("entry %d has slot %d, beyond the largest slot %d", i, e.Slot, uint64(maxSlot))
		}
		if i > 0 && e.Slot <= m.Entries[i-1].Slot {
			// Cores list entries in slot order; this also rules out two values for a slot.
			return where("entry %d has slot %d, not after slot %d", i, e.Slot, m.Entries[i-1].Slot)
		}
		if e.Noop && len(e.Data) > 0 {
			return where("entry %d for slot %d is a no-op with data", i, e.Slot)
		}
		switch m.Type {
		case MsgPromise:
			if e.Ballot == 0 || e.Ballot > m.Ballot {
				return where("entry %d for slot %d has ballot %v outside 1..%v", i, e.Slot, e.Ballot, m.Ballot)
			}
		case MsgAccepted:
			if e.Ballot != m.Ballot {
				return where("entry %d for slot %d has ballot %v, message ballot %v", i, e.Slot, e.Ballot, m.Ballot)
			}
		}
	}
	return nil
}
