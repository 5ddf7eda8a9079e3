package paxos_test

import (
	"fmt"

	"github.com/dsref/dsref/paxos"
)

// ExampleNode drives a 3-node Multi-Paxos cluster by hand: the caller owns the network
// (here a FIFO queue) and stable storage (omitted: in memory), and applies decided
// commands as each node's Ready hands them out.
//
// Tests MPAXOS-2, MPAXOS-6, MPAXOS-7.
func ExampleNode() {
	peers := []paxos.NodeID{1, 2, 3}
	nodes := map[paxos.NodeID]*paxos.Node{}
	for _, id := range peers {
		n, err := paxos.NewNode(paxos.Config{ID: id, Peers: peers})
		if err != nil {
			panic(err)
		}
		nodes[id] = n
	}
	var queue []paxos.Message
	drain := func(id paxos.NodeID) {
		rd := nodes[id].Ready()
		// Persist rd.Promised and rd.Accepted here, before sending.
		queue = append(queue, rd.Messages...)
		for _, e := range rd.Decided {
			fmt.Printf("node %d applies slot %d: %s\n", id, e.Slot, e.Data)
		}
	}
	deliverAll := func() {
		for len(queue) > 0 {
			m := queue[0]
			queue = queue[1:]
			if err := nodes[m.To].Step(m); err != nil {
				panic(err)
			}
			drain(m.To)
		}
	}

	if err := nodes[1].Campaign(); err != nil { // as if its election timer fired
		panic(err)
	}
	drain(1)
	deliverAll()
	for _, cmd := range []string{"set x=1", "set y=2"} {
		if err := nodes[1].Propose([]byte(cmd)); err != nil {
			panic(err)
		}
		drain(1)
		deliverAll()
	}
	for i := 0; i < 2; i++ { // an idle leader's heartbeat carries the commit index
		nodes[1].Tick()
		drain(1)
	}
	deliverAll()
	// Output:
	// node 1 applies slot 1: set x=1
	// node 2 applies slot 1: set x=1
	// node 3 applies slot 1: set x=1
	// node 1 applies slot 2: set y=2
	// node 2 applies slot 2: set y=2
	// node 3 applies slot 2: set y=2
}

// ExampleSynod runs single-decree Paxos: node 1 proposes, every node learns.
//
// Tests PAXOS-7, PAXOS-8.
func ExampleSynod() {
	peers := []paxos.NodeID{1, 2, 3}
	nodes := map[paxos.NodeID]*paxos.Synod{}
	for _, id := range peers {
		s, err := paxos.NewSynod(paxos.Config{ID: id, Peers: peers})
		if err != nil {
			panic(err)
		}
		nodes[id] = s
	}
	var queue []paxos.Message
	drain := func(id paxos.NodeID) {
		rd := nodes[id].Ready()
		queue = append(queue, rd.Messages...)
		for _, e := range rd.Decided {
			fmt.Printf("node %d learned %s in ballot %v\n", id, e.Data, e.Ballot)
		}
	}
	if err := nodes[1].Propose([]byte("v")); err != nil {
		panic(err)
	}
	drain(1)
	for len(queue) > 0 {
		m := queue[0]
		queue = queue[1:]
		if err := nodes[m.To].Step(m); err != nil {
			panic(err)
		}
		drain(m.To)
	}
	// Node 1 votes first but hears the others' votes last: acceptors 2 and 3 each see
	// node 1's vote right after casting their own.

	// Output:
	// node 2 learned v in ballot 1.1
	// node 3 learned v in ballot 1.1
	// node 1 learned v in ballot 1.1
}

// ExampleMakeBallot shows that the round dominates the node ID in the ballot order.
//
// Tests PAXOS-1.
func ExampleMakeBallot() {
	b := paxos.MakeBallot(3, 2)
	fmt.Println(b, b.Round(), b.Node())
	fmt.Println(b > paxos.MakeBallot(2, 9), b < paxos.MakeBallot(3, 5))
	// Output:
	// 3.2 3 2
	// true true
}

// ExampleQuorums shows the Flexible Paxos construction check.
//
// Tests FPAXOS-2.
func ExampleQuorums() {
	peers := []paxos.NodeID{1, 2, 3, 4}
	_, err := paxos.NewNode(paxos.Config{ID: 1, Peers: peers, Quorums: paxos.Quorums{Phase1: 3, Phase2: 2}})
	fmt.Println(err)
	_, err = paxos.NewNode(paxos.Config{ID: 1, Peers: peers, Quorums: paxos.Quorums{Phase1: 2, Phase2: 2}})
	fmt.Println(err)
	// Output:
	// <nil>
	// paxos: config: quorums do not intersect: phase-1 2 + phase-2 2 <= 4 acceptors (need |Q1|+|Q2| > N)
}
