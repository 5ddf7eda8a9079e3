//go:build dsref_mutations

package paxossim

import (
	"fmt"
	"slices"

	"github.com/dsref/dsref/paxos"
)

// plantMutation switches on the planted bug named name (paxos.ParseMutation) in cfg.
func plantMutation(cfg *paxos.Config, name string) error {
	m, err := paxos.ParseMutation(name)
	if err != nil {
		return fmt.Errorf("paxossim: %w", err)
	}
	cfg.Mutation = m
	return nil
}

// Mutations lists the planted bugs that change the Multi-Paxos core (paxos.Node), by the names
// paxos.ParseMutation accepts; `dsref sim -mutations` prints them. mixed-ballot-quorum is left
// out: it changes only the single-decree learner, which SynodLog runs.
func (Protocol) Mutations() []string {
	return mutationsExcept(paxos.MutationMixedBallotQuorum)
}

// Mutations lists the planted bugs SynodLog is the harness for: the single-decree core's
// (paxos.Synod). no-gap-fill is left out (it changes only a Multi-Paxos leader's recovery of
// open slots), and so is forget-promise: a restarted Synod acceptor takes a durable vote as a
// promise (PAXOS-4), so the bug shows only when a promise above every vote is lost and the
// lower ballot then gets a quorum, which SynodLog's short duels rarely produce; the Multi-Paxos
// adapter catches it (paxos/forget-promise).
func (SynodLog) Mutations() []string {
	return mutationsExcept(paxos.MutationNoGapFill, paxos.MutationForgetPromise)
}

func mutationsExcept(skip ...paxos.Mutation) []string {
	var names []string
	for _, m := range paxos.Mutations() {
		if !slices.Contains(skip, m) {
			names = append(names, m.String())
		}
	}
	return names
}
