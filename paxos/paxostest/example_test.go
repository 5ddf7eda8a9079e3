package paxostest_test

import (
	"fmt"

	"github.com/dsref/dsref/paxos/paxostest"
)

// ExampleKV runs the replicated key-value store on a 3-node cluster: a client's append is
// proposed twice (a retry after a timeout), decided in two slots, and executed once.
//
// Tests MPAXOS-11.
func ExampleKV() {
	c, err := paxostest.NewCluster(3, nil)
	if err != nil {
		panic(err)
	}
	if err := c.Campaign(1); err != nil {
		panic(err)
	}
	if _, err := c.DeliverAll(); err != nil {
		panic(err)
	}
	cmd := paxostest.KVCommand{ClientID: 7, Seq: 1, Op: paxostest.OpAppend, Key: "k", Value: "x"}
	for retry := 0; retry < 2; retry++ {
		if err := c.Propose(1, cmd.Encode()); err != nil {
			panic(err)
		}
	}
	get := paxostest.KVCommand{ClientID: 8, Seq: 1, Op: paxostest.OpGet, Key: "k"}
	if err := c.Propose(1, get.Encode()); err != nil {
		panic(err)
	}
	if _, err := c.DeliverAll(); err != nil {
		panic(err)
	}
	for _, r := range c.Results[1] {
		fmt.Printf("client %d seq %d: previous value %q\n", r.ClientID, r.Seq, r.Value)
	}
	v, _ := c.KV[1].Get("k")
	fmt.Printf("k = %q after %d slots\n", v, c.KV[1].Applied())
	// Output:
	// client 7 seq 1: previous value ""
	// client 7 seq 1: previous value ""
	// client 8 seq 1: previous value "x"
	// k = "x" after 3 slots
}
