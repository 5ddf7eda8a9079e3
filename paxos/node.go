package paxos

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

// Role is what a Multi-Paxos node is doing as a proposer. Every node is always an acceptor
// and a learner as well.
type Role uint8

// Proposer roles.
const (
	Follower  Role = iota // not proposing; follows the leader it last heard from
	Candidate             // running phase 1 for its own ballot
	Leader                // phase 1 done: runs phase 2 per slot for new commands
)

func (r Role) String() string {
	switch r {
	case Follower:
		return "follower"
	case Candidate:
		return "candidate"
	case Leader:
		return "leader"
	}
	return fmt.Sprintf("Role(%d)", uint8(r))
}

// maxRecoverySpan bounds how many slots past its decided prefix a new leader will recover
// from phase-1 replies; a candidate further behind must catch up first.
const maxRecoverySpan = 1 << 16

// maxSlot is the largest slot number a message may name (2^48, far beyond any real log).
const maxSlot = 1 << 48

// maxEntriesPerMessage bounds the entries a well-formed message can carry.
const maxEntriesPerMessage = 1 << 16

// Node is a Multi-Paxos replica: proposer, acceptor and learner for a sequence of slots,
// as a deterministic state machine. Feed it Tick, Step and Propose; drain Ready. It never
// blocks, starts goroutines, reads clocks or does I/O. It is not safe for concurrent use.
type Node struct {
	cfg resolved

	// Acceptor state (persistent, see Ready): the promise and the vote per slot. Votes of
	// slots 1..compacted, all decided, were dropped: a decided slot needs no vote, so the
	// acceptor keeps only those of the slots still open (Ready reports how far).
	promised  Ballot
	accepted  slotLog
	compacted uint64

	// Learner state. Slots 1..snap.Index are compacted into the snapshot; log holds the
	// decided values of slots logBase+1..commit in order (logBase >= snap.Index: after a
	// restart, values decided and applied before it that were not persisted are gone);
	// ahead holds values learned out of order, past commit.
	snap    Snapshot
	logBase uint64
	log     decidedLog
	ahead   map[uint64]Entry
	commit  uint64 // every slot 1..commit is decided
	applied uint64 // every slot 1..applied was handed out (in Ready.Snapshot or Ready.Decided)

	// Proposer state (volatile).
	role        Role
	ballot      Ballot // the ballot this node leads or tries to lead
	highestSeen Ballot // highest ballot seen anywhere, to pick the next round
	leader      NodeID // who this node believes leads (0: unknown)
	promises    map[NodeID]bool
	recovered   map[uint64]Entry // highest-ballot value per slot from phase-1 replies
	floor       uint64           // highest decided prefix a phase-1 reply reported
	floorFrom   NodeID           // who reported it
	proposals   proposalQueue
	voted       []votedRun // this acceptor's recent runs of votes, as the slices it voted for
	nextSlot    uint64
	pending     [][]byte // commands queued for a slot, oldest first
	pendingBuf  [][]byte // the array pending starts in when it runs empty
	sentCommit  uint64   // the decided prefix the last broadcast Accept carried

	// Timers, in ticks.
	now              int
	electionElapsed  int
	electionTimeout  int
	backoff          int
	heartbeatElapsed int
	catchUpWait      int
	catchUpTries     int // catch-up requests a leader sent for slots below its floor

	// rd collects the next Ready. Its Messages are a buffer that Ready hands out and takes
	// back at the Ready after (spareMessages holds it meanwhile); its Accepted are a
	// message's entries (votesShared) or a buffer that Ready hands out a copy of.
	rd            Ready
	spareMessages []Message
	votesShared   bool    // rd.Accepted is entries of a message (persistVotes), not votesBuf
	votesBuf      []Entry // the buffer rd.Accepted is built in otherwise
	tr            tracing
	entries       block[Entry] // entry slices of sent messages and of Ready
	payloads      byteBlock    // the copies of proposed commands
}

// Status is a snapshot of a node, for tests, tools and debugging.
type Status struct {
	ID       NodeID
	Role     Role
	Ballot   Ballot // own ballot when candidate or leader
	Leader   NodeID // believed leader, 0 if unknown
	Promised Ballot
	Commit   uint64 // decided prefix
	Applied  uint64 // handed out in Ready.Snapshot or Ready.Decided
	Snapshot uint64 // last slot compacted into the snapshot
	Held     int    // decided values and votes the node holds in memory
	NextSlot uint64 // next slot a leader assigns
	Pending  int    // commands queued at a leader
}

// NewNode returns a fresh Multi-Paxos node with empty state.
func NewNode(cfg Config) (*Node, error) {
	return RestartNode(cfg, PersistentState{})
}

// RestartNode rebuilds a node from the state it persisted before a crash. Only acceptor
// and learner state survives; the node comes back as a follower. TLA+: Restart.
//
// Implements PAXOS-6.
func RestartNode(cfg Config, st PersistentState) (*Node, error) {
	r, err := cfg.resolve()
	if err != nil {
		return nil, err
	}
	if err := st.validate(); err != nil {
		return nil, fmt.Errorf("paxos: restart node %d: %w", cfg.ID, err)
	}
	n := &Node{
		cfg:      r,
		tr:       tracing{tracer: r.Tracer},
		promised: st.Promised,
		snap:     Snapshot{Index: st.Snapshot.Index, Data: slices.Clone(st.Snapshot.Data)},
		applied:  max(st.Applied, st.Snapshot.Index),
		backoff:  1,
		nextSlot: 1,
	}
	n.commit = n.applied
	n.compacted = st.Compacted
	n.accepted.base = n.compacted
	for _, e := range st.Accepted {
		// A durable vote in ballot b is a promise of b (PAXOS-4), even if the promise
		// record itself did not reach the disk.
		n.promised = max(n.promised, e.Ballot)
		n.accepted.set(cloneEntry(e), n.denseSpan())
	}
	// Decided values up to Applied were handed out before the crash; the log keeps the
	// persisted run that ends at Applied (to serve catch-up), values past it are learned.
	n.logBase = n.commit
	decided := slices.SortedFunc(slices.Values(st.Decided), func(a, b Entry) int { return cmp.Compare(a.Slot, b.Slot) })
	for i := len(decided) - 1; i >= 0; i-- {
		if e := decided[i]; e.Slot == n.logBase && e.Slot > n.snap.Index {
			n.logBase--
		}
	}
	for _, e := range decided {
		switch {
		case e.Slot <= n.logBase:
		case e.Slot <= n.commit:
			n.log.push(cloneEntry(e))
		default:
			n.learnAhead(cloneEntry(e))
		}
	}
	n.advanceCommit()
	n.highestSeen = n.promised
	n.resetElectionTimer()
	if !st.isZero() {
		n.trace(TraceEvent{Action: TraceRestart, Ballot: n.promised})
		n.done()
	}
	return n, nil
}

// validate checks persisted Multi-Paxos state: slots in 1..2^48 (so no slot arithmetic can
// wrap), one vote per slot and one decided value per slot, votes in real ballots.
func (st PersistentState) validate() error {
	if st.Applied > maxSlot {
		return fmt.Errorf("applied slot %d is beyond the largest slot %d", st.Applied, uint64(maxSlot))
	}
	if st.Snapshot.Index > maxSlot {
		return fmt.Errorf("snapshot slot %d is beyond the largest slot %d", st.Snapshot.Index, uint64(maxSlot))
	}
	if top := max(st.Applied, st.Snapshot.Index); st.Compacted > top {
		// Votes are dropped only for decided slots: those must be known decided.
		decided := make(map[uint64]bool, len(st.Decided))
		for _, e := range st.Decided {
			decided[e.Slot] = true
		}
		for decided[top+1] {
			top++
		}
		if st.Compacted > top {
			return fmt.Errorf("votes compacted up to slot %d, but slots are known decided only up to %d", st.Compacted, top)
		}
	}
	for _, part := range []struct {
		name    string
		entries []Entry
	}{{"accepted", st.Accepted}, {"decided", st.Decided}} {
		seen := make(map[uint64]bool, len(part.entries))
		for _, e := range part.entries {
			switch {
			case e.Slot == 0:
				return fmt.Errorf("%s entry with slot 0", part.name)
			case e.Slot > maxSlot:
				return fmt.Errorf("%s entry for slot %d is beyond the largest slot %d", part.name, e.Slot, uint64(maxSlot))
			case seen[e.Slot]:
				return fmt.Errorf("two %s entries for slot %d", part.name, e.Slot)
			case e.Noop && len(e.Data) > 0:
				return fmt.Errorf("%s entry for slot %d is a no-op with data", part.name, e.Slot)
			case part.name == "accepted" && e.Ballot == 0:
				return fmt.Errorf("accepted entry for slot %d has the zero ballot", e.Slot)
			}
			seen[e.Slot] = true
		}
	}
	return nil
}

func (st PersistentState) isZero() bool {
	return st.Promised == 0 && len(st.Accepted) == 0 && st.Applied == 0 && len(st.Decided) == 0 &&
		st.Snapshot.Index == 0 && st.Compacted == 0
}

// Status returns a snapshot of n.
func (n *Node) Status() Status {
	var own Ballot
	if n.role != Follower {
		own = n.ballot
	}
	return Status{
		ID: n.cfg.ID, Role: n.role, Ballot: own, Leader: n.leader, Promised: n.promised,
		Commit: n.commit, Applied: n.applied, Snapshot: n.snap.Index, NextSlot: n.nextSlot, Pending: len(n.pending),
		Held: n.log.len() + len(n.ahead) + n.accepted.len(),
	}
}

// Decided returns the decided value of slot, if this node still has it: not for slots
// compacted into the snapshot. The entry's Data is shared with the node and must not be
// modified.
func (n *Node) Decided(slot uint64) (Entry, bool) {
	return n.decidedAt(slot)
}

// decidedAt returns the decided value of slot from the log or the values learned ahead.
func (n *Node) decidedAt(slot uint64) (Entry, bool) {
	if slot > n.logBase && slot <= n.commit {
		return *n.log.at(int(slot - n.logBase - 1)), true
	}
	e, ok := n.ahead[slot]
	return e, ok
}

// Propose queues a command. Only the leader accepts proposals; others return ErrNotLeader
// (Status().Leader names the node to try). Queued commands are sent in batches of up to
// MaxBatch, at the latest at the next Ready. Propose copies data, once: every later holder
// of the command (the node's vote, its messages, its decided log, Ready) shares that copy.
//
// TLA+: Submit (the leader proposes it later, Phase2a).
//
// A nil error does not promise the command will be decided: if the leader loses its
// ballot, queued commands are dropped and proposed ones may or may not be chosen. Clients
// retry with the same identity, and the state machine executes each command once (see
// paxostest.KV).
//
// Implements MPAXOS-1.
func (n *Node) Propose(data []byte) error {
	defer n.done()
	if n.role != Leader {
		return ErrNotLeader
	}
	if len(n.pending) >= n.cfg.MaxPending {
		return ErrTooManyQueued
	}
	if len(n.pending) == 0 {
		n.pending = n.pendingBuf[:0]
	}
	n.pending = append(n.pending, n.payloads.clone(data))
	if cap(n.pending) > cap(n.pendingBuf) {
		n.pendingBuf = n.pending[:0] // grown: a fresh array, which pending starts
	}
	if n.tr.tracer != nil {
		n.trace(TraceEvent{Action: TraceSubmit, Data: n.pending[len(n.pending)-1]})
	}
	if len(n.pending) >= n.cfg.MaxBatch {
		n.flush()
	}
	return nil
}

// Campaign makes n start phase 1 for a new ballot now, as if its election timer had fired. It
// fails, and n starts nothing, when n is too far behind the decided log to lead (ErrBehind; it
// asks its last leader for the missing slots instead) or when no ballot above the highest n has
// seen exists (*BallotExhaustedError).
//
// Implements PAXOS-1, MPAXOS-2.
func (n *Node) Campaign() error {
	defer n.done()
	return n.campaign()
}

// HasReady reports whether Ready would return anything.
func (n *Node) HasReady() bool {
	return !n.rd.Empty() || n.commit > n.applied ||
		(n.role == Leader && len(n.pending) > 0 && n.nextSlot <= n.commit+uint64(n.cfg.Window))
}

// Ready flushes queued proposals and returns everything the caller must persist, send and
// apply since the previous Ready. See Ready for the order these must happen in.
// Ready.Decided holds the node's decided entries themselves (their Data shared with the
// node): the caller must not change them.
//
// Implements MPAXOS-7.
func (n *Node) Ready() Ready {
	n.flush()
	if n.commit > n.compacted {
		n.compactVotes(n.commit)
	}
	n.done()
	rd := n.rd
	// Messages go out in the buffer they were collected in, which the node takes back at the
	// next Ready (as raft's RawNode does): two buffers take turns.
	next := n.rd.Messages[:0]
	if len(rd.Messages) == 0 {
		rd.Messages = nil
	} else {
		next, n.spareMessages = reuse(n.spareMessages), rd.Messages
	}
	if !n.votesShared {
		rd.Accepted = n.entries.carve(rd.Accepted)
		n.votesBuf = reuse(n.rd.Accepted)
	}
	n.votesShared = false
	n.rd = Ready{Messages: next}
	if rd.Snapshot != nil {
		n.applied = max(n.applied, rd.Snapshot.Index)
	}
	if n.commit > n.applied {
		// The log's entries are never overwritten (dropFrontShared), so Decided can be a
		// view of them.
		i, j := int(n.applied-n.logBase), int(n.commit-n.logBase)
		var ok bool
		if rd.Decided, ok = n.log.view(i, j); !ok {
			rd.Decided = n.log.appendTo(n.entries.take(j-i), i, j)
		}
		n.applied = n.commit
	}
	return rd
}

// Tick advances the node's logical clock by one unit: it drives the leader's heartbeats and
// retransmissions and the followers' failure detector. TLA+: Timeout when the election timer
// fires, followed by the campaign's Phase1a.
//
// Implements MPAXOS-8.
func (n *Node) Tick() {
	defer n.done()
	if n.now < math.MaxInt {
		n.now++ // saturates: a proposal's age stops growing after 2^63 ticks, never wraps
	}
	if n.catchUpWait > 0 {
		n.catchUpWait--
	}
	if n.role == Leader {
		if n.floor > n.commit && n.catchUpWait == 0 && len(n.cfg.Peers) > 1 {
			// Phase 1 showed slots decided that this leader has not learned: keep
			// asking, the process that reported them first, then each other in turn
			// (the first request may have been lost, or its target may have crashed).
			peer := n.cfg.Peers[(n.cfg.self+1+n.catchUpTries%(len(n.cfg.Peers)-1))%len(n.cfg.Peers)]
			if n.catchUpTries == 0 {
				peer = n.floorFrom
			}
			n.catchUpTries++
			n.requestCatchUp(peer, n.floor)
		}
		n.heartbeatElapsed++
		if n.heartbeatElapsed >= n.cfg.HeartbeatTicks {
			n.heartbeatElapsed = 0
			n.broadcastCommit()
		}
		n.resendStale()
		return
	}
	n.electionElapsed++
	if n.electionElapsed >= n.electionTimeout {
		if n.role == Candidate {
			// Phase 1 did not reach a quorum in time: back off before the next try.
			n.backoff = min(n.backoff*2, n.cfg.MaxBackoff)
		}
		n.trace(TraceEvent{Action: TraceTimeout, Peer: n.leader, Ballot: n.promised})
		// A node that cannot campaign (too far behind, or out of ballots) has reset its
		// timer and stays a follower; Campaign reports why to a caller who asks.
		_ = n.campaign()
	}
}

// denseSpan is how many slots past the compaction point the acceptor keeps its votes in a
// slice: up to two windows past its decided prefix, where a steady leader proposes.
func (n *Node) denseSpan() uint64 {
	return n.commit - n.compacted + 2*uint64(n.cfg.Window) + uint64(n.cfg.MaxBatch)
}

func (n *Node) resetElectionTimer() {
	n.electionElapsed = 0
	n.electionTimeout = n.cfg.ElectionTicks*n.backoff + n.cfg.Rand.IntN(n.cfg.ElectionTicks)
}

// trace reports a step with the node's state after it. Call it after the step's state
// change and before the messages it sends.
func (n *Node) trace(ev TraceEvent) {
	if n.tr.tracer == nil {
		return
	}
	n.learnedRun()
	ev.Node, ev.Promised, ev.Commit = n.cfg.ID, n.promised, n.commit
	n.tr.take(ev, n.rd.Messages)
}

// done ends an input: the last step's event goes out with the messages it sent.
func (n *Node) done() {
	if n.tr.tracer != nil {
		n.learnedRun()
		n.tr.flush(n.rd.Messages)
	}
}

func (n *Node) send(m Message) {
	m.From = n.cfg.ID
	n.rd.Messages = append(n.rd.Messages, m)
}

// broadcast sends m to every other node.
func (n *Node) broadcast(m Message) {
	for _, p := range n.cfg.Peers {
		if p != n.cfg.ID {
			m.To = p
			n.send(m)
		}
	}
}

func (n *Node) observe(b Ballot) {
	if b > n.highestSeen {
		n.highestSeen = b
	}
}

// stepDown returns a candidate or leader to follower after it saw ballot b above its own.
// TLA+: Preempted.
//
// Implements MPAXOS-8.
func (n *Node) stepDown(b Ballot) {
	if n.role == Follower {
		return
	}
	n.trace(TraceEvent{Action: TracePreempted, Ballot: n.ballot, Peer: b.Node()})
	if n.role == Candidate {
		n.backoff = min(n.backoff*2, n.cfg.MaxBackoff)
	}
	n.role = Follower
	n.promises = nil
	n.recovered = nil
	n.proposals.reset()
	n.pending = nil
	n.leader = 0
	n.resetElectionTimer()
}
