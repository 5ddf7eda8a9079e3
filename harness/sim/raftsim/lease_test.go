package raftsim

import (
	"testing"
	"time"

	"github.com/dsref/dsref/harness/sim"
	"github.com/dsref/dsref/raft"
)

// leaseScenario runs three nodes serving lease reads (MaxClockDrift = LeaseClockDrift, an
// election timeout of 20 ticks) under clients that read and write one key on a reliable
// network, plants bug mutation ("" for none), and returns porcupine's verdict on the clients'
// history. Once a leader leads, it is cut off
// while clients still read from it:
//   - drift: its clock slows to 120ms a tick while the others' speed up to 80ms (the most the
//     bound allows: 1.5 times as fast), and it is cut off in both directions; the followers'
//     vote locks run out on their fast clocks and they elect a new leader;
//   - transfer: it begins a leadership transfer and hears nothing more (its messages still go
//     out, so the TimeoutNow does): the transferee is elected past the vote lock.
//
// The new leader then commits the clients' writes while the old one answers reads under
// whatever lease it believes it holds.
func leaseScenario(t *testing.T, seed uint64, mutation string, transfer bool) error {
	t.Helper()
	p := Protocol{Configure: func(rc *raft.Config) {
		rc.LeaseReads, rc.MaxClockDrift, rc.DisableCheckQuorum = true, LeaseClockDrift, false
	}}
	c, err := sim.NewCluster(p, sim.Options{Nodes: 3, Seed: seed, Faults: &reliable, Mutation: mutation, Clients: 6, Keys: 1, ElectionTicks: 20})
	if err != nil {
		t.Fatal(err)
	}
	c.SetReadIndex(true)
	c.SetImpatient(true) // clients leave a cut-off leader's writes quickly for the new leader
	c.StartClients()
	c.RunUntil(4 * time.Second)
	leader := 0
	for id := 1; id <= 3; id++ {
		if c.Node(id) != nil && c.Node(id).Status().Leader {
			leader = id
		}
	}
	if leader == 0 {
		t.Fatalf("seed %d: no leader after 4s:\n%s", seed, c)
	}
	if c.Node(leader).(*Node).rawNode().BasicStatus().LeaseTicks == 0 {
		t.Fatalf("seed %d: leader %d holds no lease", seed, leader)
	}
	links := sim.NewLinks(3)
	if transfer {
		target := leader%3 + 1
		if err := c.Act(leader, func(n sim.Node) error { return n.(*Node).rawNode().TransferLeader(uint64(target)) }); err != nil {
			t.Fatal(err)
		}
		for id := 1; id <= 3; id++ {
			links.SetBlocked(id, leader, id != leader)
		}
	} else {
		for id := 1; id <= 3; id++ {
			gap := 80 * time.Millisecond
			if id == leader {
				gap = 120 * time.Millisecond
			}
			c.SetTickGap(id, gap)
		}
		c.RunUntil(c.Now() + time.Second) // rounds under the new rates
		for id := 1; id <= 3; id++ {
			links.SetBlocked(id, leader, id != leader)
			links.SetBlocked(leader, id, id != leader)
		}
	}
	c.SetLinks(links)
	c.RunUntil(c.Now() + 3*time.Second)
	c.HealLinks()
	c.RunUntil(c.Now() + 2*time.Second)
	if f := c.Failure(); f != nil {
		t.Fatalf("seed %d: %v", seed, f)
	}
	return c.CheckLinearizable()
}

// leaseScenarioSeeds is how many seeds each lease scenario runs.
const leaseScenarioSeeds = 8

// TestLeaseReadsStayLinearizable runs the lease scenarios (see leaseScenario) with the correct
// protocol: a cut-off leader's lease runs out before the fastest clock the drift bound allows
// ends a follower's vote lock, and a leader gives its lease up when it begins a transfer, so
// porcupine finds every history linearizable.
//
// Tests RAFT-LEASE-3, RAFT-LEASE-5, RAFT-LEASE-6.
func TestLeaseReadsStayLinearizable(t *testing.T) {
	for _, transfer := range []bool{false, true} {
		for seed := uint64(1); seed <= leaseScenarioSeeds; seed++ {
			if err := leaseScenario(t, seed, "", transfer); err != nil {
				t.Errorf("seed %d (transfer %v): %v", seed, transfer, err)
			}
		}
	}
}
