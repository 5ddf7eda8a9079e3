package paxossim

import (
	"fmt"
	"os"
	"strconv"
	"testing"

	"github.com/dsref/dsref/harness/sim"
)

// seedCount is the number of seeds per configuration: 2,000 by default (the CI bar), more with
// DSREF_SIM_SEEDS for a soak.
func seedCount(t testing.TB) int {
	if s := os.Getenv("DSREF_SIM_SEEDS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			t.Fatalf("DSREF_SIM_SEEDS=%q is not a positive number", s)
		}
		return n
	}
	return 2000
}

// TestSeeds runs 2,000 seeds each on 3- and 5-node clusters with every fault kind drawn per seed,
// and requires zero safety, linearizability or liveness violations.
//
// Tests PAXOS-9, MPAXOS-10, MPAXOS-11, PAXOS-5.
func TestSeeds(t *testing.T) {
	for _, nodes := range []int{3, 5} {
		t.Run(fmt.Sprintf("nodes=%d", nodes), func(t *testing.T) {
			t.Parallel()
			n := seedCount(t)
			failures := 0
			for seed := uint64(1); seed <= uint64(n); seed++ {
				res, err := sim.Run(Protocol{}, sim.RunOptions{Options: sim.Options{Nodes: nodes, Seed: seed}, TailLines: 30})
				if err != nil {
					t.Fatal(err)
				}
				if res.Failure != nil {
					failures++
					if failures <= 3 {
						t.Errorf("%s", res.Report())
					}
				}
			}
			if failures > 0 {
				t.Errorf("%d of %d seeds failed", failures, n)
			}
		})
	}
}
