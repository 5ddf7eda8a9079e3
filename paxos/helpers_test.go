package paxos_test

import (
	"testing"

	"github.com/dsref/dsref/paxos"
	"github.com/dsref/dsref/paxos/paxostest"
)

func to(id paxos.NodeID) func(paxos.Message) bool {
	return func(m paxos.Message) bool { return m.To == id }
}

func notTo(id paxos.NodeID) func(paxos.Message) bool {
	return func(m paxos.Message) bool { return m.To != id }
}

func all(paxos.Message) bool { return true }

// carriesVotes keeps Accepts with entries and the Accepted votes that answer them, not commit
// notices.
func carriesVotes(m paxos.Message) bool { return len(m.Entries) > 0 || m.Type == paxos.MsgAccepted }

func newCluster(t *testing.T, n int, configure func(*paxos.Config)) *paxostest.Cluster {
	t.Helper()
	c, err := paxostest.NewCluster(n, configure)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func deliver(t *testing.T, c *paxostest.Cluster, keep func(paxos.Message) bool) {
	t.Helper()
	_, err := c.DeliverWhere(keep, 100000)
	must(t, err)
}

// elect makes node id leader with every message delivered.
func elect(t *testing.T, c *paxostest.Cluster, id paxos.NodeID) {
	t.Helper()
	must(t, c.Campaign(id))
	deliver(t, c, all)
	if c.Leader() != id {
		t.Fatalf("node %d did not become leader; leader is %d", id, c.Leader())
	}
}

// takeInFlight removes and returns the in-flight messages matching keep (held in the
// network, to be re-injected later).
func takeInFlight(c *paxostest.Cluster, keep func(paxos.Message) bool) []paxos.Message {
	var held []paxos.Message
	for _, m := range c.InFlight {
		if keep(m) {
			held = append(held, m)
		}
	}
	c.DropWhere(keep)
	return held
}

func decidedValue(c *paxostest.Cluster, id paxos.NodeID, slot uint64) string {
	e, ok := c.Nodes[id].Decided(slot)
	switch {
	case !ok:
		return "<none>"
	case e.Noop:
		return "<noop>"
	}
	return string(e.Data)
}
