package raftsim

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"

	"github.com/dsref/dsref/harness/sim"
	"github.com/dsref/dsref/raft"
)

// Protocol runs raft under the simulator. Proposals are never forwarded (a client learns who
// leads and goes there). Each seed's NodeConfig.Variant picks the optional features: bit 0 turns
// PreVote off, bit 1 turns CheckQuorum off, so every seed-set covers all four combinations; bits
// 2-5 pick the flow control (see flowControl).
type Protocol struct {
	// Configure, if set, adjusts each node's raft.Config before the node starts.
	Configure func(*raft.Config)
}

// Name implements sim.Protocol.
func (Protocol) Name() string { return "raft" }

// StartNode implements sim.Protocol: a fresh node on an empty disk, or a restarted one rebuilt
// from the records that survived.
func (p Protocol) StartNode(cfg sim.NodeConfig) (sim.Node, error) {
	records, _, err := cfg.Disk.Records()
	if err != nil {
		return nil, err
	}
	st, err := recoverState(records)
	if err != nil {
		return nil, err
	}
	storage := raft.NewMemoryStorage()
	storage.SetHardState(st.hs)
	if err := storage.Append(st.log); err != nil {
		return nil, fmt.Errorf("raftsim: node %d: %w", cfg.ID, err)
	}
	peers := make([]uint64, len(cfg.Peers))
	for i, id := range cfg.Peers {
		peers[i] = uint64(id)
	}
	rc := &raft.Config{
		ID: uint64(cfg.ID), Peers: peers, Storage: storage,
		ElectionTick: cfg.ElectionTicks, HeartbeatTick: cfg.HeartbeatTicks,
		DisableProposalForwarding: true,
		Rand:                      rand.NewPCG(cfg.Rand.Uint64(), cfg.Rand.Uint64()),
		DisablePreVote:            cfg.Variant&1 != 0,
		DisableCheckQuorum:        cfg.Variant&2 != 0,
	}
	if cfg.Mutation != "" {
		if err := plantMutation(rc, cfg.Mutation); err != nil {
			return nil, err
		}
	}
	rc.MaxSizePerMsg, rc.MaxInflightMsgs = flowControl(cfg.Variant)
	if cfg.Trace != nil {
		sink, id := cfg.Trace, cfg.ID
		rc.Tracer = raft.TracerFunc(func(ev raft.TraceEvent) { sink.Event(id, string(ev.Action), TraceFields(ev)) })
	}
	if p.Configure != nil {
		p.Configure(rc)
	}
	rn, err := raft.NewRawNode(rc)
	if err != nil {
		return nil, err
	}
	return &Node{id: cfg.ID, rn: rn, storage: storage, disk: cfg.Disk, log: st.log, hs: st.hs, logDirty: true, dirtyFrom: 0, lastCommit: st.hs.Commit}, nil
}

// flowControl draws a seed's MsgApp size and pipelining limits from bits 2-5 of its variant
// (swarm testing of the flow-control knobs). With the defaults a new leader sends a lagging
// follower its missing old-term entries and its election no-op in one MsgApp, so the follower
// always acknowledges past the no-op; real deployments with small MaxSizePerMsg instead see the
// old entries acknowledged one message at a time, before the no-op arrives, which is the window
// in which committing an earlier term's entry by counting replicas (the thesis's Figure 3.7) is
// unsafe. Half of the seeds send one entry per MsgApp.
func flowControl(variant uint64) (maxSize uint64, maxInflight int) {
	switch (variant >> 2) & 3 {
	case 0, 1:
		maxSize = 1 // one entry per MsgApp
	case 2:
		maxSize = 64 // a few small commands
	default:
		maxSize = raft.DefaultMaxSizePerMsg
	}
	switch (variant >> 4) & 3 {
	case 0:
		maxInflight = 1
	case 1:
		maxInflight = 2
	case 2:
		maxInflight = 8
	default:
		maxInflight = raft.DefaultMaxInflightMsgs
	}
	return maxSize, maxInflight
}

// Node adapts a raft.RawNode to sim.Node.
type Node struct {
	id      int
	rn      *raft.RawNode
	storage *raft.MemoryStorage // what the core reads back: the durable records, in memory
	disk    *sim.Disk
	// log mirrors the node's log (stable and unstable entries), maintained from Ready.Entries,
	// so the checker can read it without copying.
	log      []raft.Entry
	hs       raft.HardState
	logDirty bool // log changed since the checker last looked
	// dirtyFrom is the first position of log that changed since the checker last looked.
	dirtyFrom int
	// checkedCommit is how far the checker has compared this node's committed prefix.
	checkedCommit uint64
	// lastCommit is the commit index the checker saw after the previous event.
	lastCommit uint64
}

// RawNode exposes the wrapped core, for scenario tests.
func (n *Node) RawNode() *raft.RawNode { return n.rn }

// Log returns the node's log; callers must not modify it.
func (n *Node) Log() []raft.Entry { return n.log }

// Tick implements sim.Node.
func (n *Node) Tick() error { n.rn.Tick(); return nil }

// Step implements sim.Node.
func (n *Node) Step(from int, payload any) error {
	m, ok := payload.(raft.Message)
	if !ok {
		return fmt.Errorf("raftsim: node %d: payload %T from %d is not a raft.Message", n.id, payload, from)
	}
	return n.rn.Step(m)
}

// Propose implements sim.Node.
func (n *Node) Propose(cmd []byte) error {
	if st := n.rn.Status(); st.RaftState != raft.StateLeader {
		return sim.ErrNotLeader
	}
	err := n.rn.Propose(cmd)
	if errors.Is(err, raft.ErrProposalDropped) {
		return sim.ErrNotLeader
	}
	return err
}

// ReadIndex implements sim.Reader: the leader answers with its commit index once a heartbeat
// round confirms it still leads (thesis 6.4).
func (n *Node) ReadIndex(ctx []byte) error {
	if st := n.rn.Status(); st.RaftState != raft.StateLeader {
		return sim.ErrNotLeader
	}
	err := n.rn.ReadIndex(ctx)
	if errors.Is(err, raft.ErrProposalDropped) {
		return sim.ErrNotLeader
	}
	return err
}

// Drain implements sim.Node: for each Ready, persist (fsync when MustSync), then collect the
// messages and committed entries, then Advance.
func (n *Node) Drain() (sim.Output, error) {
	var out sim.Output
	for n.rn.HasReady() {
		rd := n.rn.Ready()
		wrote := false
		if !rd.HardState.IsEmpty() {
			n.hs = rd.HardState
			if err := n.disk.Append(encodeHardState(rd.HardState)); err != nil {
				return out, err
			}
			wrote = true
		}
		if len(rd.Entries) > 0 {
			first := rd.Entries[0].Index
			if first < 1 || first > uint64(len(n.log))+1 {
				return out, fmt.Errorf("raftsim: node %d: Ready.Entries start at %d, log ends at %d", n.id, first, len(n.log))
			}
			if first-1 == uint64(len(n.log)) {
				n.log = append(n.log, rd.Entries...)
			} else {
				// A suffix is replaced: copy, so that no slice of the old log handed out
				// (Log) sees its entries change.
				n.log = append(n.log[:first-1:first-1], rd.Entries...)
			}
			n.checkedCommit = min(n.checkedCommit, first-1) // rewritten entries are checked again
			n.logDirty = true
			n.dirtyFrom = min(n.dirtyFrom, int(first-1))
			if err := n.disk.Append(encodeEntries(rd.Entries)); err != nil {
				return out, err
			}
			wrote = true
		}
		if wrote && rd.MustSync {
			if err := n.disk.Sync(); err != nil {
				return out, err
			}
		}
		// The core reads back through its Storage what it no longer holds in memory.
		if err := n.storage.Append(rd.Entries); err != nil {
			return out, fmt.Errorf("raftsim: node %d: %w", n.id, err)
		}
		if !rd.HardState.IsEmpty() {
			n.storage.SetHardState(rd.HardState)
		}
		for _, m := range rd.Messages {
			if len(m.Entries) > 0 {
				// Serialize, in effect: the receiver must not share the sender's log array.
				m.Entries = append([]raft.Entry(nil), m.Entries...)
			}
			out.Messages = append(out.Messages, sim.Envelope{From: n.id, To: int(m.To), Payload: m})
		}
		for _, r := range rd.ReadStates {
			out.Reads = append(out.Reads, sim.ReadPoint{Ctx: r.RequestCtx, Index: r.Index})
		}
		for _, e := range rd.CommittedEntries {
			out.Applied = append(out.Applied, sim.Applied{Index: e.Index, Cmd: e.Data})
		}
		n.rn.Advance(rd)
	}
	return out, nil
}

// Status implements sim.Node.
func (n *Node) Status() sim.NodeStatus {
	st := n.rn.Status()
	return sim.NodeStatus{
		Term: st.Term, Leader: st.RaftState == raft.StateLeader, LeaderID: int(st.Lead),
		Commit: st.Commit, Applied: st.Applied,
	}
}

// AppendMessage implements sim.Protocol.
func (Protocol) AppendMessage(b []byte, payload any) []byte {
	m, ok := payload.(raft.Message)
	if !ok {
		return fmt.Appendf(b, "%T", payload)
	}
	b = append(b, m.Type.String()...)
	b = append(b, " t="...)
	b = strconv.AppendUint(b, m.Term, 10)
	b = append(b, " log="...)
	b = strconv.AppendUint(b, m.LogTerm, 10)
	b = append(b, '/')
	b = strconv.AppendUint(b, m.Index, 10)
	if m.Commit != 0 {
		b = append(b, " c="...)
		b = strconv.AppendUint(b, m.Commit, 10)
	}
	if len(m.Entries) > 0 {
		b = append(b, " n="...)
		b = strconv.AppendInt(b, int64(len(m.Entries)), 10)
	}
	if m.Reject {
		b = append(b, " reject hint="...)
		b = strconv.AppendUint(b, m.RejectHint, 10)
	}
	return b
}
