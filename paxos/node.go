package paxos

import (
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

	// Acceptor state (persistent, see Ready).
	promised Ballot
	accepted map[uint64]Entry

	// Learner state.
	decided map[uint64]Entry
	commit  uint64 // every slot 1..commit is decided
	applied uint64 // every slot 1..applied was handed out in Ready.Decided

	// Proposer state (volatile).
	role        Role
	ballot      Ballot // the ballot this node leads or tries to lead
	highestSeen Ballot // highest ballot seen anywhere, to pick the next round
	leader      NodeID // who this node believes leads (0: unknown)
	promises    map[NodeID]bool
	recovered   map[uint64]Entry // highest-ballot value per slot from phase-1 replies
	proposals   map[uint64]*proposal
	nextSlot    uint64
	pending     [][]byte

	// Timers, in ticks.
	now              int
	electionElapsed  int
	electionTimeout  int
	backoff          int
	heartbeatElapsed int
	catchUpWait      int

	rd Ready
}

// proposal is a phase-2 round for one slot in the leader's current ballot.
type proposal struct {
	entry  Entry
	votes  map[NodeID]bool
	sentAt int
}

// Status is a snapshot of a node, for tests, tools and debugging.
type Status struct {
	ID       NodeID
	Role     Role
	Ballot   Ballot // own ballot when candidate or leader
	Leader   NodeID // believed leader, 0 if unknown
	Promised Ballot
	Commit   uint64 // decided prefix
	Applied  uint64 // handed out in Ready.Decided
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
	n := &Node{
		cfg:       r,
		promised:  st.Promised,
		accepted:  map[uint64]Entry{},
		decided:   map[uint64]Entry{},
		applied:   st.Applied,
		commit:    st.Applied,
		backoff:   1,
		nextSlot:  1,
		proposals: map[uint64]*proposal{},
	}
	if err := st.validate(); err != nil {
		return nil, fmt.Errorf("paxos: restart node %d: %w", cfg.ID, err)
	}
	for _, e := range st.Accepted {
		n.accepted[e.Slot] = cloneEntry(e)
		// A durable vote in ballot b is a promise of b (PAXOS-4), even if the promise
		// record itself did not reach the disk.
		n.promised = max(n.promised, e.Ballot)
	}
	for _, e := range st.Decided {
		n.decided[e.Slot] = cloneEntry(e)
	}
	n.advanceCommit()
	n.highestSeen = n.promised
	n.resetElectionTimer()
	if !st.isZero() {
		n.trace(TraceEvent{Action: TraceRestart, Ballot: n.promised})
	}
	return n, nil
}

// validate checks persisted Multi-Paxos state: slots in 1..2^48 (so no slot arithmetic can
// wrap), one vote per slot and one decided value per slot, votes in real ballots.
func (st PersistentState) validate() error {
	if st.Applied > maxSlot {
		return fmt.Errorf("applied slot %d is beyond the largest slot %d", st.Applied, uint64(maxSlot))
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
	return st.Promised == 0 && len(st.Accepted) == 0 && st.Applied == 0 && len(st.Decided) == 0
}

// Status returns a snapshot of n.
func (n *Node) Status() Status {
	var own Ballot
	if n.role != Follower {
		own = n.ballot
	}
	return Status{
		ID: n.cfg.ID, Role: n.role, Ballot: own, Leader: n.leader, Promised: n.promised,
		Commit: n.commit, Applied: n.applied, NextSlot: n.nextSlot, Pending: len(n.pending),
	}
}

// Decided returns the decided value of slot, if this node knows it.
func (n *Node) Decided(slot uint64) (Entry, bool) {
	e, ok := n.decided[slot]
	return cloneEntry(e), ok
}

// Propose queues a command. Only the leader accepts proposals; others return ErrNotLeader
// (Status().Leader names the node to try). Queued commands are sent in batches of up to
// MaxBatch, at the latest at the next Ready.
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
	if n.role != Leader {
		return ErrNotLeader
	}
	if len(n.pending) >= n.cfg.MaxPending {
		return ErrTooManyQueued
	}
	n.pending = append(n.pending, slices.Clone(data))
	n.trace(TraceEvent{Action: TraceSubmit, Data: n.pending[len(n.pending)-1]})
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
	return n.campaign()
}

// HasReady reports whether Ready would return anything.
func (n *Node) HasReady() bool {
	return !n.rd.Empty() || n.commit > n.applied ||
		(n.role == Leader && len(n.pending) > 0 && n.nextSlot <= n.commit+uint64(n.cfg.Window))
}

// Ready flushes queued proposals and returns everything the caller must persist, send and
// apply since the previous Ready. See Ready for the order these must happen in.
//
// Implements MPAXOS-7.
func (n *Node) Ready() Ready {
	n.flush()
	rd := n.rd
	n.rd = Ready{}
	for s := n.applied + 1; s <= n.commit; s++ {
		rd.Decided = append(rd.Decided, cloneEntry(n.decided[s]))
	}
	n.applied = n.commit
	return rd
}

// Tick advances the node's logical clock by one unit: it drives the leader's heartbeats and
// retransmissions and the followers' failure detector. TLA+: Timeout when the election timer
// fires, followed by the campaign's Phase1a.
//
// Implements MPAXOS-8.
func (n *Node) Tick() {
	if n.now < math.MaxInt {
		n.now++ // saturates: a proposal's age stops growing after 2^63 ticks, never wraps
	}
	if n.catchUpWait > 0 {
		n.catchUpWait--
	}
	if n.role == Leader {
		n.heartbeatElapsed++
		if n.heartbeatElapsed >= n.cfg.HeartbeatTicks {
			n.heartbeatElapsed = 0
			n.broadcast(Message{Type: MsgAccept, Ballot: n.ballot, Commit: n.commit})
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

func (n *Node) resetElectionTimer() {
	n.electionElapsed = 0
	n.electionTimeout = n.cfg.ElectionTicks*n.backoff + n.cfg.Rand.IntN(n.cfg.ElectionTicks)
}

// trace reports a step with the node's state after it.
func (n *Node) trace(ev TraceEvent) {
	ev.Node, ev.Promised, ev.Commit = n.cfg.ID, n.promised, n.commit
	n.cfg.Tracer.Trace(ev)
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

// setPromised raises the acceptor's promise and schedules it for persistence.
func (n *Node) setPromised(b Ballot) {
	n.promised = b
	if n.cfg.Mutation == MutationForgetPromise {
		return
	}
	n.rd.PersistPromised = true
	n.rd.Promised = b
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
	n.proposals = map[uint64]*proposal{}
	n.pending = nil
	n.leader = 0
	n.resetElectionTimer()
}
