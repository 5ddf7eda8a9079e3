// Package driver is the one driver every Raft library in the side-by-side benchmarks goes
// through, so that the libraries differ in nothing but their own code.
//
// A RawNode-style library (dsref's raft, go.etcd.io/raft/v3) is adapted to Node and driven by
// Cluster in one goroutine: three nodes with in-memory storage; each round takes every node's
// Ready, appends its entries to storage, saves its hard state, counts its newly committed
// entries as applied, advances, and then delivers every message it produced with Step. A
// proposal counts as committed only once all three nodes have applied it.
//
// Shapes (Shape) say how proposals are offered: Sequential keeps one outstanding; Pipelined
// keeps Outstanding outstanding with one Propose call per entry; Batched keeps Outstanding
// outstanding, topping them up with one batch call per round. Every payload is PayloadSize
// bytes.
package driver

import (
	"fmt"
	"testing"
)

// PayloadSize is the size of every proposal's payload.
const PayloadSize = 128

// Outstanding is how many proposals the pipelined and batched shapes keep in flight.
const Outstanding = 256

// Shape is how proposals are offered to the leader.
type Shape int

const (
	// Sequential proposes one entry and waits until all nodes applied it.
	Sequential Shape = iota
	// Pipelined keeps Outstanding entries in flight, one Propose call per entry.
	Pipelined
	// Batched keeps Outstanding entries in flight, topping them up with one batch call.
	Batched
)

// Shapes lists every shape in the order the results table shows them.
var Shapes = []Shape{Sequential, Pipelined, Batched}

func (s Shape) String() string {
	switch s {
	case Sequential:
		return "sequential"
	case Pipelined:
		return fmt.Sprintf("pipelined-%d", Outstanding)
	case Batched:
		return fmt.Sprintf("batched-%d", Outstanding)
	}
	return fmt.Sprintf("Shape(%d)", int(s))
}

// Node is one node of a RawNode-style library, as the driver needs it. M is the library's
// message type, so that queued messages are not boxed.
type Node[M any] interface {
	// Propose proposes one entry (the leader only).
	Propose(data []byte) error
	// ProposeBatch proposes all of data in one call (the leader only).
	ProposeBatch(data [][]byte) error
	// HasReady reports whether Handle has work to do.
	HasReady() bool
	// Handle takes the node's Ready, appends its entries and saves its hard state in the
	// node's storage, passes every message to send, returns how many committed entries with a
	// non-empty payload it applied, and advances the node.
	Handle(send func(M)) (applied int, err error)
	// Step delivers a message addressed to this node.
	Step(m M) error
}

// Library makes the three nodes of a cluster (IDs 1, 2, 3, all voters, node 1 campaigning)
// and tells where a message goes.
type Library[M any] interface {
	NewNode(id uint64, peers []uint64) (Node[M], error)
	// Campaign makes node n start an election.
	Campaign(n Node[M]) error
	// To is the ID of the node m is addressed to.
	To(m M) uint64
}

// Cluster is three nodes of one library driven synchronously by one goroutine.
type Cluster[M any] struct {
	lib     Library[M]
	nodes   []Node[M]
	applied [3]int
	queue   []M
	next    []M
	send    func(M)
}

// NewCluster starts three nodes and elects node 1.
func NewCluster[M any](lib Library[M]) (*Cluster[M], error) {
	c := &Cluster[M]{lib: lib}
	c.send = func(m M) { c.queue = append(c.queue, m) }
	peers := []uint64{1, 2, 3}
	for _, id := range peers {
		n, err := lib.NewNode(id, peers)
		if err != nil {
			return nil, err
		}
		c.nodes = append(c.nodes, n)
	}
	if err := lib.Campaign(c.nodes[0]); err != nil {
		return nil, err
	}
	for {
		busy, err := c.Round()
		if err != nil {
			return nil, err
		}
		if !busy {
			return c, nil
		}
	}
}

// Round handles every node's Ready once and then delivers the messages they produced. It
// reports whether there was anything to do.
func (c *Cluster[M]) Round() (busy bool, err error) {
	for i, n := range c.nodes {
		if !n.HasReady() {
			continue
		}
		busy = true
		k, err := n.Handle(c.send)
		if err != nil {
			return busy, fmt.Errorf("node %d: %w", i+1, err)
		}
		c.applied[i] += k
	}
	if len(c.queue) > 0 {
		busy = true
		c.queue, c.next = c.next[:0], c.queue
		for _, m := range c.next {
			to := c.lib.To(m)
			if to < 1 || to > 3 {
				return busy, fmt.Errorf("message to unknown node %d", to)
			}
			if err := c.nodes[to-1].Step(m); err != nil {
				return busy, fmt.Errorf("node %d: step: %w", to, err)
			}
		}
	}
	return busy, nil
}

// AppliedOnAll is the number of proposals all three nodes applied.
func (c *Cluster[M]) AppliedOnAll() int {
	return min(c.applied[0], c.applied[1], c.applied[2])
}

// Commit drives the cluster until n proposals, offered in the given shape, are applied on all
// three nodes.
func (c *Cluster[M]) Commit(shape Shape, n int) error {
	payload := make([]byte, PayloadSize)
	batch := make([][]byte, Outstanding)
	for i := range batch {
		batch[i] = payload
	}
	start := c.AppliedOnAll()
	proposed := 0
	for c.AppliedOnAll()-start < n {
		inFlight := proposed - (c.AppliedOnAll() - start)
		want := 1
		if shape != Sequential {
			want = Outstanding
		}
		top := min(want-inFlight, n-proposed)
		if top > 0 {
			switch shape {
			case Batched:
				if err := c.nodes[0].ProposeBatch(batch[:top]); err != nil {
					return err
				}
			default:
				for range top {
					if err := c.nodes[0].Propose(payload); err != nil {
						return err
					}
				}
			}
			proposed += top
		}
		busy, err := c.Round()
		if err != nil {
			return err
		}
		if !busy && top <= 0 {
			return fmt.Errorf("cluster is idle with %d of %d proposals applied on all nodes", c.AppliedOnAll()-start, n)
		}
	}
	return nil
}

// Benchmark runs the three shapes as sub-benchmarks of b: one op is one proposal applied on all
// three nodes; it reports commits/s besides the allocations and bytes per commit.
func Benchmark[M any](b *testing.B, lib Library[M]) {
	for _, shape := range Shapes {
		b.Run(shape.String(), func(b *testing.B) {
			c, err := NewCluster(lib)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			if err := c.Commit(shape, b.N); err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "commits/s")
		})
	}
}
