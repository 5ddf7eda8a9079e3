package paxos

// decide records that e's value was chosen for its slot and extends the decided prefix.
// action is the TLA+ action that learned it: Learn (votes or commit notice), whose event
// names the run of consecutive slots one input learns (learnedRun), or CatchUp (a decision
// message), one event per slot.
//
// Implements PAXOS-7, MPAXOS-7.
func (n *Node) decide(e Entry, action TraceAction) {
	if e.Slot <= n.commit {
		return
	}
	if _, ok := n.ahead[e.Slot]; ok {
		return
	}
	if action == TraceLearn && n.tr.tracer != nil {
		n.breakRun(e.Slot)
	}
	if n.role == Leader {
		if mine, ok := n.accepted.get(e.Slot); ok && mine.Ballot == n.ballot && !mine.sameValue(e) {
			// A higher ballot chose another value for a slot we proposed: our ballot is
			// dead, and commit notices in it would now be wrong.
			n.stepDown(e.Ballot)
		}
		n.proposals.drop(e.Slot)
	}
	if e.Slot == n.commit+1 {
		n.log.push(e) // the common case: the next slot, in order
		n.commit++
	} else {
		n.learnAhead(e)
	}
	n.advanceCommit()
	if n.tr.tracer != nil {
		if action == TraceLearn {
			n.tr.run = append(n.tr.run, e)
			return
		}
		n.trace(TraceEvent{Action: action, Ballot: e.Ballot, Slot: e.Slot, Noop: e.Noop, Data: e.Data})
	}
}

// breakRun ends the run of slots learned so far (learnedRun) unless slot continues it: call
// it before the step that learns slot changes anything, so that the run's event shows the
// state after the run and before that step.
func (n *Node) breakRun(slot uint64) {
	if k := len(n.tr.run); k > 0 && n.tr.run[k-1].Slot+1 != slot {
		n.learnedRun()
	}
}

// learnedRun traces the run of consecutive slots learned since the last Learn event as one
// Learn step (MPAXOS-14); the next run starts afresh. Every other event and the end of an
// input end a run (trace, done), as do the learning loops once their run is complete.
func (n *Node) learnedRun() {
	run := n.tr.run
	if len(run) == 0 {
		return
	}
	n.tr.run = nil // the event keeps run
	n.trace(TraceEvent{Action: TraceLearn, Ballot: run[0].Ballot, Slot: run[0].Slot, Last: run[len(run)-1].Slot, Entries: run})
}

// learnAhead records a decided value past the decided prefix.
func (n *Node) learnAhead(e Entry) {
	if n.ahead == nil {
		n.ahead = map[uint64]Entry{}
	}
	n.ahead[e.Slot] = e
}

// advanceCommit extends the decided prefix over slots learned out of order (part of the Learn
// or CatchUp step that filled the gap).
func (n *Node) advanceCommit() {
	for len(n.ahead) > 0 {
		e, ok := n.ahead[n.commit+1]
		if !ok {
			return
		}
		delete(n.ahead, e.Slot)
		n.log.push(e)
		n.commit++
	}
}

// learnCommit applies a commit notice: the leader of ballot b says slots up to commit are
// decided. A vote cast in ballot b for such a slot is for the decided value, because a
// leader proposes one value per slot per ballot. Slots this node cannot fill that way are
// fetched from the sender. A follower copies a run of such votes into its decided log at
// once. TLA+: Learn(r, lo, hi) for the run of slots learned (MPAXOS-14).
//
// Implements MPAXOS-6, MPAXOS-9, MPAXOS-14.
func (n *Node) learnCommit(from NodeID, b Ballot, commit uint64) {
	defer n.learnedRun()
	for n.commit < commit {
		if n.role != Leader && len(n.ahead) == 0 && n.learnVotes(commit, b) > 0 {
			continue
		}
		// With the checks a leader or values learned ahead need, one slot at a time.
		e, ok := n.accepted.get(n.commit + 1)
		if !ok || e.Ballot != b {
			n.learnedRun()
			n.requestCatchUp(from, commit)
			return
		}
		n.decide(e, TraceLearn)
	}
}

// learnVotes decides, at once, slots commit+1, commit+2, ... up to at most upTo, as long as
// this acceptor's votes for them are of ballot b, and returns how many it decided. The decided
// log keeps the slice the votes were cast from (votedRun), else a copy of the votes. TLA+:
// part of a Learn(r, lo, hi).
func (n *Node) learnVotes(upTo uint64, b Ballot) int {
	s := n.commit + 1
	k := n.accepted.runLen(s, upTo, b)
	if k == 0 {
		return 0
	}
	var run []Entry
	shared := k >= copyBelow
	if shared {
		run = n.votedSlice(s, k, b)
	}
	if len(run) == 0 {
		run, shared = n.accepted.runFrom(s, upTo, b), false
	}
	if n.tr.tracer != nil {
		n.breakRun(run[0].Slot)
		n.tr.run = append(n.tr.run, run...)
	}
	n.log.pushRun(run, shared)
	n.commit += uint64(len(run))
	n.advanceCommit()
	return len(run)
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

// handleCatchUp answers with the decided values this node knows in the requested range, at
// most MaxCatchUp of them, or with its snapshot when the range starts in the compacted
// prefix. TLA+: none at the sender; the requester takes one CatchUp step per value, or one
// InstallSnapshot step.
//
// Implements MPAXOS-9, MPAXOS-13.
func (n *Node) handleCatchUp(m Message) {
	if m.Slot <= n.snap.Index {
		snap := n.snap
		n.send(Message{Type: MsgSnapshot, To: m.From, Commit: n.commit, Snapshot: &snap})
		return
	}
	var entries []Entry
	end := min(m.Commit, m.Slot+uint64(n.cfg.MaxCatchUp)-1)
	for s := m.Slot; s <= end; s++ {
		e, ok := n.decidedAt(s)
		if !ok {
			break
		}
		entries = append(entries, e)
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
	n.continueCatchUp(m, before)
}

// continueCatchUp asks for the next page of decided values at once when the last answer made
// progress and the sender knows more.
func (n *Node) continueCatchUp(m Message, before uint64) {
	if n.commit > before && m.Commit > n.commit {
		n.catchUpWait = 0
		n.requestCatchUp(m.From, m.Commit)
	}
}
