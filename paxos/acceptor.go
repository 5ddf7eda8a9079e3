package paxos

// vote records the acceptor's vote for e (already tagged with its ballot), which raises the
// promise to e's ballot (PAXOS-4); the caller schedules the vote for persistence (persistVotes),
// setPromised the promise. TLA+: Phase2b.
func (n *Node) vote(e Entry) {
	if e.Ballot > n.promised {
		n.setPromised(e.Ballot)
	}
	n.accepted.set(e, n.denseSpan())
	if n.tr.tracer != nil {
		n.trace(TraceEvent{Action: TracePhase2b, Ballot: e.Ballot, Slot: e.Slot, Noop: e.Noop, Data: e.Data})
	}
}

// persistVotes schedules votes just cast for persistence in the next Ready. votes are
// immutable (a message's entries): when they are the only votes of the Ready, it hands them
// out as they are, else they are copied into the node's buffer.
func (n *Node) persistVotes(votes []Entry) {
	if len(n.rd.Accepted) == 0 {
		n.rd.Accepted, n.votesShared = votes[:len(votes):len(votes)], true
		return
	}
	n.ownVotes()
	n.rd.Accepted = append(n.rd.Accepted, votes...)
}

// persistVote schedules one vote just cast for persistence in the next Ready.
func (n *Node) persistVote(e Entry) {
	n.ownVotes()
	n.rd.Accepted = append(n.rd.Accepted, e)
}

// ownVotes makes rd.Accepted the node's buffer, holding the votes scheduled so far.
func (n *Node) ownVotes() {
	if n.votesShared || len(n.rd.Accepted) == 0 {
		n.rd.Accepted, n.votesShared = append(n.votesBuf[:0], n.rd.Accepted...), false
	}
}

// handlePrepare is the acceptor's phase 1b: promise the ballot if it is above the promise,
// and report every vote at or after the requested slot; a Prepare of the promised ballot
// itself is a duplicate and is not answered again. TLA+: Phase1b, or Reject
// below the promise; Preempted when it outbids this node's own ballot (MultiPaxos.tla).
//
// Implements PAXOS-2, PAXOS-3, MPAXOS-2.
func (n *Node) handlePrepare(m Message) {
	if m.Ballot < n.promised {
		n.trace(TraceEvent{Action: TraceReject, Peer: m.From, Ballot: m.Ballot})
		n.send(Message{Type: MsgReject, To: m.From, Ballot: n.promised})
		return
	}
	if m.Ballot == n.promised {
		return // a duplicate, or the Prepare of the ballot whose Accept came first
	}
	n.setPromised(m.Ballot)
	if n.role != Follower && m.Ballot > n.ballot {
		n.stepDown(m.Ballot)
	}
	if n.role == Follower {
		// Give the candidate a full timeout to finish before competing with it.
		n.leader = 0
		n.resetElectionTimer()
	}
	n.trace(TraceEvent{Action: TracePhase1b, Peer: m.From, Ballot: m.Ballot})
	n.send(Message{Type: MsgPromise, To: m.From, Ballot: m.Ballot, Slot: n.compacted, Commit: n.commit, Entries: n.accepted.from(m.Slot)})
}

// handleAccept is the acceptor's phase 2b: vote for the entries unless a higher ballot was
// promised; then learn what the piggybacked commit notice says is decided. Only a vote raises
// the promise: a commit notice (an Accept without entries, or only with slots this acceptor
// compacted) leaves it alone, as no action of the TLA+ spec raises a promise without a 1b or 2b.
// TLA+: Phase2b, then Learn; Reject below the promise.
//
// Implements PAXOS-4, MPAXOS-3, MPAXOS-6.
func (n *Node) handleAccept(m Message) {
	if n.cfg.refusesAccept(m.Ballot, n.promised) {
		n.trace(TraceEvent{Action: TraceReject, Peer: m.From, Ballot: m.Ballot})
		n.send(Message{Type: MsgReject, To: m.From, Ballot: n.promised})
		return
	}
	if n.role != Follower && m.Ballot > n.ballot {
		n.stepDown(m.Ballot)
	}
	if n.role == Follower && m.Ballot >= n.promised {
		n.leader = m.Ballot.Node()
		n.backoff = 1
		n.resetElectionTimer()
	}
	if len(m.Entries) > 0 {
		// The votes to persist are the message's entries themselves when every one is
		// voted as it came (the common case), else copies tagged with the ballot.
		asSent := true
		for _, e := range m.Entries {
			asSent = asSent && e.Slot > n.compacted && e.Ballot == m.Ballot
		}
		votes := n.entries.take(len(m.Entries))
		skipped := false
		for _, e := range m.Entries {
			if e.Slot <= n.compacted {
				skipped = true // compacted: decided long ago, and the vote is gone for good
				continue
			}
			e.Ballot = m.Ballot
			n.vote(e)
			if !asSent {
				n.persistVote(e)
			}
			votes = append(votes, Entry{Slot: e.Slot, Ballot: m.Ballot})
		}
		if asSent {
			n.persistVotes(m.Entries)
		}
		reply := Message{Type: MsgAccepted, To: m.From, Ballot: m.Ballot, Entries: votes}
		if skipped {
			// The leader asks for slots this acceptor knows are decided: tell it how far,
			// so it fetches them instead of waiting for votes that will not come.
			reply.Commit = n.commit
		}
		if len(votes) > 0 || skipped {
			n.send(reply)
		}
	}
	n.learnCommit(m.From, m.Ballot, m.Commit)
}
