//go:build dsref_mutations

package paxos_test

import (
	"math/rand/v2"
	"testing"

	"github.com/dsref/dsref/paxos"
	"github.com/dsref/dsref/paxos/paxostest"
)

// TestMutationChaosFindsPlantedSafetyBugs proves the chaos harness above is not vacuous: with each
// planted safety bug, some seeded schedule must break agreement or the promise invariant.
//
// Tests PAXOS-12, MPAXOS-10.
func TestMutationChaosFindsPlantedSafetyBugs(t *testing.T) {
	for _, mut := range []paxos.Mutation{
		paxos.MutationAcceptBelowPromise,
		paxos.MutationMinorityQuorum,
		paxos.MutationIgnorePromisedValues,
		paxos.MutationForgetPromise,
	} {
		t.Run(mut.String(), func(t *testing.T) {
			for seed := uint64(1); seed <= 2000; seed++ {
				rng := rand.New(rand.NewPCG(seed, 99))
				c, err := paxostest.NewCluster(3, func(cfg *paxos.Config) {
					cfg.Mutation = mut
					cfg.ElectionTicks = 4
					cfg.HeartbeatTicks = 1
					cfg.Rand = rand.New(rand.NewPCG(seed, uint64(cfg.ID)))
				})
				if err != nil {
					t.Fatal(err)
				}
				// Without compaction: the bugs hunted here need no snapshots.
				if err := chaosWith(func(_ string, n int) int { return rng.IntN(n) }, c, 300, chaosOptions{}); err != nil {
					t.Logf("seed %d: %v", seed, err)
					return
				}
			}
			t.Fatalf("no schedule of 2000 seeds exposed %v", mut)
		})
	}
}
