package paxossim

import (
	"testing"

	"github.com/dsref/dsref/harness/sim/simtest"
)

// TestSeeds runs 2,000 seeds (DSREF_SIM_SEEDS for more) each on 3- and 5-node clusters with every
// fault kind drawn per seed, and requires zero safety, linearizability or liveness violations.
//
// Tests PAXOS-9, MPAXOS-10, MPAXOS-11, PAXOS-5.
func TestSeeds(t *testing.T) {
	simtest.RequireSeedsPass(t, Protocol{})
}
