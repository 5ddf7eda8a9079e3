package paxossim

import "github.com/dsref/dsref/paxos"

// Mutations lists the planted bugs that change the Multi-Paxos core (paxos.Node), by the names
// ParseMutation accepts; `dsref sim -mutations` prints them. mixed-ballot-quorum is left out: it
// changes only the single-decree learner, which SynodLog runs.
func (Protocol) Mutations() []string {
	return mutationsExcept(paxos.MutationMixedBallotQuorum)
}

// Mutations lists the planted bugs that change the single-decree core (paxos.Synod). no-gap-fill
// is left out: it changes only a Multi-Paxos leader's recovery of open slots.
func (SynodLog) Mutations() []string {
	return mutationsExcept(paxos.MutationNoGapFill)
}

func mutationsExcept(skip paxos.Mutation) []string {
	var names []string
	for _, m := range paxos.Mutations() {
		if m != skip {
			names = append(names, m.String())
		}
	}
	return names
}
