//go:build dsref_mutations

package raftsim

import "testing"

// TestMutationLeaseBugsAreCaught runs the lease scenarios of TestLeaseReadsStayLinearizable with
// raft's planted lease bugs: porcupine must find a stale read in one of the seeds.
//
// Tests RAFT-MUT-1, RAFT-LEASE-3, RAFT-LEASE-5.
func TestMutationLeaseBugsAreCaught(t *testing.T) {
	for _, tc := range []struct {
		mutation string
		transfer bool
	}{{"lease-ignores-drift", false}, {"lease-after-transfer", true}} {
		caught := 0
		for seed := uint64(1); seed <= leaseScenarioSeeds; seed++ {
			if err := leaseScenario(t, seed, tc.mutation, tc.transfer); err != nil {
				caught++
				if caught == 1 {
					t.Logf("%s caught at seed %d: %v", tc.mutation, seed, err)
				}
			}
		}
		if caught == 0 {
			t.Errorf("%s: porcupine found every history of %d seeds linearizable", tc.mutation, leaseScenarioSeeds)
		}
		t.Logf("%s: %d of %d seeds not linearizable", tc.mutation, caught, leaseScenarioSeeds)
	}
}
