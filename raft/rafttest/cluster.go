package rafttest

import (
	"errors"
	"fmt"
	"slices"

	"github.com/dsref/dsref/raft"
)

// Node is one member of a Cluster: the running RawNode (nil while crashed), its durable storage
// and what its state machine has applied.
type Node struct {
	ID      uint64
	Raw     *raft.RawNode
	Storage *raft.MemoryStorage
	// Snapshot is the snapshot the state machine was last restored from (installed from the
	// leader, or read from storage on restart); zero if none.
	Snapshot raft.SnapshotMetadata
	// SnapshotData is that snapshot's data.
	SnapshotData []byte
	// Applied lists every committed entry handed to the state machine after Snapshot, in
	// order. A restart replays from the stored snapshot, so Applied is reset on Restart.
	Applied []raft.Entry
	// ReadStates lists every answered ReadIndex request.
	ReadStates []raft.ReadState
	// Async says the node runs with Config.AsyncStorageWrites: its Ready's MsgStorageAppend
	// and MsgStorageApply wait in Writes and Applies until Persist and Apply do them (a crash
	// loses them).
	Async   bool
	Writes  []raft.Message
	Applies []raft.Message
}

// Cluster is a set of nodes on a deterministic network. Messages leave a node only through
// ProcessReady (after its Ready was persisted) and wait in Queue until delivered.
type Cluster struct {
	IDs   []uint64
	Nodes map[uint64]*Node
	Queue []raft.Message
	// cut[{a,b}] drops every message from a to b at delivery time.
	cut       map[[2]uint64]bool
	configure func(*raft.Config)
	// joining are the nodes added after the start (AddNode): they start with no Peers.
	joining []uint64
	// Trace, if set, is installed as every node's Tracer.
	Trace raft.Tracer
	// Refused lists the proposals delivered to a node that refused them with a flow-control
	// error (*raft.ProposalLimitError), in order: a forwarded proposal is lost then, and only
	// the receiver knows, as with etcd-io/raft.
	Refused []Refusal
}

// Refusal is a delivered proposal and the error its recipient refused it with.
type Refusal struct {
	Msg raft.Message
	Err error
}

// NewCluster starts n nodes with IDs 1..n. configure, if non-nil, adjusts each node's Config
// (it is called again on every restart).
func NewCluster(n int, configure func(*raft.Config)) (*Cluster, error) {
	c := &Cluster{Nodes: map[uint64]*Node{}, cut: map[[2]uint64]bool{}, configure: configure}
	for i := 1; i <= n; i++ {
		c.IDs = append(c.IDs, uint64(i))
	}
	for _, id := range c.IDs {
		st := raft.NewMemoryStorage()
		st.SetConfState(raft.ConfState{Voters: c.IDs})
		c.Nodes[id] = &Node{ID: id, Storage: st}
		if err := c.start(id, 0); err != nil {
			return nil, err
		}
	}
	return c, nil
}

func (c *Cluster) config(id uint64, applied uint64) *raft.Config {
	cfg := &raft.Config{ID: id, Storage: c.Nodes[id].Storage, ElectionTick: 10, HeartbeatTick: 1, Applied: applied, Tracer: c.Trace}
	if c.configure != nil {
		c.configure(cfg)
	}
	if slices.Contains(c.joining, id) {
		cfg.Peers = nil
	}
	return cfg
}

func (c *Cluster) start(id, applied uint64) error {
	cfg := c.config(id, applied)
	rn, err := raft.NewRawNode(cfg)
	if err != nil {
		return err
	}
	c.Nodes[id].Raw = rn
	c.Nodes[id].Async = cfg.AsyncStorageWrites
	return nil
}

func (c *Cluster) node(id uint64) (*Node, error) {
	n, ok := c.Nodes[id]
	if !ok {
		return nil, fmt.Errorf("no node %d", id)
	}
	if n.Raw == nil {
		return nil, fmt.Errorf("node %d is crashed", id)
	}
	return n, nil
}

// ProcessReady handles one Ready of node id in the order the contract requires: persist,
// then queue messages, then apply. It reports whether there was anything to do.
func (c *Cluster) ProcessReady(id uint64) (bool, error) {
	n, err := c.node(id)
	if err != nil {
		return false, err
	}
	if !n.Raw.HasReady() {
		return false, nil
	}
	rd := n.Raw.Ready()
	if n.Async {
		// Network messages leave at once; the writes and the entries to apply wait for
		// Persist and Apply.
		for _, m := range rd.Messages {
			switch m.To {
			case raft.LocalAppendThread:
				n.Writes = append(n.Writes, m)
			case raft.LocalApplyThread:
				n.Applies = append(n.Applies, m)
			default:
				c.Queue = append(c.Queue, m)
			}
		}
		n.ReadStates = append(n.ReadStates, rd.ReadStates...)
		return true, nil
	}
	if !rd.Snapshot.IsEmpty() {
		if err := n.Storage.ApplySnapshot(rd.Snapshot); err != nil {
			return false, err
		}
		n.Snapshot, n.SnapshotData, n.Applied = rd.Snapshot.Metadata, rd.Snapshot.Data, nil
	}
	if err := n.Storage.Append(rd.Entries); err != nil {
		return false, err
	}
	if !rd.HardState.IsEmpty() {
		n.Storage.SetHardState(rd.HardState)
	}
	c.Queue = append(c.Queue, rd.Messages...)
	n.Applied = append(n.Applied, rd.CommittedEntries...)
	n.ReadStates = append(n.ReadStates, rd.ReadStates...)
	n.Raw.Advance(rd)
	return true, nil
}

// Persist makes node id's oldest pending write (an asynchronous MsgStorageAppend) durable:
// its snapshot (which the state machine is restored from), entries and hard state go to
// storage, its answers to peers are queued, and its response is stepped into the node. It
// returns the MsgStorageAppend, or false if none was pending.
func (c *Cluster) Persist(id uint64) (raft.Message, bool, error) {
	n, err := c.node(id)
	if err != nil || len(n.Writes) == 0 {
		return raft.Message{}, false, err
	}
	w := n.Writes[0]
	n.Writes = n.Writes[1:]
	if w.Snapshot != nil {
		if err := n.Storage.ApplySnapshot(*w.Snapshot); err != nil {
			return w, true, err
		}
		n.Snapshot, n.SnapshotData, n.Applied = w.Snapshot.Metadata, w.Snapshot.Data, nil
	}
	if err := n.Storage.Append(w.Entries); err != nil {
		return w, true, err
	}
	if hs := (raft.HardState{Term: w.Term, Vote: w.Vote, Commit: w.Commit}); !hs.IsEmpty() {
		n.Storage.SetHardState(hs)
	}
	for _, m := range w.Responses {
		if m.To != id {
			c.Queue = append(c.Queue, m)
			continue
		}
		if err := n.Raw.Step(m); err != nil {
			return w, true, fmt.Errorf("node %d stepping %v: %w", id, m, err)
		}
	}
	return w, true, nil
}

// Apply applies every pending MsgStorageApply of node id to its state machine and steps their
// responses; it reports whether there was one.
func (c *Cluster) Apply(id uint64) (bool, error) {
	n, err := c.node(id)
	if err != nil || len(n.Applies) == 0 {
		return false, err
	}
	applies := n.Applies
	n.Applies = nil
	for _, a := range applies {
		n.Applied = append(n.Applied, a.Entries...)
		for _, m := range a.Responses {
			if err := n.Raw.Step(m); err != nil {
				return true, fmt.Errorf("node %d stepping %v: %w", id, m, err)
			}
		}
	}
	return true, nil
}

// Deliver hands every queued message addressed to id (all messages if id is 0) to its
// recipient, in queue order, and returns them. Messages to crashed nodes or across a cut link
// are dropped and returned in dropped.
func (c *Cluster) Deliver(id uint64) (delivered, dropped []raft.Message, err error) {
	var keep []raft.Message
	queue := c.Queue
	c.Queue = nil
	for _, m := range queue {
		if id != 0 && m.To != id {
			keep = append(keep, m)
			continue
		}
		n := c.Nodes[m.To]
		if n == nil || n.Raw == nil || c.cut[[2]uint64{m.From, m.To}] {
			dropped = append(dropped, m)
			continue
		}
		if err := n.Raw.Step(m); err != nil {
			if !errors.Is(err, raft.ErrProposalDropped) {
				return delivered, dropped, fmt.Errorf("delivering %v: %w", m, err)
			}
			if err != raft.ErrProposalDropped {
				c.Refused = append(c.Refused, Refusal{Msg: m, Err: err})
			}
		}
		delivered = append(delivered, m)
	}
	c.Queue = append(keep, c.Queue...)
	return delivered, dropped, nil
}

// Stabilize alternates ProcessReady on every live node and delivery of every queued message
// until nothing is left to do, returning the messages in delivery order.
func (c *Cluster) Stabilize() (delivered, dropped []raft.Message, err error) {
	for round := 0; ; round++ {
		if round > 10000 {
			return delivered, dropped, fmt.Errorf("cluster did not stabilize in %d rounds", round)
		}
		busy := false
		for _, id := range c.IDs {
			if c.Nodes[id].Raw == nil {
				continue
			}
			did, err := c.ProcessReady(id)
			if err != nil {
				return delivered, dropped, err
			}
			busy = busy || did
			for {
				_, did, err := c.Persist(id)
				if err != nil {
					return delivered, dropped, err
				}
				if !did {
					break
				}
				busy = true
			}
			did, err = c.Apply(id)
			if err != nil {
				return delivered, dropped, err
			}
			busy = busy || did
		}
		if len(c.Queue) > 0 {
			busy = true
			d, dr, err := c.Deliver(0)
			delivered = append(delivered, d...)
			dropped = append(dropped, dr...)
			if err != nil {
				return delivered, dropped, err
			}
		}
		if !busy {
			return delivered, dropped, nil
		}
	}
}

// AddNode starts node id as a node that joins the cluster: empty storage, no configuration. It
// waits for a leader that has added it to send it the log.
func (c *Cluster) AddNode(id uint64) error {
	if id == raft.None {
		return fmt.Errorf("node ID 0 is reserved")
	}
	if _, ok := c.Nodes[id]; ok {
		return fmt.Errorf("node %d exists", id)
	}
	c.IDs = append(c.IDs, id)
	c.Nodes[id] = &Node{ID: id, Storage: raft.NewMemoryStorage()}
	c.joining = append(c.joining, id)
	return c.start(id, 0)
}

// Crash stops node id, keeping only its storage; queued messages to it will be dropped.
func (c *Cluster) Crash(id uint64) error {
	n, err := c.node(id)
	if err != nil {
		return err
	}
	n.Raw = nil
	n.Writes, n.Applies = nil, nil // writes not yet durable are lost
	return nil
}

// Restart rebuilds node id from its storage; its state machine restarts from the stored
// snapshot and replays the committed entries after it.
func (c *Cluster) Restart(id uint64) error {
	n, ok := c.Nodes[id]
	if !ok {
		return fmt.Errorf("no node %d", id)
	}
	if n.Raw != nil {
		return fmt.Errorf("node %d is running", id)
	}
	snap, err := n.Storage.Snapshot()
	if err != nil {
		return err
	}
	n.Snapshot, n.SnapshotData, n.Applied = snap.Metadata, snap.Data, nil
	return c.start(id, 0)
}

// Compact makes node id's application take a snapshot of its state machine at index (which it
// must have applied), with data, compact its storage up to there and report it (ReportCompacted).
func (c *Cluster) Compact(id, index uint64, data []byte) error {
	n, err := c.node(id)
	if err != nil {
		return err
	}
	if applied := n.Raw.BasicStatus().Applied; index > applied {
		return fmt.Errorf("node %d has applied only up to %d, not %d", id, applied, index)
	}
	if _, err := n.Storage.CreateSnapshot(index, nil, data); err != nil {
		return err
	}
	if err := n.Storage.Compact(index); err != nil {
		return err
	}
	return n.Raw.ReportCompacted(index)
}

// Isolate cuts every link to and from id.
func (c *Cluster) Isolate(id uint64) {
	for _, other := range c.IDs {
		if other != id {
			c.Cut(id, other)
			c.Cut(other, id)
		}
	}
}

// Cut drops messages from a to b until Heal.
func (c *Cluster) Cut(a, b uint64) { c.cut[[2]uint64{a, b}] = true }

// Heal restores every link.
func (c *Cluster) Heal() { clear(c.cut) }

// Leader returns the ID of a live node that believes it is leader with the highest term, or 0.
func (c *Cluster) Leader() uint64 {
	var lead, term uint64
	for _, id := range c.IDs {
		n := c.Nodes[id]
		if n.Raw == nil {
			continue
		}
		st := n.Raw.Status()
		if st.RaftState == raft.StateLeader && st.Term >= term {
			lead, term = id, st.Term
		}
	}
	return lead
}

// SortedIDs returns the node IDs in ascending order.
func (c *Cluster) SortedIDs() []uint64 { return slices.Sorted(slices.Values(c.IDs)) }
