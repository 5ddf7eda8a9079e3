package paxos

// voteRun records the acceptor's votes for run, entries of consecutive slots all tagged with
// one ballot, which raises the promise to that ballot (PAXOS-4); the caller schedules the
// votes for persistence (persistVotes), setPromised the promise. TLA+: Phase2b(a, b, lo, hi),
// one step for the run (MPAXOS-14).
func (n *Node) voteRun(run []Entry) {
	b := run[0].Ballot
	if b > n.promised {
		n.setPromised(b)
	}
	n.accepted.setRun(run, n.denseSpan())
	n.recordVotedRun(run)
	if n.tr.tracer != nil {
		n.trace(TraceEvent{Action: TracePhase2b, Ballot: b, Slot: run[0].Slot, Last: run[len(run)-1].Slot, Entries: run})
	}
}

// votedRun is a run of an acceptor's votes in one ballot, of consecutive slots, as the slice it
// voted for: the entries of an Accept (or of the batch a leader proposed), which never change.
// A replica that learns these slots from its votes of that ballot keeps the slice in its decided
// log instead of copying the votes (the value a ballot proposes in a slot is one: any vote of
// that ballot in the slot is for it).
type votedRun struct {
	ballot  Ballot
	entries []Entry
}

// maxVotedRuns bounds the runs an acceptor remembers; older ones are forgotten (their slots
// are then learned by copying the votes).
const maxVotedRuns = 64

// recordVotedRun remembers run, a slice that never changes, as voted for, unless it is too
// short for a decided log to keep it rather than copy it.
func (n *Node) recordVotedRun(run []Entry) {
	if len(run) < copyBelow {
		return
	}
	if len(n.voted) == maxVotedRuns {
		n.voted = append(n.voted[:0], n.voted[maxVotedRuns/2:]...)
		clear(n.voted[maxVotedRuns/2 : maxVotedRuns])
	}
	n.voted = append(n.voted, votedRun{run[0].Ballot, run})
}

// votedSlice returns up to k entries from slot s of a remembered run of votes in ballot b, or
// nil if no run holds slot s.
func (n *Node) votedSlice(s uint64, k int, b Ballot) []Entry {
	for i := len(n.voted) - 1; i >= 0; i-- {
		r := n.voted[i].entries
		if n.voted[i].ballot == b && r[0].Slot <= s && s <= r[len(r)-1].Slot {
			j := int(s - r[0].Slot)
			return r[j:min(len(r), j+k)]
		}
	}
	return nil
}

// dropVotedRuns forgets the remembered runs that end at or before slot upTo.
func (n *Node) dropVotedRuns(upTo uint64) {
	k := 0
	for _, r := range n.voted {
		if r.entries[len(r.entries)-1].Slot > upTo {
			n.voted[k] = r
			k++
		}
	}
	clear(n.voted[k:])
	n.voted = n.voted[:k]
}

// voteRuns votes for entries, in increasing slot order and tagged with one ballot, one run
// of consecutive slots at a time.
func (n *Node) voteRuns(entries []Entry) {
	for len(entries) > 0 {
		k := runLen(entries)
		n.voteRun(entries[:k])
		entries = entries[k:]
	}
}

// runLen returns how many entries from the first are of consecutive slots.
func runLen(entries []Entry) int {
	k := 1
	for k < len(entries) && entries[k].Slot == entries[0].Slot+uint64(k) {
		k++
	}
	return k
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
		n.voteAccept(m)
	}
	n.learnCommit(m.From, m.Ballot, m.Commit)
}

// voteAccept votes for the entries of the Accept m, in m's ballot, and answers it. In the
// common case its entries are one run of consecutive slots the acceptor has not compacted,
// each tagged with m's ballot as the leader sent it: they are the votes, and one Accepted
// names their range. Otherwise the votes are copies tagged with the ballot, slots compacted
// are skipped (decided long ago, their vote gone for good), and the Accepted names the range
// if the votes form one run, else lists their slots.
//
// Implements PAXOS-4, MPAXOS-3, MPAXOS-14.
func (n *Node) voteAccept(m Message) {
	es := m.Entries
	lo, hi := es[0].Slot, es[len(es)-1].Slot
	asSent := lo > n.compacted && hi-lo == uint64(len(es)-1)
	for i := 0; asSent && i < len(es); i++ {
		asSent = es[i].Ballot == m.Ballot
	}
	if asSent {
		n.voteRun(es)
		n.persistVotes(es)
		n.send(Message{Type: MsgAccepted, To: m.From, Ballot: m.Ballot, Slot: lo, Last: hi})
		return
	}
	votes := n.entries.take(len(es))
	for _, e := range es {
		if e.Slot > n.compacted {
			e.Ballot = m.Ballot
			votes = append(votes, e)
		}
	}
	reply := Message{Type: MsgAccepted, To: m.From, Ballot: m.Ballot}
	if len(votes) < len(es) {
		// The leader asks for slots this acceptor knows are decided: tell it how far,
		// so it fetches them instead of waiting for votes that will not come.
		reply.Commit = n.commit
	}
	if len(votes) > 0 {
		n.voteRuns(votes)
		n.persistVotes(votes)
		if runLen(votes) == len(votes) {
			reply.Slot, reply.Last = votes[0].Slot, votes[len(votes)-1].Slot
		} else {
			reply.Entries = n.entries.take(len(votes))
			for _, e := range votes {
				reply.Entries = append(reply.Entries, Entry{Slot: e.Slot, Ballot: m.Ballot})
			}
		}
	}
	n.send(reply)
}
