//go:build !dsref_mutations

package paxos

// This file holds the few protocol rules that the planted-bug catalogue of the test harnesses
// replaces: a build with -tags dsref_mutations compiles mutation.go instead of this file, with
// each rule able to take one known bug. The shipped build is this file, and nothing else in the
// package knows about planted bugs.

// plantedBug is embedded in Config; it is empty in the shipped build.
type plantedBug struct{}

// quorumSizes resolves the phase-1 and phase-2 quorum sizes over n acceptors.
//
// Implements FPAXOS-1, FPAXOS-2.
func (c Config) quorumSizes(n int) (Quorums, error) { return c.Quorums.resolve(n) }

// refusesAccept reports whether an acceptor that promised promised must refuse a phase-2a
// message of ballot b (TLA+ Phase2b's m.bal >= maxBal[a], negated).
//
// Implements PAXOS-4.
func (c *resolved) refusesAccept(b, promised Ballot) bool { return b < promised }

// setPromised raises the acceptor's promise and schedules it for persistence.
//
// Implements PAXOS-2, PAXOS-5.
func (n *Node) setPromised(b Ballot) {
	n.promised = b
	n.rd.PersistPromised = true
	n.rd.Promised = b
}

// setPromised raises the acceptor's promise and schedules it for persistence.
//
// Implements PAXOS-2, PAXOS-5.
func (s *Synod) setPromised(b Ballot) {
	s.promised = b
	s.rd.PersistPromised = true
	s.rd.Promised = b
}

// recoveredEntry is what a new leader proposes in open slot s (TLA+ BecomeLeader's
// Recovered): the value of the highest-ballot vote phase 1 reported for it, or a no-op where
// none was. ok is false for a slot the leader leaves alone.
//
// Implements PAXOS-3, MPAXOS-4, MPAXOS-5.
func (n *Node) recoveredEntry(s uint64) (e Entry, ok bool) {
	if r, reported := n.recovered[s]; reported {
		return Entry{Slot: s, Noop: r.Noop, Data: r.Data}, true
	}
	return Entry{Slot: s, Noop: true}, true
}

// phase2Value is what a proposer with a phase-1 quorum proposes (TLA+ Phase2a): the value of
// the highest-ballot vote reported, or its own if none was.
//
// Implements PAXOS-3.
func (s *Synod) phase2Value() Entry {
	if s.best.Ballot != 0 {
		return Entry{Ballot: s.ballot, Noop: s.best.Noop, Data: s.best.Data}
	}
	return Entry{Ballot: s.ballot, Data: s.value}
}

// quorumValue is the learner's rule (TLA+ chosen): the value a phase-2 quorum voted for in
// ballot b, if one did.
//
// Implements PAXOS-7.
func (s *Synod) quorumValue(b Ballot) (Entry, bool) {
	votes := s.votes[b]
	if len(votes) < s.cfg.quorums.Phase2 {
		return Entry{}, false
	}
	for _, v := range votes {
		return v, true // a ballot's proposer proposes one value: every vote in it is for it
	}
	return Entry{}, false
}
