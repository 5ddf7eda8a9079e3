package raftsim

import (
	"testing"

	"github.com/dsref/dsref/harness/sim/simtest"
)

// TestSeeds runs 2,000 seeds (DSREF_SIM_SEEDS for more) each on 3- and 5-node clusters with every
// fault kind drawn per seed, and requires zero safety, linearizability or liveness violations,
// and that the seeds' traces are behaviors of tla/Raft.tla (every 14th seed's validated with
// tla/TraceRaft.tla, Protocol.ValidateEvery; DSREF_SIM_VALIDATE=all for every seed).
//
// Tests RAFT-ELECT-3, RAFT-ELECT-5, RAFT-LOG-3, RAFT-COMMIT-2, RAFT-PERSIST-1, RAFT-TRACE-2.
func TestSeeds(t *testing.T) {
	simtest.RequireSeedsPass(t, Protocol{})
}

var _ simtest.ValidationPacer = Protocol{}
