package paxos

import (
	"maps"
	"slices"
)

// campaign starts phase 1 for a fresh ballot above every ballot seen so far. TLA+: Phase1a,
// and Phase1b of the proposer's own acceptor. It fails, changing nothing, when this node is too
// far behind to lead (ErrBehind) or no ballot above the highest seen exists
// (*BallotExhaustedError).
//
// Implements PAXOS-1, PAXOS-2, MPAXOS-2.
func (n *Node) campaign() error {
	if n.farBehind() {
		// Recovering every slot up to our newest vote would take too long: learn the
		// decided prefix first (from whoever we last followed), then try again.
		n.resetElectionTimer()
		if n.leader != 0 {
			n.requestCatchUp(n.leader, min(n.commit+maxRecoverySpan, maxSlot))
		}
		return ErrBehind
	}
	n.observe(n.promised)
	ballot, err := nextBallot(n.highestSeen, n.cfg.ID)
	if err != nil {
		n.resetElectionTimer()
		return err
	}
	n.stepDownQuietly()
	n.ballot = ballot
	n.observe(n.ballot)
	n.role = Candidate
	n.leader = 0
	n.resetElectionTimer()
	n.trace(TraceEvent{Action: TracePhase1a, Ballot: n.ballot, Slot: n.commit + 1})
	// The proposer's own acceptor promises first, exactly as a remote one would.
	n.setPromised(n.ballot)
	n.trace(TraceEvent{Action: TracePhase1b, Peer: n.cfg.ID, Ballot: n.ballot})
	n.promises = map[NodeID]bool{n.cfg.ID: true}
	n.recovered = map[uint64]Entry{}
	n.mergeRecovered(n.acceptedFrom(n.commit + 1))
	n.broadcast(Message{Type: MsgPrepare, Ballot: n.ballot, Slot: n.commit + 1})
	if len(n.promises) >= n.cfg.quorums.Phase1 {
		n.becomeLeader()
	}
	return nil
}

// farBehind reports whether this node voted in a slot more than maxRecoverySpan past its
// decided prefix, too far for it to lead.
func (n *Node) farBehind() bool {
	for s := range n.accepted {
		if s > n.commit+maxRecoverySpan {
			return true
		}
	}
	return false
}

// stepDownQuietly drops proposer state without the backoff and trace of a preemption.
func (n *Node) stepDownQuietly() {
	n.role = Follower
	n.promises = nil
	n.recovered = nil
	n.proposals = map[uint64]*proposal{}
	n.pending = nil
}

// acceptedFrom returns the acceptor's votes for slots >= from, in slot order.
func (n *Node) acceptedFrom(from uint64) []Entry {
	var out []Entry
	for _, s := range slices.Sorted(maps.Keys(n.accepted)) {
		if s >= from {
			out = append(out, cloneEntry(n.accepted[s]))
		}
	}
	return out
}

// mergeRecovered keeps, per slot, the value accepted in the highest ballot.
//
// Implements PAXOS-3, MPAXOS-4.
func (n *Node) mergeRecovered(entries []Entry) {
	for _, e := range entries {
		if cur, ok := n.recovered[e.Slot]; !ok || e.Ballot > cur.Ballot {
			n.recovered[e.Slot] = cloneEntry(e)
		}
	}
}

// handlePromise counts a phase-1b reply for the current ballot; with a phase-1 quorum the
// node becomes leader. TLA+: BecomeLeader (the reply itself was the sender's Phase1b).
func (n *Node) handlePromise(m Message) {
	if n.role != Candidate || m.Ballot != n.ballot {
		return // stale reply for a ballot we gave up
	}
	if m.Commit > n.commit {
		n.requestCatchUp(m.From, m.Commit)
	}
	if n.promises[m.From] {
		return
	}
	n.promises[m.From] = true
	n.mergeRecovered(m.Entries)
	if len(n.promises) >= n.cfg.quorums.Phase1 {
		n.becomeLeader()
	}
}

// becomeLeader finishes phase 1: every open slot up to the highest one reported gets the
// highest-ballot value reported for it, or a no-op if none was, and is proposed again in
// the new ballot. TLA+: BecomeLeader (MultiPaxos.tla), which proposes the recovered slots in
// one step; the leader's own acceptor then votes (Phase2b).
//
// Implements PAXOS-3, MPAXOS-2, MPAXOS-4, MPAXOS-5.
func (n *Node) becomeLeader() {
	n.role = Leader
	n.leader = n.cfg.ID
	n.backoff = 1
	n.heartbeatElapsed = 0
	n.proposals = map[uint64]*proposal{}
	maxSlot := n.commit
	for s := range n.recovered {
		maxSlot = max(maxSlot, s)
	}
	var batch []Entry
	for s := n.commit + 1; s <= maxSlot; s++ {
		if _, ok := n.decided[s]; ok {
			continue // already chosen; lagging replicas catch up from the decided log
		}
		e, reported := n.recovered[s]
		switch {
		case n.cfg.Mutation == MutationIgnorePromisedValues:
			e = Entry{Slot: s, Noop: true}
			if len(n.pending) > 0 {
				e = Entry{Slot: s, Data: n.pending[0]}
				n.pending = n.pending[1:]
			}
		case reported:
		case n.cfg.Mutation == MutationNoGapFill:
			continue // the planted bug: leave the hole
		default:
			e = Entry{Slot: s, Noop: true}
		}
		batch = append(batch, Entry{Slot: s, Noop: e.Noop, Data: e.Data})
	}
	n.recovered = nil
	n.promises = nil
	n.nextSlot = maxSlot + 1
	n.trace(TraceEvent{Action: TraceBecomeLeader, Ballot: n.ballot, Entries: batch})
	n.proposeEntries(batch, false)
	if len(batch) == 0 {
		// Announce the new ballot at once so followers stop their election timers.
		n.broadcast(Message{Type: MsgAccept, Ballot: n.ballot, Commit: n.commit})
	}
	n.flush()
}

// flush assigns slots to queued commands while the window allows and proposes them.
// TLA+: Phase2a(b, v) of MultiPaxos.tla, once per command.
//
// Implements MPAXOS-3, MPAXOS-6.
func (n *Node) flush() {
	if n.role != Leader {
		return
	}
	for len(n.pending) > 0 && n.nextSlot <= n.commit+uint64(n.cfg.Window) {
		var batch []Entry
		for len(n.pending) > 0 && len(batch) < n.cfg.MaxBatch && n.nextSlot <= n.commit+uint64(n.cfg.Window) {
			batch = append(batch, Entry{Slot: n.nextSlot, Data: n.pending[0]})
			n.pending = n.pending[1:]
			n.nextSlot++
		}
		n.proposeEntries(batch, true)
	}
	if len(n.pending) == 0 {
		n.pending = nil
	}
}

// proposeEntries runs phase 2a for entries in the current ballot, in messages of at most
// MaxBatch entries. The leader's own acceptor votes first. Fresh commands are traced as one
// Phase2a each; recovered slots were traced as part of BecomeLeader, which proposes them in
// the TLA+ spec.
//
// Implements PAXOS-4, MPAXOS-3.
func (n *Node) proposeEntries(entries []Entry, fresh bool) {
	for start := 0; start < len(entries); start += n.cfg.MaxBatch {
		chunk := entries[start:min(start+n.cfg.MaxBatch, len(entries))]
		for i := range chunk {
			chunk[i].Ballot = n.ballot
			e := chunk[i]
			if fresh {
				n.trace(TraceEvent{Action: TracePhase2a, Ballot: n.ballot, Slot: e.Slot, Noop: e.Noop, Data: e.Data})
			}
			n.proposals[e.Slot] = &proposal{entry: e, votes: map[NodeID]bool{}, sentAt: n.now}
			n.vote(e)
		}
		n.heartbeatElapsed = 0
		n.broadcast(Message{Type: MsgAccept, Ballot: n.ballot, Commit: n.commit, Entries: chunk})
		for _, e := range chunk {
			n.countVote(n.cfg.ID, e.Slot)
		}
	}
}

// handleAccepted counts phase-2b votes for the current ballot and decides a slot once a
// phase-2 quorum voted for it. TLA+: Learn at the leader.
//
// Implements PAXOS-7, MPAXOS-3.
func (n *Node) handleAccepted(m Message) {
	if n.role != Leader || m.Ballot != n.ballot {
		return
	}
	for _, e := range m.Entries {
		n.countVote(m.From, e.Slot)
	}
	n.flush()
}

// countVote counts a phase-2b vote in the current ballot. TLA+: Learn at the leader once a
// phase-2 quorum voted.
func (n *Node) countVote(from NodeID, slot uint64) {
	p := n.proposals[slot]
	if p == nil {
		return
	}
	p.votes[from] = true
	if len(p.votes) >= n.cfg.quorums.Phase2 {
		delete(n.proposals, slot)
		n.decide(p.entry, TraceLearn)
	}
}

// resendStale repeats phase 2a for proposals that went unanswered for an election
// timeout, to the acceptors that have not voted, so lost messages do not stall a slot.
// TLA+: none (the 2a messages are already in msgs; a resend is a duplicate).
func (n *Node) resendStale() {
	stale := map[NodeID][]Entry{}
	for _, s := range slices.Sorted(maps.Keys(n.proposals)) {
		p := n.proposals[s]
		if n.now-p.sentAt < n.cfg.ElectionTicks {
			continue
		}
		p.sentAt = n.now
		for _, peer := range n.cfg.Peers {
			if !p.votes[peer] {
				stale[peer] = append(stale[peer], p.entry)
			}
		}
	}
	for _, peer := range slices.Sorted(maps.Keys(stale)) {
		entries := stale[peer]
		for start := 0; start < len(entries); start += n.cfg.MaxBatch {
			chunk := slices.Clone(entries[start:min(start+n.cfg.MaxBatch, len(entries))])
			n.send(Message{Type: MsgAccept, To: peer, Ballot: n.ballot, Commit: n.commit, Entries: chunk})
		}
	}
}

// handleReject notes a higher ballot; a candidate or leader below it gives up.
// TLA+: Preempted.
func (n *Node) handleReject(m Message) {
	if n.role != Follower && m.Ballot > n.ballot {
		n.stepDown(m.Ballot)
	}
}
