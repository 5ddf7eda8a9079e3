package sim

import (
	"fmt"
	"sort"
	"time"

	"pgregory.net/rapid"
)

// InFlight is the number of messages on the network.
func (c *Cluster) InFlight() int {
	k := 0
	for i := range c.agenda.items {
		if c.agenda.items[i].kind == evDeliver {
			k++
		}
	}
	return k
}

// inFlightIndex returns the heap position of the k-th message in flight, in delivery order.
func (c *Cluster) inFlightIndex(k int) int {
	var idx []int
	for i := range c.agenda.items {
		if c.agenda.items[i].kind == evDeliver {
			idx = append(idx, i)
		}
	}
	sort.Slice(idx, func(a, b int) bool {
		x, y := &c.agenda.items[idx[a]], &c.agenda.items[idx[b]]
		if x.at != y.at {
			return x.at < y.at
		}
		return x.seq < y.seq
	})
	return idx[k]
}

// DeliverNow delivers the k-th message in flight (in delivery order) immediately, ahead of the
// others: a scheduler's reordering decision.
func (c *Cluster) DeliverNow(k int) {
	e := c.agenda.removeAt(c.inFlightIndex(k))
	c.steps++
	c.deliver(e.env)
	c.check()
}

// DropNow loses the k-th message in flight.
func (c *Cluster) DropNow(k int) {
	e := c.agenda.removeAt(c.inFlightIndex(k))
	c.logMsg("drop", e.env)
}

// Invoke starts a client operation if the client has none outstanding; it reports whether it
// did.
func (c *Cluster) Invoke(clientID int) bool {
	cl := c.clientByID(clientID)
	if cl == nil || cl.pending {
		return false
	}
	c.newOp(cl, c.randomCommand(cl))
	return true
}

// SetFaults replaces the network's fault mix (scenario tests switch between a reliable and an
// unreliable network).
func (c *Cluster) SetFaults(f Faults) {
	c.faults = f
	c.logf("faults %s", f)
}

// CheckLinearizable checks the client history so far with porcupine.
func (c *Cluster) CheckLinearizable() error { return checkLinearizable(c.history, 10*time.Second) }

// Propose offers cmd to node id directly and processes the node's output, as a scenario test's
// Start does. It returns ErrNotLeader for a crashed node.
func (c *Cluster) Propose(id int, cmd []byte) error {
	s := c.slots[id]
	if s.node == nil {
		return ErrNotLeader
	}
	if err := s.node.Propose(cmd); err != nil {
		return err
	}
	return c.drain(s)
}

// ScheduleProperty is a rapid property whose actions are scheduler decisions on a cluster of the
// given protocol: deliver a chosen message now (reordering), drop one, let time pass, partition,
// heal, crash, restart, pause, resume, or start a client operation. Invariants are checked after
// every action; at the end the network heals, the cluster runs for twenty election timeouts and
// the client history must be linearizable. When it fails, rapid shrinks the action sequence to a
// minimal schedule and prints it with the failure.
func ScheduleProperty(p Protocol, nodes int, mutation string) func(*rapid.T) {
	return func(t *rapid.T) {
		seed := rapid.Uint64().Draw(t, "seed")
		faults := NoFaults(time.Millisecond)
		c, err := NewCluster(p, Options{Nodes: nodes, Seed: seed, Mutation: mutation, Faults: &faults})
		if err != nil {
			t.Fatalf("%v", err)
		}
		for _, cl := range c.clients {
			cl.op = -1
		}
		c.issuing = false
		node := rapid.IntRange(1, nodes)
		t.Repeat(map[string]func(*rapid.T){
			"deliver": func(t *rapid.T) {
				if n := c.InFlight(); n > 0 {
					c.DeliverNow(rapid.IntRange(0, n-1).Draw(t, "message"))
				}
			},
			"drop": func(t *rapid.T) {
				if n := c.InFlight(); n > 0 {
					c.DropNow(rapid.IntRange(0, n-1).Draw(t, "message"))
				}
			},
			"advance": func(t *rapid.T) {
				ms := rapid.IntRange(1, 500).Draw(t, "ms")
				c.RunUntil(c.now + time.Duration(ms)*time.Millisecond)
			},
			"partition": func(t *rapid.T) {
				c.Partition(PartitionShape(rapid.IntRange(0, int(numPartitionShapes)-1).Draw(t, "shape")))
			},
			"heal":    func(t *rapid.T) { c.HealLinks() },
			"crash":   func(t *rapid.T) { c.Crash(node.Draw(t, "node")) },
			"restart": func(t *rapid.T) { c.Restart(node.Draw(t, "node")) },
			"pause":   func(t *rapid.T) { c.Pause(node.Draw(t, "node")) },
			"resume":  func(t *rapid.T) { c.Resume(node.Draw(t, "node")) },
			"client": func(t *rapid.T) {
				c.Invoke(rapid.IntRange(1, len(c.clients)).Draw(t, "client"))
			},
			"": func(t *rapid.T) {
				if f := c.Failure(); f != nil {
					t.Fatalf("seed %d: %v", seed, f)
				}
			},
		})
		c.heal()
		c.RunUntil(c.now + 20*time.Duration(c.opts.ElectionTicks)*c.opts.Tick)
		if f := c.Failure(); f != nil {
			t.Fatalf("seed %d, after healing: %v", seed, f)
		}
		if err := checkLinearizable(c.history, 10*time.Second); err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
	}
}

// String describes the cluster state briefly, for rapid's logs.
func (c *Cluster) String() string {
	return fmt.Sprintf("t=%v steps=%d in-flight=%d links=%s", c.now, c.steps, c.InFlight(), c.links)
}
