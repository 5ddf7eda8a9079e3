package paxossim

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/dsref/dsref/harness/sim"
	"github.com/dsref/dsref/paxos"
)

// Protocol runs Multi-Paxos under the simulator.
type Protocol struct {
	// Configure, if set, adjusts each node's paxos.Config before the node starts.
	Configure func(*paxos.Config)
}

// Name implements sim.Protocol.
func (Protocol) Name() string { return "paxos" }

// StartNode implements sim.Protocol.
func (p Protocol) StartNode(cfg sim.NodeConfig) (sim.Node, error) {
	records, _, err := cfg.Disk.Records()
	if err != nil {
		return nil, err
	}
	st, err := recoverState(records)
	if err != nil {
		return nil, err
	}
	peers := make([]paxos.NodeID, len(cfg.Peers))
	for i, id := range cfg.Peers {
		peers[i] = paxos.NodeID(id)
	}
	pc := paxos.Config{
		ID: paxos.NodeID(cfg.ID), Peers: peers,
		ElectionTicks: cfg.ElectionTicks, HeartbeatTicks: cfg.HeartbeatTicks,
		Rand: cfg.Rand,
	}
	if cfg.Mutation != "" {
		if err := plantMutation(&pc, cfg.Mutation); err != nil {
			return nil, err
		}
	}
	if cfg.Trace != nil {
		pc.Tracer = tracer{sink: cfg.Trace, id: cfg.ID}
	}
	if p.Configure != nil {
		p.Configure(&pc)
	}
	pn, err := paxos.RestartNode(pc, st)
	if err != nil {
		return nil, err
	}
	n := &Node{id: cfg.ID, pn: pn, disk: cfg.Disk, every: snapshotEvery(cfg.Variant), snapped: st.Snapshot.Index}
	if st.Snapshot.Index > 0 {
		// The fresh state machine starts from the snapshot; decided values after it follow.
		n.restore = &sim.Restore{Index: st.Snapshot.Index, State: st.Snapshot.Data}
	}
	return n, nil
}

// snapshotEvery is how many applied slots a node lets pass between snapshots of its state
// machine, drawn per seed from the run's variant (bits 8 and 9): never in a quarter of the
// seeds, else every 8, 32 or 128 slots.
func snapshotEvery(variant uint64) uint64 {
	return [...]uint64{0, 8, 32, 128}[variant>>8&3]
}

// Node adapts a paxos.Node to sim.Node.
type Node struct {
	id      int
	pn      *paxos.Node
	disk    *sim.Disk
	checked uint64 // decided prefix the checker has compared

	every   uint64       // slots between snapshots, 0: never
	snapped uint64       // index of the last snapshot taken or installed
	restore *sim.Restore // a snapshot the state machine must start from, for the next Drain
}

// SnapshotDue implements sim.Compactor.
func (n *Node) SnapshotDue(applied uint64) bool {
	return n.every > 0 && applied >= n.snapped+n.every
}

// Compact implements sim.Compactor: the core keeps the state machine's snapshot, and the next
// Drain persists it and rewrites the disk without what it covers.
func (n *Node) Compact(index uint64, state []byte) error {
	if err := n.pn.Compact(paxos.Snapshot{Index: index, Data: state}); err != nil {
		return err
	}
	n.snapped = index
	return nil
}

// PaxosNode exposes the wrapped core, for tests.
func (n *Node) PaxosNode() *paxos.Node { return n.pn }

// Tick implements sim.Node.
func (n *Node) Tick() error { n.pn.Tick(); return nil }

// Step implements sim.Node.
func (n *Node) Step(from int, payload any) error {
	m, ok := payload.(paxos.Message)
	if !ok {
		return fmt.Errorf("paxossim: node %d: payload %T from %d is not a paxos.Message", n.id, payload, from)
	}
	return n.pn.Step(m)
}

// Propose implements sim.Node.
func (n *Node) Propose(cmd []byte) error {
	err := n.pn.Propose(cmd)
	if errors.Is(err, paxos.ErrNotLeader) || errors.Is(err, paxos.ErrTooManyQueued) {
		return sim.ErrNotLeader
	}
	return err
}

// Drain implements sim.Node: persist the promise and accepted values (synced), record decided
// values (not synced), then hand out messages and decided values.
func (n *Node) Drain() (sim.Output, error) {
	var out sim.Output
	out.Restore, n.restore = n.restore, nil
	for n.pn.HasReady() {
		rd := n.pn.Ready()
		mustSync := false
		if rd.Snapshot != nil {
			// A peer's snapshot: persist it; the state machine restarts from it, and what
			// this drain applied before it is covered by it.
			if err := n.disk.Append(encodeSnapshot(*rd.Snapshot)); err != nil {
				return out, err
			}
			mustSync = true
			out.Restore = &sim.Restore{Index: rd.Snapshot.Index, State: rd.Snapshot.Data}
			out.Applied = out.Applied[:0]
			n.snapped = max(n.snapped, rd.Snapshot.Index)
		}
		if rd.PersistPromised {
			if err := n.disk.Append(encodePromise(rd.Promised)); err != nil {
				return out, err
			}
			mustSync = true
		}
		if len(rd.Accepted) > 0 {
			if err := n.disk.Append(encodeEntries(recAccepted, rd.Accepted)); err != nil {
				return out, err
			}
			mustSync = true
		}
		if len(rd.Decided) > 0 {
			if err := n.disk.Append(encodeEntries(recDecided, rd.Decided)); err != nil {
				return out, err
			}
		}
		if rd.Compacted > 0 {
			// After the decided values it covers, so a disk cut short never has votes
			// dropped for slots it does not record as decided.
			if err := n.disk.Append(encodeCompacted(rd.Compacted)); err != nil {
				return out, err
			}
			mustSync = true
		}
		if rd.Compact != nil {
			if err := n.disk.Append(encodeSnapshot(*rd.Compact)); err != nil {
				return out, err
			}
			mustSync = true
		}
		if mustSync {
			if err := n.disk.Sync(); err != nil {
				return out, err
			}
		}
		if rd.Compact != nil {
			if err := n.rewriteDisk(); err != nil {
				return out, err
			}
		}
		for _, m := range rd.Messages {
			if len(m.Entries) > 0 {
				m.Entries = append([]paxos.Entry(nil), m.Entries...)
			}
			out.Messages = append(out.Messages, sim.Envelope{From: n.id, To: int(m.To), Payload: m})
		}
		for _, e := range rd.Decided {
			var cmd []byte
			if !e.Noop {
				cmd = e.Data
			}
			out.Applied = append(out.Applied, sim.Applied{Index: e.Slot, Cmd: cmd})
		}
	}
	return out, nil
}

// rewriteDisk replaces the disk's records with the fewest that recover the same state, now that
// a snapshot covers a prefix: the disk stays bounded by the slots after the last snapshot.
func (n *Node) rewriteDisk() error {
	records, _, err := n.disk.Records()
	if err != nil {
		return err
	}
	st, err := recoverState(records)
	if err != nil {
		return err
	}
	return n.disk.Rewrite(encodeState(st))
}

// Status implements sim.Node.
func (n *Node) Status() sim.NodeStatus {
	st := n.pn.Status()
	return sim.NodeStatus{
		Term: st.Promised.Round(), Leader: st.Role == paxos.Leader, LeaderID: int(st.Leader),
		Commit: st.Commit, Applied: st.Applied,
	}
}

// AppendMessage implements sim.Protocol.
func (Protocol) AppendMessage(b []byte, payload any) []byte {
	m, ok := payload.(paxos.Message)
	if !ok {
		return fmt.Appendf(b, "%T", payload)
	}
	b = append(b, m.Type.String()...)
	b = append(b, " b="...)
	b = strconv.AppendUint(b, m.Ballot.Round(), 10)
	b = append(b, '.')
	b = strconv.AppendUint(b, uint64(m.Ballot.Node()), 10)
	if m.Slot != 0 {
		b = append(b, " slot="...)
		b = strconv.AppendUint(b, m.Slot, 10)
	}
	if m.Commit != 0 {
		b = append(b, " c="...)
		b = strconv.AppendUint(b, m.Commit, 10)
	}
	if len(m.Entries) > 0 {
		b = append(b, " n="...)
		b = strconv.AppendInt(b, int64(len(m.Entries)), 10)
	}
	return b
}

// NewChecker implements sim.Protocol.
func (Protocol) NewChecker(int) sim.Checker { return &Checker{promised: map[int]paxos.Ballot{}} }

// Checker checks per-slot agreement (every node that knows a slot's decided value knows the same
// one) and that no acceptor's promise ever goes backwards, across crashes included.
type Checker struct {
	decided  []paxos.Entry // slot s at index s-1, as first seen decided
	promised map[int]paxos.Ballot
}

// Check implements sim.Checker.
//
// Checks per-slot agreement (Consistency) and that promises never decrease (PAXOS-2, PAXOS-5).
func (c *Checker) Check(nodes []sim.Node) error {
	for i, sn := range nodes {
		if sn == nil {
			continue
		}
		n := sn.(*Node)
		st := n.pn.Status()
		if prev := c.promised[i+1]; st.Promised < prev {
			return fmt.Errorf("PromiseMonotone: node %d promised %v, and now its promise is %v", i+1, prev, st.Promised)
		}
		c.promised[i+1] = st.Promised
		commit := st.Commit
		// Slots a snapshot covers are compared when the nodes that apply them do so.
		n.checked = max(n.checked, st.Snapshot)
		for s := n.checked + 1; s <= commit; s++ {
			e, ok := n.pn.Decided(s)
			if !ok {
				return fmt.Errorf("node %d: decided prefix reaches slot %d but slot %d has no decided value", i+1, commit, s)
			}
			for uint64(len(c.decided)) < s {
				c.decided = append(c.decided, paxos.Entry{}) // slots nobody checked yet (snapshots)
			}
			k := c.decided[s-1]
			if k.Slot == 0 {
				c.decided[s-1] = e
				continue
			}
			if k.Noop != e.Noop || string(k.Data) != string(e.Data) {
				return fmt.Errorf("Agreement: node %d decided %v for slot %d, but %v was decided there before", i+1, e, s, k)
			}
		}
		n.checked = max(n.checked, commit)
	}
	return nil
}
