package paxos

import "fmt"

// Mutation plants one known bug in a core. It exists so that testing harnesses (the
// fault-injecting simulator, model-based tests) can prove they would catch it. The zero value,
// MutationNone, is the correct protocol; never set anything else outside tests.
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
	return 0, fmt.Errorf("paxos: unknown mutation %q (want one of %v)", s, mutationNames[:])
}
