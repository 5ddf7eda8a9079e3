//go:build dsref_mutations

package paxos

import (
	"fmt"
	"strings"
)

// This file exists only in test builds (-tags dsref_mutations). It replaces rules.go with the
// same protocol rules, each able to take one known bug, so that test harnesses (the
// fault-injecting simulator, the scenario and property tests) can prove that they catch real
// Paxos bugs. The shipped build compiles rules.go and contains none of this.

// Mutation plants one known bug in a core. It exists so that testing harnesses (the
// fault-injecting simulator, model-based tests) can prove they would catch it. The zero value,
// MutationNone, is the correct protocol.
type Mutation uint8

// The mutation catalogue. Each comment names the property a harness must see broken.
const (
	// MutationNone is the correct protocol.
	MutationNone Mutation = iota

	// MutationAcceptBelowPromise makes an acceptor accept a phase-2a message whose ballot is
	// lower than the ballot it promised. Breaks PAXOS-4 (an acceptor never votes below its
	// promise) and, with a competing proposer, agreement: two different values can be
	// chosen for one slot (TLA+: VotesSafe, then Consistency / per-slot Agreement).
	MutationAcceptBelowPromise

	// MutationMinorityQuorum makes both quorums N/2 acceptors (integer division) instead of
	// a majority, so two quorums need not intersect. Breaks agreement under a partition:
	// each side chooses its own value (TLA+: QuorumAssumption, hence Consistency).
	MutationMinorityQuorum

	// MutationIgnorePromisedValues makes a new leader ignore the accepted values reported in
	// phase-1 replies and propose its own (a queued command, else a no-op) in every open
	// slot. Breaks agreement: a value already chosen by the previous leader is overwritten
	// (TLA+: VotesSafe, Consistency).
	MutationIgnorePromisedValues

	// MutationNoGapFill makes a new leader skip slots for which no phase-1 reply reported a
	// value, instead of filling them with no-ops. Safety holds, but the decided prefix can
	// never grow past the hole: after the network heals, replicas stop applying commands
	// (a liveness failure: MPAXOS-5 gap filling, MPAXOS-9 progress after heal).
	MutationNoGapFill

	// MutationForgetPromise makes an acceptor skip persisting a promise (Ready.Promised is
	// not reported when only the promise changed), so after a crash and restart it forgets
	// it and can accept a lower ballot. Breaks PAXOS-5 (persist before reply) and, through
	// restarts, agreement (TLA+: Consistency).
	MutationForgetPromise

	// MutationMixedBallotQuorum makes a learner count phase-2b votes from different
	// ballots towards one quorum, deciding the value of the newest vote. Breaks PAXOS-7
	// (chosen means a quorum in one ballot) and agreement: a learner can learn a value
	// that is never chosen while another value is (TLA+: chosen / Consistency).
	//
	// Only the single-decree core (Synod) has learners that receive votes cast in several
	// ballots: its acceptors send every vote to every learner. A Multi-Paxos leader is the
	// only learner of its own ballot's votes and counts nothing else, so this mutation
	// does not change Node.
	MutationMixedBallotQuorum

	numMutations
)

var mutationNames = [...]string{
	MutationNone:                 "none",
	MutationAcceptBelowPromise:   "accept-below-promise",
	MutationMinorityQuorum:       "minority-quorum",
	MutationIgnorePromisedValues: "ignore-promised-values",
	MutationNoGapFill:            "no-gap-fill",
	MutationForgetPromise:        "forget-promise",
	MutationMixedBallotQuorum:    "mixed-ballot-quorum",
}

// Mutations lists every planted bug, MutationNone excluded, for harnesses that loop over the
// catalogue.
func Mutations() []Mutation {
	out := make([]Mutation, 0, numMutations-1)
	for m := MutationNone + 1; m < numMutations; m++ {
		out = append(out, m)
	}
	return out
}

// String returns the kebab-case name of m, as accepted by ParseMutation.
func (m Mutation) String() string {
	if m < numMutations {
		return mutationNames[m]
	}
	return fmt.Sprintf("Mutation(%d)", uint8(m))
}

// ParseMutation returns the Mutation named s (see Mutation.String).
func ParseMutation(s string) (Mutation, error) {
	for m := MutationNone; m < numMutations; m++ {
		if mutationNames[m] == s {
			return m, nil
		}
	}
	return 0, fmt.Errorf("paxos: unknown mutation %q (want one of %s)", s, strings.Join(mutationNames[:], ", "))
}

// plantedBug is embedded in Config: Config.Mutation picks the bug.
type plantedBug struct {
	// Mutation plants one bug of the catalogue; zero is the correct protocol.
	Mutation Mutation
}

// The rules of rules.go, each with its planted bug.

func (c Config) quorumSizes(n int) (Quorums, error) {
	if c.Mutation >= numMutations {
		return Quorums{}, fmt.Errorf("paxos: config: unknown mutation %d", c.Mutation)
	}
	q, err := c.Quorums.resolve(n)
	if err == nil && c.Mutation == MutationMinorityQuorum {
		q = Quorums{Phase1: max(1, n/2), Phase2: max(1, n/2)} // planted bug: quorums need not meet
	}
	return q, err
}

func (c *resolved) refusesAccept(b, promised Ballot) bool {
	return b < promised && c.Mutation != MutationAcceptBelowPromise
}

func (n *Node) setPromised(b Ballot) {
	n.promised = b
	if n.cfg.Mutation == MutationForgetPromise {
		return // planted bug: the promise is never handed out for persisting
	}
	n.rd.PersistPromised = true
	n.rd.Promised = b
}

func (s *Synod) setPromised(b Ballot) {
	s.promised = b
	if s.cfg.Mutation == MutationForgetPromise {
		return // planted bug: the promise is never handed out for persisting
	}
	s.rd.PersistPromised = true
	s.rd.Promised = b
}

func (n *Node) recoveredEntry(s uint64) (e Entry, ok bool) {
	r, reported := n.recovered[s]
	switch {
	case n.cfg.Mutation == MutationIgnorePromisedValues:
		// planted bug: propose a queued command (or a no-op) whatever phase 1 reported
		if len(n.pending) > 0 {
			e = Entry{Slot: s, Data: n.pending[0]}
			n.pending = n.pending[1:]
			return e, true
		}
		return Entry{Slot: s, Noop: true}, true
	case reported:
		return Entry{Slot: s, Noop: r.Noop, Data: r.Data}, true
	case n.cfg.Mutation == MutationNoGapFill:
		return Entry{}, false // planted bug: leave the hole
	}
	return Entry{Slot: s, Noop: true}, true
}

func (s *Synod) phase2Value() Entry {
	if s.best.Ballot != 0 && s.cfg.Mutation != MutationIgnorePromisedValues {
		return Entry{Ballot: s.ballot, Noop: s.best.Noop, Data: s.best.Data}
	}
	return Entry{Ballot: s.ballot, Data: s.value}
}

func (s *Synod) quorumValue(b Ballot) (Entry, bool) {
	if s.cfg.Mutation == MutationMixedBallotQuorum {
		// planted bug: acceptors voting in any ballot make a quorum, for the newest value
		voters := map[NodeID]bool{}
		var newest Entry
		var newestBallot Ballot
		for vb, byNode := range s.votes {
			for id, e := range byNode {
				voters[id] = true
				if vb >= newestBallot {
					newest, newestBallot = e, vb
				}
			}
		}
		return newest, len(voters) >= s.cfg.quorums.Phase2
	}
	votes := s.votes[b]
	if len(votes) < s.cfg.quorums.Phase2 {
		return Entry{}, false
	}
	for _, v := range votes {
		return v, true
	}
	return Entry{}, false
}
