package paxos

import (
	"fmt"
	"slices"
)

// Synod is single-decree Paxos: every node is a proposer, an acceptor and a learner for one
// value. Acceptors send phase-2b votes to every learner, so each learner decides as soon as
// it sees a phase-2 quorum of votes in one ballot; the proposer whose ballot is chosen also
// broadcasts a decision message. Like Node it is a deterministic state machine.
type Synod struct {
	cfg resolved

	// Acceptor state (persistent).
	promised Ballot
	accepted Entry // Ballot 0: no vote yet

	// Learner state.
	votes   map[Ballot]map[NodeID]Entry
	decided *Entry
	handed  bool // decided value returned in a Ready

	// Proposer state (volatile).
	value     []byte // what this node wants chosen; nil: not proposing
	ballot    Ballot
	phase2    bool
	promises  map[NodeID]bool
	best      Entry // highest-ballot vote reported in phase 1b
	highest   Ballot
	elapsed   int
	timeout   int
	backoff   int
	announced bool

	rd Ready
	tr tracing
}

// NewSynod returns a fresh single-decree node.
func NewSynod(cfg Config) (*Synod, error) {
	return RestartSynod(cfg, PersistentState{})
}

// RestartSynod rebuilds a single-decree node from its persisted acceptor state (one
// accepted entry with slot 0 at most, and the decided value if it was saved). TLA+: Restart.
//
// Implements PAXOS-6.
func RestartSynod(cfg Config, st PersistentState) (*Synod, error) {
	r, err := cfg.resolve()
	if err != nil {
		return nil, err
	}
	s := &Synod{cfg: r, tr: tracing{tracer: r.Tracer}, promised: st.Promised, highest: st.Promised, backoff: 1, votes: map[Ballot]map[NodeID]Entry{}}
	if len(st.Accepted) > 1 || (len(st.Accepted) == 1 && st.Accepted[0].Slot != 0) {
		return nil, errSynodState(cfg.ID, "accepted", st.Accepted)
	}
	if len(st.Accepted) == 1 {
		if st.Accepted[0].Ballot == 0 || st.Accepted[0].Noop && len(st.Accepted[0].Data) > 0 {
			return nil, errSynodState(cfg.ID, "accepted", st.Accepted)
		}
		s.accepted = cloneEntry(st.Accepted[0])
		// A durable vote in ballot b is a promise of b (PAXOS-4).
		s.promised = max(s.promised, s.accepted.Ballot)
		s.highest = s.promised
	}
	if len(st.Decided) > 1 || (len(st.Decided) == 1 && st.Decided[0].Slot != 0) {
		return nil, errSynodState(cfg.ID, "decided", st.Decided)
	}
	if st.Applied != 0 {
		return nil, fmt.Errorf("paxos: restart synod %d: Applied is %d; a single-decree node has no log to apply", cfg.ID, st.Applied)
	}
	if len(st.Decided) == 1 {
		d := cloneEntry(st.Decided[0])
		s.decided = &d
		s.handed = true
	}
	if !st.isZero() {
		s.trace(TraceEvent{Action: TraceRestart, Ballot: s.promised})
		s.done()
	}
	return s, nil
}

func errSynodState(id NodeID, what string, entries []Entry) error {
	return fmt.Errorf("paxos: restart synod %d: %s state must be at most one well-formed entry with slot 0, got %s", id, what, entriesString(entries))
}

// Decision returns the chosen value once this node has learned it.
func (s *Synod) Decision() (Entry, bool) {
	if s.decided == nil {
		return Entry{}, false
	}
	return cloneEntry(*s.decided), true
}

// Promised returns the acceptor's current promise.
func (s *Synod) Promised() Ballot { return s.promised }

// Propose makes this node a proposer for value: it starts phase 1 with a fresh ballot and
// retries with higher ballots (after a randomised, growing timeout) until a value, not
// necessarily this one, is chosen. It fails with ErrDecided once a value is chosen, and with a
// *BallotExhaustedError, proposing nothing, when no ballot above the highest seen exists.
//
// Implements PAXOS-1, PAXOS-2.
func (s *Synod) Propose(value []byte) error {
	defer s.done()
	if s.decided != nil {
		return ErrDecided
	}
	prev := s.value
	s.value = slices.Clone(value)
	if s.value == nil {
		s.value = []byte{}
	}
	if err := s.startBallot(); err != nil {
		s.value = prev
		return err
	}
	return nil
}

// Tick advances the logical clock: an unfinished proposer retries after its timeout.
// TLA+: Timeout, then Phase1a of the next ballot.
func (s *Synod) Tick() {
	defer s.done()
	if s.value == nil || s.decided != nil {
		return
	}
	s.elapsed++
	if s.elapsed >= s.timeout {
		s.trace(TraceEvent{Action: TraceTimeout, Ballot: s.ballot})
		s.backoff = min(s.backoff*2, s.cfg.MaxBackoff)
		if s.startBallot() != nil {
			// Out of ballots: keep the value and wait; nothing else can change that.
			s.resetTimer()
		}
	}
}

// Ready returns what to persist, send and (once) the decided value.
func (s *Synod) Ready() Ready {
	s.done()
	rd := s.rd
	s.rd = Ready{}
	if s.decided != nil && !s.handed {
		s.handed = true
		rd.Decided = []Entry{cloneEntry(*s.decided)}
	}
	return rd
}

// HasReady reports whether Ready would return anything.
func (s *Synod) HasReady() bool {
	return !s.rd.Empty() || (s.decided != nil && !s.handed)
}

// trace reports a step with the acceptor's promise after it. Call it after the step's state
// change and before the messages it sends.
func (s *Synod) trace(ev TraceEvent) {
	if s.tr.tracer == nil {
		return
	}
	ev.Node, ev.Promised = s.cfg.ID, s.promised
	s.tr.take(ev, s.rd.Messages)
}

// done ends an input: the last step's event goes out with the messages it sent.
func (s *Synod) done() {
	if s.tr.held {
		s.tr.flush(s.rd.Messages)
	}
}

func (s *Synod) send(m Message) {
	m.From = s.cfg.ID
	s.rd.Messages = append(s.rd.Messages, m)
}

// startBallot is Phase1a (TLA+) with a ballot above everything seen. It fails, changing nothing,
// when no such ballot exists.
//
// Implements PAXOS-1, PAXOS-2.
func (s *Synod) startBallot() error {
	highest := max(s.highest, s.promised)
	ballot, err := nextBallot(highest, s.cfg.ID)
	if err != nil {
		return err
	}
	s.highest, s.ballot = ballot, ballot
	s.phase2 = false
	s.promises = map[NodeID]bool{}
	s.best = Entry{}
	s.resetTimer()
	s.trace(TraceEvent{Action: TracePhase1a, Ballot: s.ballot})
	prepare := Message{Type: MsgPrepare, Ballot: s.ballot}
	for _, p := range s.cfg.Peers {
		if p == s.cfg.ID {
			continue
		}
		prepare.To = p
		s.send(prepare)
	}
	s.deliverLocal(Message{Type: MsgPrepare, From: s.cfg.ID, To: s.cfg.ID, Ballot: s.ballot})
	return nil
}

func (s *Synod) resetTimer() {
	s.elapsed = 0
	s.timeout = s.cfg.ElectionTicks*s.backoff + s.cfg.Rand.IntN(s.cfg.ElectionTicks)
}

// Step handles a received message; malformed messages are refused with an error.
func (s *Synod) Step(m Message) error {
	if err := s.cfg.validate(m, true); err != nil {
		return err
	}
	s.deliverLocal(m)
	s.done()
	return nil
}

// deliverLocal handles m, which may come from this node itself (its proposer talking to its
// own acceptor and learner).
func (s *Synod) deliverLocal(m Message) {
	outer := s.tr.in
	s.tr.in = &m
	defer func() { s.tr.in = outer }()
	s.highest = max(s.highest, m.Ballot)
	switch m.Type {
	case MsgPrepare:
		s.onPrepare(m)
	case MsgPromise:
		s.onPromise(m)
	case MsgAccept:
		s.onAccept(m)
	case MsgAccepted:
		s.onAccepted(m)
	case MsgReject:
		s.preempt(m.Ballot, m.From)
	case MsgDecide:
		s.learn(m.Entries[0])
	}
}

// preempt gives up the proposer's ballot once a higher ballot b is known to an acceptor: a
// Reject carrying b came from peer, or this node's own acceptor promised b (to peer). The
// proposer sends nothing more in its ballot and waits out its (backed-off) timeout before
// the next. TLA+: Preempted.
//
// Implements PAXOS-2.
func (s *Synod) preempt(b Ballot, peer NodeID) {
	if s.value == nil || b <= s.ballot {
		return
	}
	s.trace(TraceEvent{Action: TracePreempted, Ballot: s.ballot, Peer: peer})
	s.phase2 = true // stop counting promises for the dead ballot
}

// reply sends m, or handles it locally when it is addressed to this node.
func (s *Synod) reply(m Message) {
	if m.To == s.cfg.ID {
		m.From = s.cfg.ID
		s.deliverLocal(m)
		return
	}
	s.send(m)
}

// onPrepare is the acceptor's Phase1b, or Reject below its promise (TLA+).
//
// Implements PAXOS-2, PAXOS-3.
func (s *Synod) onPrepare(m Message) {
	if m.Ballot < s.promised {
		s.trace(TraceEvent{Action: TraceReject, Peer: m.From, Ballot: m.Ballot})
		s.reply(Message{Type: MsgReject, To: m.From, Ballot: s.promised})
		return
	}
	if m.Ballot > s.promised {
		// A Prepare of the promised ballot itself is a duplicate, not answered again.
		s.setPromised(m.Ballot)
		s.preempt(m.Ballot, m.From)
		s.trace(TraceEvent{Action: TracePhase1b, Peer: m.From, Ballot: m.Ballot})
		promise := Message{Type: MsgPromise, To: m.From, Ballot: m.Ballot}
		if s.accepted.Ballot != 0 {
			promise.Entries = []Entry{cloneEntry(s.accepted)}
		}
		s.reply(promise)
	}
	if s.decided != nil && m.From != s.cfg.ID {
		s.send(Message{Type: MsgDecide, To: m.From, Entries: []Entry{cloneEntry(*s.decided)}})
	}
}

// onPromise collects phase-1b replies; with a phase-1 quorum the proposer sends Phase2a
// (TLA+) with the highest-ballot value reported, or its own value if none was.
//
// Implements PAXOS-3.
func (s *Synod) onPromise(m Message) {
	if s.value == nil || s.phase2 || m.Ballot != s.ballot || s.promises[m.From] {
		return
	}
	s.promises[m.From] = true
	if len(m.Entries) == 1 && m.Entries[0].Ballot > s.best.Ballot {
		s.best = cloneEntry(m.Entries[0])
	}
	if len(s.promises) < s.cfg.quorums.Phase1 {
		return
	}
	s.phase2 = true
	proposal := s.phase2Value()
	s.trace(TraceEvent{Action: TracePhase2a, Ballot: s.ballot, Data: proposal.Data})
	accept := Message{Type: MsgAccept, Ballot: s.ballot, Entries: []Entry{proposal}}
	for _, p := range s.cfg.Peers {
		if p == s.cfg.ID {
			continue
		}
		accept.To = p
		s.send(accept)
	}
	accept.From, accept.To = s.cfg.ID, s.cfg.ID
	s.deliverLocal(accept)
}

// onAccept is the acceptor's Phase2b (TLA+): vote unless a higher ballot was promised (else
// Reject), and tell every learner.
//
// Implements PAXOS-4.
func (s *Synod) onAccept(m Message) {
	if s.cfg.refusesAccept(m.Ballot, s.promised) {
		s.trace(TraceEvent{Action: TraceReject, Peer: m.From, Ballot: m.Ballot})
		s.reply(Message{Type: MsgReject, To: m.From, Ballot: s.promised})
		return
	}
	if m.Ballot > s.promised {
		s.setPromised(m.Ballot)
		s.preempt(m.Ballot, m.From)
	}
	v := cloneEntry(m.Entries[0])
	v.Slot, v.Ballot = 0, m.Ballot
	s.accepted = v
	s.rd.Accepted = append(s.rd.Accepted, cloneEntry(v))
	s.trace(TraceEvent{Action: TracePhase2b, Ballot: v.Ballot, Data: v.Data})
	for _, p := range s.cfg.Peers {
		s.reply(Message{Type: MsgAccepted, To: p, Ballot: m.Ballot, Entries: []Entry{cloneEntry(v)}})
	}
}

// onAccepted is the learner: a value is chosen once a phase-2 quorum voted for it in one
// ballot. TLA+: Learn.
//
// Implements PAXOS-7.
func (s *Synod) onAccepted(m Message) {
	if len(m.Entries) != 1 {
		return
	}
	v := m.Entries[0]
	if s.votes[m.Ballot] == nil {
		s.votes[m.Ballot] = map[NodeID]Entry{}
	}
	s.votes[m.Ballot][m.From] = cloneEntry(v)
	if s.decided != nil {
		return
	}
	if v, ok := s.quorumValue(m.Ballot); ok {
		s.learn(v)
		if m.Ballot == s.ballot && !s.announced {
			// Our ballot won: tell every learner, in case some missed votes.
			s.announced = true
			for _, p := range s.cfg.Peers {
				if p != s.cfg.ID {
					s.send(Message{Type: MsgDecide, To: p, Entries: []Entry{cloneEntry(v)}})
				}
			}
		}
	}
}

// learn records the chosen value. TLA+: Learn.
//
// Implements PAXOS-7, PAXOS-8.
func (s *Synod) learn(v Entry) {
	if s.decided != nil {
		return
	}
	d := cloneEntry(v)
	d.Slot = 0
	s.decided = &d
	s.trace(TraceEvent{Action: TraceLearn, Ballot: d.Ballot, Noop: d.Noop, Data: d.Data})
}
