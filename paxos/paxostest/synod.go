package paxostest

import (
	"fmt"
	"slices"

	"github.com/dsref/dsref/paxos"
)

// SynodCluster is a deterministic in-memory cluster of single-decree Paxos nodes with the
// same manual FIFO network as Cluster.
type SynodCluster struct {
	IDs      []paxos.NodeID
	Nodes    map[paxos.NodeID]*paxos.Synod
	Storage  map[paxos.NodeID]*paxos.Storage
	Learned  map[paxos.NodeID]paxos.Entry // value each node handed out as decided
	InFlight []paxos.Message

	config func(paxos.NodeID) paxos.Config
	down   map[paxos.NodeID]bool
}

// NewSynodCluster builds n single-decree nodes with IDs 1..n.
func NewSynodCluster(n int, configure func(*paxos.Config)) (*SynodCluster, error) {
	c := &SynodCluster{
		Nodes:   map[paxos.NodeID]*paxos.Synod{},
		Storage: map[paxos.NodeID]*paxos.Storage{},
		Learned: map[paxos.NodeID]paxos.Entry{},
		down:    map[paxos.NodeID]bool{},
	}
	for i := 1; i <= n; i++ {
		c.IDs = append(c.IDs, paxos.NodeID(i))
	}
	c.config = func(id paxos.NodeID) paxos.Config {
		cfg := paxos.Config{ID: id, Peers: slices.Clone(c.IDs)}
		if configure != nil {
			configure(&cfg)
		}
		return cfg
	}
	for _, id := range c.IDs {
		s, err := paxos.NewSynod(c.config(id))
		if err != nil {
			return nil, err
		}
		c.Nodes[id] = s
		c.Storage[id] = paxos.NewStorage()
	}
	return c, nil
}

// Process drains node id's Ready: persist, queue messages, record the decision.
func (c *SynodCluster) Process(id paxos.NodeID) error {
	if c.down[id] {
		return nil
	}
	rd := c.Nodes[id].Ready()
	for _, e := range rd.Decided {
		if _, dup := c.Learned[id]; dup {
			return fmt.Errorf("node %d handed out a decision twice", id)
		}
		c.Learned[id] = e
	}
	rd.Decided = nil // Storage tracks Multi-Paxos slots; a Synod decision has slot 0.
	if err := c.Storage[id].Save(rd); err != nil {
		return fmt.Errorf("node %d: %w", id, err)
	}
	c.InFlight = append(c.InFlight, rd.Messages...)
	return nil
}

// Propose makes node id propose value.
func (c *SynodCluster) Propose(id paxos.NodeID, value string) error {
	if err := c.Nodes[id].Propose([]byte(value)); err != nil {
		return err
	}
	return c.Process(id)
}

// Tick ticks node id.
func (c *SynodCluster) Tick(id paxos.NodeID) error {
	if c.down[id] {
		return nil
	}
	c.Nodes[id].Tick()
	return c.Process(id)
}

// DeliverWhere delivers matching messages in FIFO order until none is left or limit were
// taken, and returns those that reached a live node.
func (c *SynodCluster) DeliverWhere(keep func(paxos.Message) bool, limit int) ([]paxos.Message, error) {
	var out []paxos.Message
	for taken := 0; taken < limit; taken++ {
		i := slices.IndexFunc(c.InFlight, keep)
		if i < 0 {
			return out, nil
		}
		m := c.InFlight[i]
		c.InFlight = slices.Delete(c.InFlight, i, i+1)
		if c.down[m.To] {
			continue
		}
		out = append(out, m)
		if err := c.Nodes[m.To].Step(m); err != nil {
			return out, err
		}
		if err := c.Process(m.To); err != nil {
			return out, err
		}
	}
	return out, fmt.Errorf("paxostest: still delivering after %d messages", limit)
}

// DeliverAll delivers until the network is quiet.
func (c *SynodCluster) DeliverAll() ([]paxos.Message, error) {
	return c.DeliverWhere(func(paxos.Message) bool { return true }, 100000)
}

// DropWhere discards matching in-flight messages and returns how many.
func (c *SynodCluster) DropWhere(drop func(paxos.Message) bool) int {
	before := len(c.InFlight)
	c.InFlight = slices.DeleteFunc(c.InFlight, drop)
	return before - len(c.InFlight)
}

// Crash stops node id; Restart brings it back from its Storage.
func (c *SynodCluster) Crash(id paxos.NodeID) { c.down[id] = true }

// Restart rebuilds node id from its Storage.
func (c *SynodCluster) Restart(id paxos.NodeID) error {
	st := c.Storage[id].State()
	if e, ok := c.Learned[id]; ok {
		// The application persisted the decision it was handed.
		st.Decided = []paxos.Entry{e}
	}
	s, err := paxos.RestartSynod(c.config(id), st)
	if err != nil {
		return err
	}
	c.Nodes[id] = s
	c.down[id] = false
	return c.Process(id)
}

// CheckAgreement verifies that all learned values are equal.
func (c *SynodCluster) CheckAgreement() error {
	var first paxos.Entry
	var firstID paxos.NodeID
	for _, id := range c.IDs {
		e, ok := c.Learned[id]
		if !ok {
			continue
		}
		if firstID == 0 {
			first, firstID = e, id
			continue
		}
		if first.Noop != e.Noop || string(first.Data) != string(e.Data) {
			return fmt.Errorf("agreement violated: node %d learned %q, node %d learned %q", firstID, first.Data, id, e.Data)
		}
	}
	return nil
}
