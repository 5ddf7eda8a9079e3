package sim

import (
	"math/rand/v2"
	"strconv"
	"time"
)

// Operator is implemented by protocols whose adapters change the cluster as an operator would
// while it runs: membership changes (add, promote, demote, remove) and leadership transfers.
// The cluster calls Operate every OperateEvery of simulated time during the fault phase, with
// its own source (drawn from the seed, apart from the faults', so that a replayed schedule sees
// the same operations).
type Operator interface {
	// OperateEvery is how often to operate in a run of variant (NodeConfig.Variant); zero means
	// never.
	OperateEvery(variant uint64) time.Duration
	// Operate acts on the running nodes (nil for a crashed one, index i for node i+1), and
	// returns the node it acted through (0 if none) and what it did, for the event log. The
	// cluster then collects that node's output.
	Operate(nodes []Node, rng *rand.Rand) (node int, what string)
}

// startOperating schedules the first operation, if the protocol operates in this run.
func (c *Cluster) startOperating() {
	op, ok := c.nodes.proto.(Operator)
	if !ok {
		return
	}
	if every := op.OperateEvery(c.nodes.base.Variant); every > 0 {
		c.opRng = rand.New(rand.NewPCG(c.opts.Seed, 0x6f70657261746f72)) // "operator"
		c.schedule(every, event{kind: evOperate})
	}
}

// operate is an operation event: one operation, then the next one, until the heal.
func (c *Cluster) operate() {
	if c.nem.healing {
		return
	}
	op := c.nodes.proto.(Operator)
	view := make([]Node, c.n)
	for id := 1; id <= c.n; id++ {
		if s := c.nodes.get(id); !s.paused {
			view[id-1] = s.node
		}
	}
	id, what := op.Operate(view, c.opRng)
	b := c.log.begin(c.now)
	b = append(b, "operate n"...)
	b = strconv.AppendInt(b, int64(id), 10)
	b = append(b, ' ')
	b = append(b, what...)
	c.log.end(b)
	if id >= 1 && id <= c.n {
		if s := c.nodes.get(id); s.node != nil {
			c.drain(s)
		}
	}
	c.schedule(op.OperateEvery(c.nodes.base.Variant), event{kind: evOperate})
}
