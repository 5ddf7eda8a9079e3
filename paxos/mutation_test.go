//go:build dsref_mutations

package paxos_test

import (
	"fmt"
	"testing"

	"github.com/dsref/dsref/paxos"
	"github.com/dsref/dsref/paxos/paxostest"
)

// Each test below runs one scenario twice: with the correct protocol it must stay safe
// (or live), with the planted bug it must visibly break. This is what proves a harness
// can catch the bug at all.

// acceptBelowPromiseRun: leader 1 (ballot 1.1) sends x for slot 1, but the Accepts are
// delayed. Node 2 takes over with ballot 2.2 via {2,3} and gets y chosen. Then the delayed
// Accepts in 1.1 arrive.
func acceptBelowPromiseRun(t *testing.T, mut paxos.Mutation) (string, string) {
	c := newCluster(t, 3, func(cfg *paxos.Config) { cfg.Mutation = mut })
	elect(t, c, 1)
	must(t, c.Propose(1, []byte("x")))
	delayed := takeInFlight(c, all)
	must(t, c.Campaign(2))
	c.DropWhere(to(1)) // node 1 never hears of ballot 2.2
	deliver(t, c, notTo(1))
	must(t, c.Propose(2, []byte("y")))
	c.DropWhere(to(1))
	// y is chosen by {2,3}; its commit notices are lost, so node 3 does not know.
	deliver(t, c, func(m paxos.Message) bool { return m.To != 1 && carriesVotes(m) })
	c.DropWhere(all)
	c.InFlight = append(c.InFlight, delayed...)
	deliver(t, c, all)
	return decidedValue(c, 1, 1), decidedValue(c, 2, 1)
}

// Tests PAXOS-12, PAXOS-4.
func TestMutationAcceptBelowPromise(t *testing.T) {
	if a, b := acceptBelowPromiseRun(t, paxos.MutationNone); a != "<none>" || b != "y" {
		t.Fatalf("correct protocol: node 1 decided %s, node 2 decided %s; want <none> and y", a, b)
	}
	if a, b := acceptBelowPromiseRun(t, paxos.MutationAcceptBelowPromise); a != "x" || b != "y" {
		t.Fatalf("mutation did not manifest: node 1 decided %s, node 2 decided %s; want x and y (split brain)", a, b)
	}
}

// minorityQuorumRun: 4 nodes split 2|2; a leader on each side proposes its own value.
func minorityQuorumRun(t *testing.T, mut paxos.Mutation) error {
	c := newCluster(t, 4, func(cfg *paxos.Config) { cfg.Mutation = mut })
	c.Partition([]paxos.NodeID{1, 2}, []paxos.NodeID{3, 4})
	for _, side := range []struct {
		leader paxos.NodeID
		value  string
	}{{1, "left"}, {3, "right"}} {
		must(t, c.Campaign(side.leader))
		deliver(t, c, all)
		if err := c.Propose(side.leader, []byte(side.value)); err != nil && err != paxos.ErrNotLeader {
			t.Fatal(err)
		}
		deliver(t, c, all)
		for i := 0; i < 4; i++ {
			must(t, c.Tick(side.leader))
		}
		deliver(t, c, all)
	}
	return c.CheckAgreement()
}

// Tests PAXOS-12, PAXOS-9.
func TestMutationMinorityQuorum(t *testing.T) {
	if err := minorityQuorumRun(t, paxos.MutationNone); err != nil {
		t.Fatalf("correct protocol: %v", err)
	}
	if err := minorityQuorumRun(t, paxos.MutationMinorityQuorum); err == nil {
		t.Fatal("mutation did not manifest: both sides of the partition agree")
	}
}

// ignorePromisedRun: x is chosen in slot 1 by {1,2}; node 3 never saw it, and node 2 voted
// for it without learning it was chosen. Node 1 crashes and node 3 takes over with phase-1
// quorum {2,3}, where node 2 reports its vote for x.
func ignorePromisedRun(t *testing.T, mut paxos.Mutation) error {
	c := newCluster(t, 3, func(cfg *paxos.Config) { cfg.Mutation = mut })
	elect(t, c, 1)
	must(t, c.Propose(1, []byte("x")))
	c.DropWhere(to(3))
	// Node 2 votes, node 1 decides; the commit notice is lost, so only node 1 knows.
	deliver(t, c, func(m paxos.Message) bool { return m.To != 3 && carriesVotes(m) })
	c.DropWhere(all)
	if got := decidedValue(c, 1, 1); got != "x" {
		t.Fatalf("setup: node 1 decided %s, want x", got)
	}
	c.Crash(1)
	must(t, c.Campaign(3))
	deliver(t, c, all)
	for i := 0; i < 4; i++ {
		must(t, c.Tick(3))
	}
	deliver(t, c, all)
	must(t, c.Restart(1))
	for i := 0; i < 4; i++ {
		must(t, c.Tick(3))
	}
	deliver(t, c, all)
	return c.CheckAgreement()
}

// Tests PAXOS-12, MPAXOS-4.
func TestMutationIgnorePromisedValues(t *testing.T) {
	if err := ignorePromisedRun(t, paxos.MutationNone); err != nil {
		t.Fatalf("correct protocol: %v", err)
	}
	if err := ignorePromisedRun(t, paxos.MutationIgnorePromisedValues); err == nil {
		t.Fatal("mutation did not manifest: the chosen x survived the leader change")
	}
}

// noGapFillRun: the old leader's Accept for slot 2 is lost, slots 1 and 3 reach node 2;
// the leader crashes and node 2 takes over. Then the network heals, the old leader
// restarts, and clients keep proposing. It returns the applied prefix of every node.
func noGapFillRun(t *testing.T, mut paxos.Mutation) []uint64 {
	c := newCluster(t, 3, func(cfg *paxos.Config) { cfg.Mutation = mut })
	elect(t, c, 1)
	for _, v := range []string{"a", "b", "c"} {
		must(t, c.Propose(1, []byte(v)))
	}
	c.DropWhere(func(m paxos.Message) bool { return m.To == 3 || m.Entries[0].Slot == 2 })
	c.Crash(1)
	deliver(t, c, all)
	elect(t, c, 2)
	must(t, c.Restart(1))
	for i := 0; i < 5; i++ {
		must(t, c.Propose(2, []byte(fmt.Sprint("later", i))))
		deliver(t, c, all)
	}
	for tick := 0; tick < 50; tick++ {
		must(t, c.Tick(2))
		deliver(t, c, all)
	}
	var applied []uint64
	for _, id := range c.IDs {
		applied = append(applied, c.Nodes[id].Status().Applied)
	}
	return applied
}

// Tests PAXOS-12, MPAXOS-5.
func TestMutationNoGapFill(t *testing.T) {
	// Slots: a, noop, c, then five later commands: 8 slots.
	if got := noGapFillRun(t, paxos.MutationNone); fmt.Sprint(got) != "[8 8 8]" {
		t.Fatalf("correct protocol: applied prefixes %v, want [8 8 8]", got)
	}
	// Without the no-op, slot 2 stays a hole: nobody applies past slot 1, forever.
	if got := noGapFillRun(t, paxos.MutationNoGapFill); fmt.Sprint(got) != "[1 1 1]" {
		t.Fatalf("mutation did not manifest as a stall: applied prefixes %v, want [1 1 1]", got)
	}
}

// forgetPromiseRun: node 2 wins ballot 2.2 with {2,3} and proposes y, whose Accept to node 3
// is delayed. Node 3 crashes and restarts. The old leader 1, unaware of ballot 2.2, then
// proposes x for the same slot; finally the delayed Accept of y reaches node 3.
func forgetPromiseRun(t *testing.T, mut paxos.Mutation) error {
	c := newCluster(t, 3, func(cfg *paxos.Config) { cfg.Mutation = mut })
	elect(t, c, 1)
	must(t, c.Campaign(2))
	c.DropWhere(to(1))
	deliver(t, c, notTo(1))
	must(t, c.Propose(2, []byte("y")))
	c.DropWhere(to(1))
	delayed := takeInFlight(c, to(3))
	c.Crash(3)
	must(t, c.Restart(3))
	must(t, c.Propose(1, []byte("x")))
	c.DropWhere(to(2))
	// The votes get through, the commit notices are lost.
	deliver(t, c, func(m paxos.Message) bool { return carriesVotes(m) })
	c.DropWhere(all)
	c.InFlight = append(c.InFlight, delayed...)
	deliver(t, c, all)
	for i := 0; i < 4; i++ {
		must(t, c.Tick(2))
		must(t, c.Tick(1))
		deliver(t, c, all)
	}
	return c.CheckAgreement()
}

// Tests PAXOS-12, PAXOS-5, PAXOS-6.
func TestMutationForgetPromise(t *testing.T) {
	if err := forgetPromiseRun(t, paxos.MutationNone); err != nil {
		t.Fatalf("correct protocol: %v", err)
	}
	if err := forgetPromiseRun(t, paxos.MutationForgetPromise); err == nil {
		t.Fatal("mutation did not manifest: the restarted acceptor kept its promise")
	}
}

// mixedBallotRun (single-decree, where acceptors send votes to every learner): node 1 votes
// v in ballot 1.1; node 3 then runs ballot 1.3 with {2,3} and votes w. Node 3's learner
// sees one vote from each ballot. Later node 1 runs ballot 2.1 with {1,2}, adopts its own
// v (node 2 never voted), and v is chosen by {1,2}.
func mixedBallotRun(t *testing.T, mut paxos.Mutation) error {
	c, err := paxostest.NewSynodCluster(3, func(cfg *paxos.Config) { cfg.Mutation = mut })
	must(t, err)
	deliverS := func(keep func(paxos.Message) bool) {
		t.Helper()
		_, err := c.DeliverWhere(keep, 100000)
		must(t, err)
	}
	must(t, c.Propose(1, "v"))
	c.DropWhere(to(3))
	deliverS(func(m paxos.Message) bool { return m.Type == paxos.MsgPrepare || m.Type == paxos.MsgPromise })
	// Node 1 is in phase 2 and voted v; keep its vote for node 3, lose the rest.
	voteForThree := takeSynod(c, func(m paxos.Message) bool { return m.Type == paxos.MsgAccepted && m.To == 3 })
	c.DropWhere(all)
	must(t, c.Propose(3, "w"))
	c.DropWhere(to(1))
	deliverS(func(m paxos.Message) bool { return m.Type == paxos.MsgPrepare || m.Type == paxos.MsgPromise })
	c.DropWhere(func(m paxos.Message) bool { return m.Type == paxos.MsgAccept || m.To != 3 })
	deliverS(all) // node 3's own vote for w in 1.3
	c.InFlight = append(c.InFlight, voteForThree...)
	deliverS(all) // node 1's vote for v in 1.1
	// Node 1 retries with a higher ballot; now everything is delivered.
	for i := 0; i < 100 && len(c.Learned) < 3; i++ {
		must(t, c.Tick(1))
		deliverS(all)
	}
	if len(c.Learned) < 3 {
		t.Fatalf("only %d nodes learned a value", len(c.Learned))
	}
	return c.CheckAgreement()
}

func takeSynod(c *paxostest.SynodCluster, keep func(paxos.Message) bool) []paxos.Message {
	var held []paxos.Message
	for _, m := range c.InFlight {
		if keep(m) {
			held = append(held, m)
		}
	}
	c.DropWhere(keep)
	return held
}

// Tests PAXOS-12, PAXOS-7.
func TestMutationMixedBallotQuorum(t *testing.T) {
	if err := mixedBallotRun(t, paxos.MutationNone); err != nil {
		t.Fatalf("correct protocol: %v", err)
	}
	if err := mixedBallotRun(t, paxos.MutationMixedBallotQuorum); err == nil {
		t.Fatal("mutation did not manifest: no learner combined votes from two ballots")
	}
}

// Tests PAXOS-12.
func TestMutationNames(t *testing.T) {
	if paxos.MutationNone != 0 {
		t.Fatal("the zero Mutation must be the correct protocol")
	}
	ms := paxos.Mutations()
	if len(ms) != 6 {
		t.Fatalf("catalogue has %d mutations, want 6", len(ms))
	}
	for _, m := range ms {
		got, err := paxos.ParseMutation(m.String())
		if err != nil || got != m {
			t.Fatalf("ParseMutation(%q) = %v, %v", m.String(), got, err)
		}
	}
	if _, err := paxos.ParseMutation("nonsense"); err == nil {
		t.Fatal("ParseMutation accepted an unknown name")
	}
	cfg := paxos.Config{ID: 1, Peers: []paxos.NodeID{1}}
	cfg.Mutation = paxos.Mutation(200)
	if _, err := paxos.NewNode(cfg); err == nil {
		t.Fatal("NewNode accepted an unknown mutation")
	}
}
