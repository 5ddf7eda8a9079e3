package rafttest_test

import (
	"fmt"

	"github.com/dsref/dsref/raft/rafttest"
)

// A three-node cluster on the deterministic network: elect node 1, replicate a proposal, and
// look at what the leader applied. The proposal takes 8 messages: MsgApp with the entry to both
// followers, their acknowledgements, MsgApp carrying the new commit index, and their answers.
func ExampleCluster() {
	c, err := rafttest.NewCluster(3, nil)
	if err != nil {
		panic(err)
	}
	_ = c.Nodes[1].Raw.Campaign()
	if _, _, err := c.Stabilize(); err != nil {
		panic(err)
	}
	fmt.Println("leader:", c.Leader())
	_ = c.Nodes[1].Raw.Propose([]byte("x"))
	delivered, dropped, _ := c.Stabilize()
	fmt.Println("messages:", len(delivered), "dropped:", len(dropped))
	for _, e := range c.Nodes[1].Applied {
		fmt.Printf("%d/%d %q\n", e.Term, e.Index, e.Data)
	}
	// Output:
	// leader: 1
	// messages: 8 dropped: 0
	// 1/1 ""
	// 1/2 "x"
}
