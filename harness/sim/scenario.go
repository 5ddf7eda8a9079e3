package sim

// The primitive operations scenario tests and the rapid scheduler (ScheduleProperty) drive a
// cluster with, beside those of inject.go (partition, crash, pause and their inverses).

import (
	"fmt"
	"sort"
	"time"
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
	c.nodes.check()
}

// DropNow loses the k-th message in flight.
func (c *Cluster) DropNow(k int) {
	e := c.agenda.removeAt(c.inFlightIndex(k))
	c.net.logMsg("drop", e.env)
	c.trace.network("DropMessage", e.env)
}

// Invoke starts a client operation if the client has none outstanding; it reports whether it
// did.
func (c *Cluster) Invoke(clientID int) bool {
	cl := c.clients.byID(clientID)
	if cl == nil || cl.pending {
		return false
	}
	c.newOp(cl, c.clients.randomCommand(cl))
	return true
}

// SetFaults replaces the network's fault mix (scenario tests switch between a reliable and an
// unreliable network).
func (c *Cluster) SetFaults(f Faults) {
	c.net.faults, c.nem.mix = f, f
	c.logf("faults %s", f)
}

// CheckLinearizable checks the client history so far with porcupine.
func (c *Cluster) CheckLinearizable() error {
	return checkLinearizable(c.clients.history, 10*time.Second)
}

// Propose offers cmd to node id directly and processes the node's output, as a scenario test's
// Start does. It returns ErrNotLeader for a crashed node.
func (c *Cluster) Propose(id int, cmd []byte) error {
	s := c.nodes.get(id)
	if s.node == nil {
		return ErrNotLeader
	}
	if err := s.node.Propose(cmd); err != nil {
		return err
	}
	return c.drain(s)
}

// Act calls fn with node id's Node, for a scenario that drives the core directly (a leadership
// transfer, say), then processes the node's output. It returns ErrNotLeader for a crashed node.
func (c *Cluster) Act(id int, fn func(Node) error) error {
	s := c.nodes.get(id)
	if s.node == nil {
		return ErrNotLeader
	}
	if err := fn(s.node); err != nil {
		return err
	}
	return c.drain(s)
}

// SetTickGap makes node id tick every gap from its next tick on: a scenario's clock drift.
func (c *Cluster) SetTickGap(id int, gap time.Duration) {
	c.inject(FaultStep{At: c.now, Kind: FaultDrift, Node: id, TickGap: gap})
}

// SetReadIndex makes the clients' gets go through ReadIndex where the node supports it (on), or
// through the log (off); a seeded cluster draws it.
func (c *Cluster) SetReadIndex(on bool) { c.clients.useReadIndex = on }

// SetImpatient makes the clients give an operation up after 3 ticks instead of two election
// timeouts (and try another node); a seeded cluster draws it.
func (c *Cluster) SetImpatient(on bool) { c.clients.impatient = on }

// StartClients schedules every client's first operation.
func (c *Cluster) StartClients() { c.clients.start() }

// String describes the cluster state briefly, for rapid's logs.
func (c *Cluster) String() string {
	return fmt.Sprintf("t=%v steps=%d in-flight=%d links=%s", c.now, c.steps, c.InFlight(), c.net.links)
}
