package paxos_test

import (
	"testing"

	"github.com/dsref/dsref/paxos"
	"github.com/dsref/dsref/paxos/paxostest"
)

func TestSmoke(t *testing.T) {
	c, err := paxostest.NewCluster(3, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Campaign(1); err != nil {
		t.Fatal(err)
	}
	if _, err := c.DeliverAll(); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 5; i++ {
		if err := c.Propose(1, []byte{byte('a' + i)}); err != nil {
			t.Fatal(err)
		}
	}
	msgs, err := c.DeliverAll()
	for _, m := range msgs {
		t.Log(m)
	}
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 5; i++ {
		c.Tick(1)
	}
	msgs, err = c.DeliverAll()
	for _, m := range msgs {
		t.Log(m)
	}
	for _, id := range c.IDs {
		t.Log(id, c.Log[id], c.Nodes[id].Status())
	}
	if err := c.CheckAgreement(); err != nil {
		t.Fatal(err)
	}
	_ = paxos.Leader
}
