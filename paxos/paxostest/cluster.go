package paxostest

import (
	"fmt"
	"slices"

	"github.com/dsref/dsref/paxos"
)

// Cluster is a deterministic in-memory Multi-Paxos cluster. Messages wait in a FIFO queue
// until a test delivers, drops or reorders them; nothing happens unless the test says so.
// Every node's Ready is processed (persisted to its Storage, messages queued, decided
// entries applied to its KV and appended to its Log) right after each input.
type Cluster struct {
	IDs      []paxos.NodeID
	Nodes    map[paxos.NodeID]*paxos.Node
	Storage  map[paxos.NodeID]*paxos.Storage
	KV       map[paxos.NodeID]*KV
	Log      map[paxos.NodeID][]paxos.Entry // decided entries in apply order
	Results  map[paxos.NodeID][]KVResult    // results of applied client commands
	InFlight []paxos.Message

	// Sent counts every message handed to the network, Delivered those stepped.
	Sent, Delivered int
	// Installed counts the snapshots each node installed from a peer.
	Installed map[paxos.NodeID]int

	digests  map[uint64]uint64 // slot -> digest of the applied log up to it, as first seen
	diverged error             // the first digest mismatch, reported by CheckAgreement

	config func(paxos.NodeID) paxos.Config
	down   map[paxos.NodeID]bool
	cut    map[[2]paxos.NodeID]bool
}

// NewCluster builds n nodes with IDs 1..n. configure, if not nil, may adjust each node's
// Config (ID and Peers are preset).
func NewCluster(n int, configure func(*paxos.Config)) (*Cluster, error) {
	c := &Cluster{
		Nodes:     map[paxos.NodeID]*paxos.Node{},
		Storage:   map[paxos.NodeID]*paxos.Storage{},
		KV:        map[paxos.NodeID]*KV{},
		Log:       map[paxos.NodeID][]paxos.Entry{},
		Results:   map[paxos.NodeID][]KVResult{},
		Installed: map[paxos.NodeID]int{},
		digests:   map[uint64]uint64{},
		down:      map[paxos.NodeID]bool{},
		cut:       map[[2]paxos.NodeID]bool{},
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
		node, err := paxos.NewNode(c.config(id))
		if err != nil {
			return nil, err
		}
		c.Nodes[id] = node
		c.Storage[id] = paxos.NewStorage()
		c.KV[id] = NewKV()
	}
	return c, nil
}

// Process drains node id's Ready: persist, queue messages, restore the KV from an installed
// snapshot, apply decided entries. After every slot it compares the KV's digest with the one
// every other node had at that slot, so logs that diverged are caught even where snapshots
// replaced them.
func (c *Cluster) Process(id paxos.NodeID) error {
	node := c.Nodes[id]
	if node == nil || c.down[id] {
		return nil
	}
	rd := node.Ready()
	if err := c.Storage[id].Save(rd); err != nil {
		return fmt.Errorf("node %d: %w", id, err)
	}
	for _, m := range rd.Messages {
		c.Sent++
		if c.cut[[2]paxos.NodeID{m.From, m.To}] {
			continue
		}
		c.InFlight = append(c.InFlight, m)
	}
	if rd.Snapshot != nil {
		kv, err := RestoreKV(rd.Snapshot.Data)
		if err != nil {
			return fmt.Errorf("node %d: installing snapshot at slot %d: %w", id, rd.Snapshot.Index, err)
		}
		if kv.Applied() != rd.Snapshot.Index {
			return fmt.Errorf("node %d: snapshot for slot %d holds a store at slot %d", id, rd.Snapshot.Index, kv.Applied())
		}
		c.KV[id] = kv
		c.Installed[id]++
		c.checkDigest(id)
	}
	for _, e := range rd.Decided {
		c.Log[id] = append(c.Log[id], e)
		res, ok, err := c.KV[id].Apply(e)
		if err != nil {
			return fmt.Errorf("node %d: %w", id, err)
		}
		if ok {
			c.Results[id] = append(c.Results[id], res)
		}
		c.checkDigest(id)
	}
	return nil
}

// checkDigest records or compares the digest of node id's applied log at its applied slot;
// the first mismatch is kept for CheckAgreement.
func (c *Cluster) checkDigest(id paxos.NodeID) {
	kv := c.KV[id]
	d, ok := c.digests[kv.Applied()]
	if !ok {
		c.digests[kv.Applied()] = kv.Digest()
		return
	}
	if d != kv.Digest() && c.diverged == nil {
		c.diverged = fmt.Errorf("agreement violated: node %d's applied log up to slot %d differs from another node's (digest %016x, want %016x)",
			id, kv.Applied(), kv.Digest(), d)
	}
}

// Compact hands node id a snapshot of its KV at the KV's applied slot (paxos.Node.Compact)
// and processes it.
func (c *Cluster) Compact(id paxos.NodeID) error {
	if c.down[id] {
		return fmt.Errorf("paxostest: node %d is down", id)
	}
	kv := c.KV[id]
	if err := c.Nodes[id].Compact(paxos.Snapshot{Index: kv.Applied(), Data: kv.Snapshot()}); err != nil {
		return err
	}
	return c.Process(id)
}

// ProcessAll drains every live node's Ready.
func (c *Cluster) ProcessAll() error {
	for _, id := range c.IDs {
		if err := c.Process(id); err != nil {
			return err
		}
	}
	return nil
}

// Deliver steps the i-th in-flight message into its recipient and processes the
// recipient. It reports false, dropping the message, if the recipient is down or the link
// is cut.
func (c *Cluster) Deliver(i int) (bool, error) {
	m := c.InFlight[i]
	c.InFlight = slices.Delete(c.InFlight, i, i+1)
	if c.down[m.To] || c.cut[[2]paxos.NodeID{m.From, m.To}] {
		return false, nil
	}
	c.Delivered++
	if err := c.Nodes[m.To].Step(m); err != nil {
		return true, err
	}
	return true, c.Process(m.To)
}

// DeliverWhere delivers, in FIFO order, in-flight messages matching keep until none is
// left (including ones sent in reaction) or limit messages were taken. It returns the
// messages that reached a live recipient.
func (c *Cluster) DeliverWhere(keep func(paxos.Message) bool, limit int) ([]paxos.Message, error) {
	var out []paxos.Message
	for taken := 0; taken < limit; taken++ {
		i := slices.IndexFunc(c.InFlight, keep)
		if i < 0 {
			return out, nil
		}
		m := c.InFlight[i]
		ok, err := c.Deliver(i)
		if ok {
			out = append(out, m)
		}
		if err != nil {
			return out, err
		}
	}
	return out, fmt.Errorf("paxostest: still delivering after %d messages", limit)
}

// DeliverAll delivers everything until the network is quiet.
func (c *Cluster) DeliverAll() ([]paxos.Message, error) {
	return c.DeliverWhere(func(paxos.Message) bool { return true }, 100000)
}

// DropWhere discards in-flight messages matching drop and returns how many.
func (c *Cluster) DropWhere(drop func(paxos.Message) bool) int {
	before := len(c.InFlight)
	c.InFlight = slices.DeleteFunc(c.InFlight, drop)
	return before - len(c.InFlight)
}

// Tick ticks node id once and processes it.
func (c *Cluster) Tick(id paxos.NodeID) error {
	if c.down[id] {
		return nil
	}
	c.Nodes[id].Tick()
	return c.Process(id)
}

// Propose proposes a command at node id and processes it.
func (c *Cluster) Propose(id paxos.NodeID, data []byte) error {
	if c.down[id] {
		return fmt.Errorf("paxostest: node %d is down", id)
	}
	if err := c.Nodes[id].Propose(data); err != nil {
		return err
	}
	return c.Process(id)
}

// Campaign makes node id start phase 1 and processes it.
func (c *Cluster) Campaign(id paxos.NodeID) error {
	if c.down[id] {
		return fmt.Errorf("paxostest: node %d is down", id)
	}
	err := c.Nodes[id].Campaign()
	if perr := c.Process(id); perr != nil {
		return perr
	}
	return err
}

// Crash stops node id: its volatile state is lost, its in-flight messages to it are
// dropped on delivery. Storage, KV and Log survive.
func (c *Cluster) Crash(id paxos.NodeID) {
	c.down[id] = true
}

// Restart brings node id back from its Storage. Its KV and Log are kept, since the
// application persisted what it applied (Storage records Applied).
func (c *Cluster) Restart(id paxos.NodeID) error {
	node, err := paxos.RestartNode(c.config(id), c.Storage[id].State())
	if err != nil {
		return err
	}
	c.Nodes[id] = node
	c.down[id] = false
	return c.Process(id)
}

// Down reports whether node id is crashed.
func (c *Cluster) Down(id paxos.NodeID) bool { return c.down[id] }

// Partition cuts every link between nodes in different groups (in both directions).
// Nodes not listed form one more group.
func (c *Cluster) Partition(groups ...[]paxos.NodeID) {
	group := map[paxos.NodeID]int{}
	for gi, g := range groups {
		for _, id := range g {
			group[id] = gi + 1
		}
	}
	for _, a := range c.IDs {
		for _, b := range c.IDs {
			if group[a] != group[b] {
				c.cut[[2]paxos.NodeID{a, b}] = true
			}
		}
	}
}

// Heal restores every link.
func (c *Cluster) Heal() { c.cut = map[[2]paxos.NodeID]bool{} }

// Leader returns the live node that is Leader with the highest ballot, or 0.
func (c *Cluster) Leader() paxos.NodeID {
	var best paxos.NodeID
	var bestBallot paxos.Ballot
	for _, id := range c.IDs {
		st := c.Nodes[id].Status()
		if !c.down[id] && st.Role == paxos.Leader && st.Ballot > bestBallot {
			best, bestBallot = id, st.Ballot
		}
	}
	return best
}

// CheckAgreement verifies that no two nodes applied different values in one slot, that
// every node's log is increasing, and that every node's applied log (snapshots included) had
// the same digest at each slot as every other node's (so applied logs are prefixes of one
// another).
func (c *Cluster) CheckAgreement() error {
	if err := CheckLogs(c.Log); err != nil {
		return err
	}
	return c.diverged
}

// CheckLogs verifies per-slot agreement and prefix consistency of applied logs. A log may
// skip the slots a snapshot covered (it then continues after them).
func CheckLogs(logs map[paxos.NodeID][]paxos.Entry) error {
	chosen := map[uint64]paxos.Entry{}
	chosenBy := map[uint64]paxos.NodeID{}
	ids := make([]paxos.NodeID, 0, len(logs))
	for id := range logs {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		for i, e := range logs[id] {
			if e.Slot == 0 || i > 0 && e.Slot <= logs[id][i-1].Slot {
				return fmt.Errorf("node %d applied slot %d at position %d", id, e.Slot, i+1)
			}
			prev, ok := chosen[e.Slot]
			if !ok {
				chosen[e.Slot], chosenBy[e.Slot] = e, id
				continue
			}
			if prev.Noop != e.Noop || string(prev.Data) != string(e.Data) {
				return fmt.Errorf("agreement violated in slot %d: node %d applied %v, node %d applied %v",
					e.Slot, chosenBy[e.Slot], prev, id, e)
			}
		}
	}
	return nil
}
