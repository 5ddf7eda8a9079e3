package paxos_test

import (
	"slices"
	"testing"

	"github.com/dsref/dsref/paxos"
	"github.com/dsref/dsref/paxos/paxostest"
)

func newSynods(t *testing.T, n int) *paxostest.SynodCluster {
	t.Helper()
	c, err := paxostest.NewSynodCluster(n, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func deliverSynod(t *testing.T, c *paxostest.SynodCluster, keep func(paxos.Message) bool) {
	t.Helper()
	if _, err := c.DeliverWhere(keep, 100000); err != nil {
		t.Fatal(err)
	}
}

// Tests PAXOS-3, PAXOS-7, PAXOS-9.
func TestSynodSecondProposerAdoptsChosenValue(t *testing.T) {
	c := newSynods(t, 3)
	must(t, c.Propose(1, "v"))
	deliverSynod(t, c, all)
	// Node 3 already learned v.
	if err := c.Nodes[3].Propose([]byte("w")); err != paxos.ErrDecided {
		t.Fatalf("Propose after a decision = %v, want ErrDecided", err)
	}
	// A proposer that has not learned yet adopts v from phase 1.
	c2 := newSynods(t, 3)
	must(t, c2.Propose(1, "v"))
	// Only node 1 and 2 take part; node 3's mail is lost.
	c2.DropWhere(to(3))
	deliverSynod(t, c2, notTo(3))
	c2.DropWhere(to(3))
	if _, ok := c2.Learned[1]; !ok {
		t.Fatal("node 1 did not learn with {1,2}")
	}
	must(t, c2.Propose(3, "w"))
	c2.DropWhere(to(1)) // node 3 reaches only node 2, which voted v
	deliverSynod(t, c2, notTo(1))
	if got := string(c2.Learned[3].Data); got != "v" {
		t.Fatalf("node 3 learned %q, want v (adopted from node 2's promise)", got)
	}
	must(t, c2.CheckAgreement())
}

// Tests PAXOS-6, PAXOS-2.
func TestSynodRestartKeepsPromise(t *testing.T) {
	c := newSynods(t, 3)
	must(t, c.Propose(3, "w")) // ballot 1.3
	deliverSynod(t, c, func(m paxos.Message) bool { return m.Type == paxos.MsgPrepare && m.To == 2 })
	c.Crash(2)
	must(t, c.Restart(2))
	if got := c.Nodes[2].Promised(); got != paxos.MakeBallot(1, 3) {
		t.Fatalf("restarted acceptor promised %v, want 1.3", got)
	}
	c.DropWhere(all)
	must(t, c.Propose(1, "v")) // ballot 1.1 < 1.3
	msgs, err := c.DeliverWhere(func(m paxos.Message) bool { return m.To == 2 || m.From == 2 }, 100)
	must(t, err)
	var rejected bool
	for _, m := range msgs {
		if m.Type == paxos.MsgReject && m.From == 2 && m.Ballot == paxos.MakeBallot(1, 3) {
			rejected = true
		}
	}
	if !rejected {
		t.Fatalf("restarted acceptor did not reject ballot 1.1: %v", msgs)
	}
	if _, err := paxos.RestartSynod(paxos.Config{ID: 1, Peers: []paxos.NodeID{1}}, paxos.PersistentState{Accepted: []paxos.Entry{{Slot: 4}}}); err == nil {
		t.Fatal("RestartSynod accepted a slot-4 entry")
	}
}

// Tests PAXOS-1, PAXOS-2, PAXOS-9.
func TestSynodDuelSettles(t *testing.T) {
	c := newSynods(t, 3)
	must(t, c.Propose(1, "v"))
	must(t, c.Propose(2, "w"))
	must(t, c.Propose(3, "u"))
	for round := 0; round < 500 && len(c.Learned) < 3; round++ {
		for _, id := range c.IDs {
			must(t, c.Tick(id))
		}
		deliverSynod(t, c, all)
	}
	if len(c.Learned) != 3 {
		t.Fatalf("only %d of 3 nodes learned", len(c.Learned))
	}
	must(t, c.CheckAgreement())
}

// A proposer whose own acceptor promises a higher ballot gives its ballot up (Preempted), as
// Node does: a late promise from a peer must not make it send Accept in the ballot its own
// acceptor now refuses.
//
// Tests PAXOS-2.
func TestSynodOwnAcceptorsHigherPromisePreemptsItsProposer(t *testing.T) {
	var actions []paxos.TraceAction
	s, err := paxos.NewSynod(paxos.Config{ID: 1, Peers: []paxos.NodeID{1, 2, 3}, ElectionTicks: 10, HeartbeatTicks: 1,
		Tracer: paxos.TracerFunc(func(ev paxos.TraceEvent) { actions = append(actions, ev.Action) })})
	must(t, err)
	must(t, s.Propose([]byte("v"))) // ballot 1.1, promised by its own acceptor
	s.Ready()
	b := paxos.MakeBallot(1, 1)
	must(t, s.Step(paxos.Message{Type: paxos.MsgPrepare, From: 2, To: 1, Ballot: paxos.MakeBallot(1, 2)}))
	if got := s.Promised(); got != paxos.MakeBallot(1, 2) {
		t.Fatalf("promised %v after peer 2's Prepare, want 1.2", got)
	}
	s.Ready()
	if !slices.Contains(actions, paxos.TracePreempted) {
		t.Fatalf("traced %v for peer 2's higher Prepare, want a Preempted", actions)
	}
	actions = nil
	must(t, s.Step(paxos.Message{Type: paxos.MsgPromise, From: 3, To: 1, Ballot: b}))
	for _, m := range s.Ready().Messages {
		if m.Type == paxos.MsgAccept {
			t.Fatalf("sent %v in ballot %v after its own acceptor promised 1.2", m, b)
		}
	}
	if len(actions) != 0 {
		t.Fatalf("the late promise was acted on: %v", actions)
	}
}
