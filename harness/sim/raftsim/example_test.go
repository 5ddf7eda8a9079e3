package raftsim_test

import (
	"fmt"

	"github.com/dsref/dsref/harness/sim"
	"github.com/dsref/dsref/harness/sim/raftsim"
)

// Mutations are named as in raft.Mutation, with or without the prefix, in any case.
func ExampleParseMutation() {
	m, _ := raftsim.ParseMutation("forget-vote")
	fmt.Println(m)
	_, err := raftsim.ParseMutation("nope")
	fmt.Println(err != nil)
	// Output:
	// MutationForgetVote
	// true
}

// With quorums of N/2 a three-node cluster elects two leaders in one term, which the checker
// reports as an ElectionSafety violation.
func ExampleProtocol() {
	for seed := uint64(1); seed <= 100; seed++ {
		res, _ := sim.Run(raftsim.Protocol{}, sim.RunOptions{Options: sim.Options{Nodes: 3, Seed: seed, Mutation: "MinorityQuorum"}})
		if res.Failure != nil {
			fmt.Println(res.Failure.Kind)
			return
		}
	}
	fmt.Println("not caught")
	// Output: safety
}
