package raftsim_test

import (
	"fmt"

	"github.com/dsref/dsref/harness/sim"
	"github.com/dsref/dsref/harness/sim/raftsim"
)

// A run of a correct five-node cluster under the seed's faults: the checker finds no violation
// of tla/Raft.tla's invariants and the cluster serves its clients. (Builds with
// -tags dsref_mutations can plant a bug with sim.Options.Mutation; see mutation_test.go.)
func ExampleProtocol() {
	res, err := sim.Run(raftsim.Protocol{}, sim.RunOptions{Options: sim.Options{Nodes: 5, Seed: 7}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Failure == nil, res.Ops > 0)
	// Output: true true
}
