package paxos

// decide records that e's value was chosen for its slot and extends the decided prefix.
// action is the TLA+ action that learned it: Learn (votes or commit notice) or CatchUp
// (a decision message).
//
// Implements PAXOS-7, MPAXOS-7.
func (n *Node) decide(e Entry, action TraceAction) {
	if _, ok := n.decided[e.Slot]; ok || e.Slot <= n.commit {
		return
	}
	if n.role == Leader {
		if mine, ok := n.accepted[e.Slot]; ok && mine.Ballot == n.ballot && !mine.sameValue(e) {
			// A higher ballot chose another value for a slot we proposed: our ballot is
			// dead, and commit notices in it would now be wrong.
			n.stepDown(e.Ballot)
		}
		delete(n.proposals, e.Slot)
	}
	e = cloneEntry(e)
	n.decided[e.Slot] = e
	n.advanceCommit()
	n.trace(TraceEvent{Action: action, Ballot: e.Ballot, Slot: e.Slot, Noop: e.Noop, Data: e.Data})
}

// advanceCommit extends the decided prefix over slots learned out of order (part of the Learn
// or CatchUp step that filled the gap).
func (n *Node) advanceCommit() {
	for {
		if _, ok := n.decided[n.commit+1]; !ok {
			return
		}
		n.commit++
	}
}

// learnCommit applies a commit notice: the leader of ballot b says slots up to commit are
// decided. A vote cast in ballot b for such a slot is for the decided value, because a
// leader proposes one value per slot per ballot. Slots this node cannot fill that way are
// fetched from the sender. TLA+: Learn, once per slot.
//
// Implements MPAXOS-6, MPAXOS-9.
func (n *Node) learnCommit(from NodeID, b Ballot, commit uint64) {
	for n.commit < commit {
		s := n.commit + 1
		e, ok := n.accepted[s]
		if !ok || e.Ballot != b {
			n.requestCatchUp(from, commit)
			return
		}
		n.decide(e, TraceLearn)
	}
}

// requestCatchUp asks peer for the decided values after our decided prefix, at most once
// per heartbeat interval. TLA+: none (the request only lets later CatchUp steps happen).
//
// Implements MPAXOS-9.
func (n *Node) requestCatchUp(peer NodeID, upTo uint64) {
	if n.catchUpWait > 0 || peer == n.cfg.ID {
		return
	}
	n.catchUpWait = n.cfg.HeartbeatTicks
	n.send(Message{Type: MsgCatchUp, To: peer, Slot: n.commit + 1, Commit: upTo})
}

// handleCatchUp answers with the decided values this node knows in the requested range.
// TLA+: none at the sender; the requester takes one CatchUp step per value.
//
// Implements MPAXOS-9.
func (n *Node) handleCatchUp(m Message) {
	var entries []Entry
	end := min(m.Commit, m.Slot+uint64(n.cfg.MaxCatchUp)-1)
	for s := m.Slot; s <= end && s >= m.Slot; s++ {
		e, ok := n.decided[s]
		if !ok {
			break
		}
		entries = append(entries, cloneEntry(e))
	}
	if len(entries) > 0 {
		n.send(Message{Type: MsgDecide, To: m.From, Commit: n.commit, Entries: entries})
	}
}

// handleDecide learns chosen values from a decision message. TLA+: CatchUp.
//
// Implements PAXOS-8, MPAXOS-9.
func (n *Node) handleDecide(m Message) {
	before := n.commit
	for _, e := range m.Entries {
		n.decide(e, TraceCatchUp)
	}
	if n.commit > before && m.Commit > n.commit {
		// More to fetch, and the last answer made progress: ask for the next page now.
		n.catchUpWait = 0
		n.requestCatchUp(m.From, m.Commit)
	}
}
