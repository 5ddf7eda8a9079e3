package paxos

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
	n.broadcast(Message{Type: MsgPrepare, Ballot: n.ballot, Slot: n.commit + 1})
	// The proposer's own acceptor promises too, exactly as a remote one would (its promise
	// is persisted before the Prepares leave: Ready's order).
	n.setPromised(n.ballot)
	n.trace(TraceEvent{Action: TracePhase1b, Peer: n.cfg.ID, Ballot: n.ballot})
	n.promises = map[NodeID]bool{n.cfg.ID: true}
	n.recovered = map[uint64]Entry{}
	n.floor, n.catchUpTries = n.compacted, 0
	n.mergeRecovered(n.accepted.from(n.commit + 1))
	if len(n.promises) >= n.cfg.quorums.Phase1 {
		n.becomeLeader()
	}
	return nil
}

// farBehind reports whether this node voted in a slot more than maxRecoverySpan past its
// decided prefix, too far for it to lead.
func (n *Node) farBehind() bool {
	return n.accepted.last() > n.commit+maxRecoverySpan
}

// stepDownQuietly drops proposer state without the backoff and trace of a preemption.
func (n *Node) stepDownQuietly() {
	n.role = Follower
	n.promises = nil
	n.recovered = nil
	n.proposals.reset()
	n.pending = nil
}

// mergeRecovered keeps, per slot, the value accepted in the highest ballot.
//
// Implements PAXOS-3, MPAXOS-4.
func (n *Node) mergeRecovered(entries []Entry) {
	for _, e := range entries {
		if cur, ok := n.recovered[e.Slot]; !ok || e.Ballot > cur.Ballot {
			n.recovered[e.Slot] = e
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
	if m.Slot > n.floor {
		n.floor, n.floorFrom = m.Slot, m.From
	}
	n.mergeRecovered(m.Entries)
	if len(n.promises) >= n.cfg.quorums.Phase1 {
		n.becomeLeader()
	}
}

// becomeLeader finishes phase 1: every open slot up to the highest one reported gets the
// highest-ballot value reported for it, or a no-op if none was, and is proposed again in
// the new ballot. Slots up to the highest compaction point a promise reported (its Slot) are
// decided, and that acceptor dropped its votes for them: the leader proposes nothing there
// and fetches their values instead. TLA+: BecomeLeader (MultiPaxos.tla), which
// proposes the recovered slots in one step; the leader's own acceptor then votes (Phase2b).
//
// Implements PAXOS-3, MPAXOS-2, MPAXOS-4, MPAXOS-5, MPAXOS-12.
func (n *Node) becomeLeader() {
	n.role = Leader
	n.leader = n.cfg.ID
	n.backoff = 1
	n.heartbeatElapsed = 0
	n.proposals.reset()
	maxSlot := n.commit
	for s := range n.recovered {
		maxSlot = max(maxSlot, s)
	}
	var batch []Entry
	for s := max(n.commit, n.floor) + 1; s <= maxSlot; s++ {
		if _, ok := n.ahead[s]; ok {
			continue // already chosen; lagging replicas catch up from the decided log
		}
		if e, ok := n.recoveredEntry(s); ok {
			batch = append(batch, e)
		}
	}
	n.recovered = nil
	n.promises = nil
	n.nextSlot = max(maxSlot, n.floor) + 1
	n.trace(TraceEvent{Action: TraceBecomeLeader, Ballot: n.ballot, Entries: batch})
	n.proposeEntries(batch, false)
	if len(batch) == 0 {
		// Announce the new ballot at once so followers stop their election timers.
		n.broadcastCommit()
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
		k := min(len(n.pending), n.cfg.MaxBatch, int(n.commit+uint64(n.cfg.Window)-n.nextSlot+1))
		batch := n.entries.take(k)
		for i, data := range n.pending[:k] {
			batch = append(batch, Entry{Slot: n.nextSlot, Data: data})
			n.pending[i] = nil
			n.nextSlot++
		}
		n.pending = n.pending[k:]
		n.proposeEntries(batch, true)
	}
	n.notifyCommit() // a phase-2 quorum of one decides as it proposes
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
				if n.tr.tracer != nil {
					n.trace(TraceEvent{Action: TracePhase2a, Ballot: n.ballot, Slot: e.Slot, Noop: e.Noop, Data: e.Data})
				}
			}
			n.proposals.put(e, n.now, n.cfg.self) // with the vote cast below
		}
		n.heartbeatElapsed = 0
		n.sentCommit = n.commit
		n.broadcast(Message{Type: MsgAccept, Ballot: n.ballot, Commit: n.commit, Entries: chunk})
		// The leader's own acceptor votes (persisted before the Accepts leave).
		n.voteRuns(chunk)
		n.persistVotes(chunk)
		if n.cfg.quorums.Phase2 == 1 {
			// The leader's own vote is a phase-2 quorum: it decides as it proposes.
			n.countRangeVote(n.cfg.self, chunk[0].Slot, chunk[len(chunk)-1].Slot)
		}
		n.learnedRun()
	}
}

// broadcastCommit sends every follower an Accept without entries: a heartbeat that carries
// the decided prefix (a commit notice).
//
// Implements MPAXOS-3, MPAXOS-6.
func (n *Node) broadcastCommit() {
	n.heartbeatElapsed = 0
	n.sentCommit = n.commit
	n.broadcast(Message{Type: MsgAccept, Ballot: n.ballot, Commit: n.commit})
}

// notifyCommit sends a commit notice at once when the leader decided slots that no Accept
// has announced yet, so that followers apply them now rather than at the next heartbeat.
//
// Implements MPAXOS-3.
func (n *Node) notifyCommit() {
	if n.role == Leader && n.commit > n.sentCommit {
		n.broadcastCommit()
	}
}

// handleAccepted counts phase-2b votes for the current ballot, one per slot of the range
// Slot..Last or of the slots listed, and decides a slot once a phase-2 quorum voted for it,
// then announces what it decided (with new proposals if any are waiting, else in a commit
// notice). TLA+: Learn at the leader, once per run of consecutive slots decided.
//
// Implements PAXOS-7, MPAXOS-3, MPAXOS-14.
func (n *Node) handleAccepted(m Message) {
	if n.role != Leader || m.Ballot != n.ballot {
		return
	}
	from, ok := n.cfg.peerIndex(m.From)
	if !ok {
		return
	}
	if m.Commit > n.commit {
		n.requestCatchUp(m.From, m.Commit)
	}
	if m.Last != 0 {
		n.countRangeVote(from, m.Slot, m.Last)
	}
	for _, e := range m.Entries {
		n.countVote(from, e.Slot)
	}
	n.learnedRun()
	n.flush()
	n.notifyCommit()
}

// countVote counts a phase-2b vote in the current ballot by the peer at index from.
// TLA+: Learn at the leader once a phase-2 quorum voted.
func (n *Node) countVote(from int, slot uint64) {
	p, ok := n.proposals.get(slot)
	if !ok {
		return
	}
	p.votes.add(from)
	if p.votes.count() < n.cfg.quorums.Phase2 {
		return
	}
	e := p.entry
	n.proposals.drop(slot)
	if slot == n.commit+1 && len(n.ahead) == 0 {
		// The common case, the next slot: what decide does, less the checks a value that
		// is not this leader's own proposal needs.
		if n.tr.tracer != nil {
			n.breakRun(slot)
			n.tr.run = append(n.tr.run, e)
		}
		n.log.push(e)
		n.commit++
		return
	}
	n.decide(e, TraceLearn)
}

// countRangeVote counts a phase-2b vote in the current ballot by the peer at index from for
// every open proposal in slots lo..hi. The slots after the decided prefix that it completes a
// phase-2 quorum for are decided as one run, copied from the leader's own votes (its
// proposals, MPAXOS-14); any other slot it decides is decided on its own. TLA+: Learn at the
// leader, once per run of consecutive slots decided.
func (n *Node) countRangeVote(from int, lo, hi uint64) {
	// Only slots with an open proposal count: those lie within the queue.
	lo = max(lo, n.proposals.base+1)
	hi = min(hi, n.proposals.base+uint64(len(n.proposals.q)))
	run := n.commit // slots commit+1..run have a quorum and are not decided yet
	for s := lo; s <= hi && n.role == Leader; s++ {
		p, ok := n.proposals.get(s)
		if !ok {
			continue
		}
		p.votes.add(from)
		if p.votes.count() < n.cfg.quorums.Phase2 {
			continue
		}
		if s == run+1 && len(n.ahead) == 0 {
			run = s
			continue
		}
		n.learnOwnVotes(run)
		e := p.entry
		n.proposals.drop(s)
		n.decide(e, TraceLearn)
		run = n.commit
	}
	n.learnOwnVotes(run)
}

// learnOwnVotes decides slots commit+1..upTo, the open proposals of this leader's ballot that
// a phase-2 quorum voted for, copying the leader's own votes (its proposals) into the decided
// log at once.
func (n *Node) learnOwnVotes(upTo uint64) {
	for n.commit < upTo {
		s := n.commit + 1
		if k := n.learnVotes(upTo, n.ballot); k > 0 {
			for i := range uint64(k) {
				n.proposals.drop(s + i)
			}
			continue
		}
		// A vote outside the votes' slice: the proposal itself, on its own.
		p, ok := n.proposals.get(s)
		if !ok {
			return
		}
		e := p.entry
		n.proposals.drop(s)
		n.decide(e, TraceLearn)
	}
}

// resendStale repeats phase 2a for proposals that went unanswered for an election
// timeout, to the acceptors that have not voted, so lost messages do not stall a slot.
// TLA+: none (the 2a messages are already in msgs; a resend is a duplicate).
func (n *Node) resendStale() {
	var stale map[int][]Entry
	for _, s := range n.proposals.open() {
		p, _ := n.proposals.get(s)
		if n.now-p.sentAt < n.cfg.ElectionTicks {
			continue
		}
		p.sentAt = n.now
		for i := range n.cfg.Peers {
			if !p.votes.has(i) {
				if stale == nil {
					stale = map[int][]Entry{}
				}
				stale[i] = append(stale[i], p.entry)
			}
		}
	}
	for i := range n.cfg.Peers {
		entries := stale[i]
		for start := 0; start < len(entries); start += n.cfg.MaxBatch {
			chunk := entries[start:min(start+n.cfg.MaxBatch, len(entries)):min(start+n.cfg.MaxBatch, len(entries))]
			n.send(Message{Type: MsgAccept, To: n.cfg.Peers[i], Ballot: n.ballot, Commit: n.commit, Entries: chunk})
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
