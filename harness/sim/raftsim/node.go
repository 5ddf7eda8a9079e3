package raftsim

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"

	"github.com/dsref/dsref/harness/sim"
	"github.com/dsref/dsref/raft"
)

// Protocol runs raft under the simulator. Proposals are never forwarded (a client learns who
// leads and goes there). Each seed's NodeConfig.Variant picks the optional features: bit 0 turns
// PreVote off, bit 1 turns CheckQuorum off, so every seed-set covers all four combinations; bits
// 2-5 pick the flow control (see flowControl), bits 6-8 how often the application snapshots its
// state and compacts its log and in how large chunks leaders send snapshots (see compaction),
// bit 9 lease reads where CheckQuorum is on (see leaseReads), and bits 10-11 both set (a quarter
// of the seeds) make the nodes persist asynchronously (see asyncWrites).
type Protocol struct {
	// Configure, if set, adjusts each node's raft.Config before the node starts.
	Configure func(*raft.Config)
	// Compaction, if set, replaces compaction: it draws the snapshot policy from the variant.
	Compaction func(variant uint64) (every, chunk uint64)
	// AsyncWrites, if set, replaces asyncWrites: it decides from the variant whether the nodes
	// persist asynchronously.
	AsyncWrites func(variant uint64) bool
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
	var restore *sim.Restore
	if !st.snap.IsEmpty() {
		if err := storage.ApplySnapshot(st.snap); err != nil {
			return nil, fmt.Errorf("raftsim: node %d: %w", cfg.ID, err)
		}
		restore = &sim.Restore{Index: st.snap.Metadata.Index, State: st.snap.Data}
	}
	storage.SetHardState(st.hs)
	if err := storage.Append(st.log); err != nil {
		return nil, fmt.Errorf("raftsim: node %d: %w", cfg.ID, err)
	}
	peers := make([]uint64, len(cfg.Peers))
	for i, id := range cfg.Peers {
		peers[i] = uint64(id)
	}
	if churns(cfg.Variant) {
		// Nodes 1..initialVoters start as the cluster; the others join when the operator adds
		// them (a node outside the configuration starts with none).
		peers = peers[:initialVoters(len(peers))]
		if cfg.ID > len(peers) {
			peers = nil
		}
	}
	if st.snap.IsEmpty() && len(peers) > 0 {
		// The storage's configuration before any snapshot: the one snapshots start from when no
		// configuration entry precedes their index (MemoryStorage.CreateSnapshot).
		storage.SetConfState(raft.ConfState{Voters: peers})
	}
	rc := &raft.Config{
		ID: uint64(cfg.ID), Peers: peers, Storage: storage,
		ElectionTick: cfg.ElectionTicks, HeartbeatTick: cfg.HeartbeatTicks,
		DisableProposalForwarding: true,
		Rand:                      rand.NewPCG(cfg.Rand.Uint64(), cfg.Rand.Uint64()),
		DisablePreVote:            cfg.Variant&1 != 0,
		DisableCheckQuorum:        cfg.Variant&2 != 0,
	}
	if leaseReads(cfg.Variant) {
		rc.LeaseReads, rc.MaxClockDrift = true, LeaseClockDrift
	}
	if cfg.Mutation != "" {
		if err := plantMutation(rc, cfg.Mutation); err != nil {
			return nil, err
		}
	}
	rc.MaxSizePerMsg, rc.MaxInflightMsgs = flowControl(cfg.Variant)
	draw := compaction
	if p.Compaction != nil {
		draw = p.Compaction
	}
	every, chunk := draw(cfg.Variant)
	rc.MaxSnapshotChunkSize = chunk
	async := p.async(cfg.Variant)
	rc.AsyncStorageWrites = async
	var writeRand *rand.Rand
	if async {
		writeRand = rand.New(rand.NewPCG(cfg.Rand.Uint64(), cfg.Rand.Uint64()))
	}
	if cfg.Trace != nil {
		rc.Tracer = tracer(cfg.Trace, cfg.ID)
	}
	if p.Configure != nil {
		p.Configure(rc)
	}
	rn, err := raft.NewRawNode(rc)
	if err != nil {
		return nil, err
	}
	snapIndex := st.snap.Metadata.Index
	return &Node{id: cfg.ID, rn: rn, storage: storage, disk: cfg.Disk, log: st.log, base: snapIndex, snapIndex: snapIndex, hs: st.hs,
		logDirty: true, dirtyFrom: snapIndex, checkedCommit: snapIndex, lastCommit: st.hs.Commit,
		restore: restore, compactEvery: every, leaseReads: rc.LeaseReads, async: async, writeRand: writeRand}, nil
}

// asyncWrites reports whether a seed's nodes persist asynchronously (Config.AsyncStorageWrites):
// bits 10 and 11 of its variant both set. Their writes reach the disk in later drains than the
// ones that handed them out (see drainAsync), and a crash loses those not yet written.
func asyncWrites(variant uint64) bool { return (variant>>10)&3 == 3 }

// async is asyncWrites, or the override of p.AsyncWrites.
func (p Protocol) async(variant uint64) bool {
	if p.AsyncWrites != nil {
		return p.AsyncWrites(variant)
	}
	return asyncWrites(variant)
}

// compaction draws from bits 6-8 of a seed's variant how many entries the application applies
// between two snapshots of its state (it then compacts its log up to the snapshot), and how
// large the snapshot chunks a leader sends are: a quarter of the seeds never compact, the
// others every 4, 16 or 64 entries, so that followers that fall behind (a partition, a crash)
// catch up by snapshot under the seed's faults; half of them send snapshots of the simulator's
// store (a few hundred bytes) in chunks of 16 bytes, so that transfers are interrupted and
// resumed, the other half in one message.
func compaction(variant uint64) (every, chunk uint64) {
	every = [...]uint64{0, 4, 16, 64}[(variant>>6)&3]
	chunk = raft.DefaultMaxSnapshotChunkSize
	if variant&(1<<8) != 0 {
		chunk = 16
	}
	return every, chunk
}

// LeaseClockDrift is the MaxClockDrift of the seeds with lease reads: the simulator's clocks
// drift by up to sim.MaxDrift either way, so one runs at most (1+d)/(1-d) times as fast as
// another, which is a MaxClockDrift of 1-(1-d)/(1+d) = 2d/(1+d).
const LeaseClockDrift = 2 * sim.MaxDrift / (1 + sim.MaxDrift)

// leaseReads draws from bit 9 of a seed's variant whether its nodes serve lease reads: half of
// the seeds with CheckQuorum on, which lease reads need.
func leaseReads(variant uint64) bool { return variant&2 == 0 && (variant>>9)&1 != 0 }

// CatchesUpTicks implements sim.TickCatcher: a node serving lease reads counts its ticks from a
// clock that runs on while it is paused, as its lease's drift bound requires.
func (n *Node) CatchesUpTicks() bool { return n.leaseReads }

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
	id         int
	leaseReads bool
	rn         *raft.RawNode
	storage    *raft.MemoryStorage // what the core reads back: the durable records, in memory
	disk       *sim.Disk
	// log mirrors the node's log (stable and unstable entries) after base, maintained from
	// Ready.Entries, so the checker can read it without copying: log[i] has index base+1+i.
	// It keeps the entries a compaction covers until the checker has seen them committed.
	log  []raft.Entry
	base uint64
	// snapIndex is the index of the node's snapshot (at most base: an installed snapshot
	// empties the log, a compaction drops what the checker has seen).
	snapIndex uint64
	hs        raft.HardState
	logDirty  bool // log changed since the checker last looked
	// dirtyFrom is the last index up to which log did not change since the checker last looked.
	dirtyFrom uint64
	// checkedCommit is how far the checker has compared this node's committed prefix.
	checkedCommit uint64
	// lastCommit is the commit index the checker saw after the previous event.
	lastCommit uint64

	// restore is the snapshot the node restarted from, for the first Drain to hand the cluster.
	restore *sim.Restore
	// compactEvery is how many applied entries make the application snapshot its state and
	// compact its log (0: never).
	compactEvery uint64

	// async: the node persists asynchronously. writes are the MsgStorageAppend it handed out
	// and the disk has not taken yet, oldest first; writeRand decides when the disk takes one.
	async     bool
	writes    []raft.Message
	writeRand *rand.Rand
}

// RawNode exposes the wrapped core, for scenario tests.
func (n *Node) RawNode() *raft.RawNode { return n.rn }

// Log returns the entries of the node's log after index base (which it also returns; the node's
// snapshot covers base); callers must not modify them.
func (n *Node) Log() (entries []raft.Entry, base uint64) { return n.log, n.base }

// lastIndex is the index of the last entry of the node's log.
func (n *Node) lastIndex() uint64 { return n.base + uint64(len(n.log)) }

// entry returns the entry at index i, which must be in (base, lastIndex].
func (n *Node) entry(i uint64) *raft.Entry { return &n.log[i-n.base-1] }

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
// round confirms it still leads (thesis 6.4). A follower that knows a leader forwards the
// request to it and serves the read from its own state machine once it has applied up to the
// index the leader answers (follower reads, thesis 6.4 and RAFT-READ-3).
func (n *Node) ReadIndex(ctx []byte) error {
	if st := n.rn.BasicStatus(); st.RaftState != raft.StateLeader && (st.Lead == raft.None || st.Lead == st.ID) {
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
	out.Restore, n.restore = n.restore, nil
	if n.async {
		return out, n.drainAsync(&out)
	}
	for n.rn.HasReady() {
		rd := n.rn.Ready()
		wrote := false
		if snap := rd.Snapshot; !snap.IsEmpty() {
			// The leader's snapshot replaces the log, and the state machine with whatever
			// this drain applied before it (the snapshot covers it).
			if err := n.disk.Append(encodeSnapshot(snap)); err != nil {
				return out, err
			}
			n.mirrorSnapshot(snap)
			out.Restore, out.Applied = &sim.Restore{Index: snap.Metadata.Index, State: snap.Data}, nil
			wrote = true
		}
		if !rd.HardState.IsEmpty() {
			n.hs = rd.HardState
			if err := n.disk.Append(encodeHardState(rd.HardState)); err != nil {
				return out, err
			}
			wrote = true
		}
		if len(rd.Entries) > 0 {
			if err := n.mirrorEntries(rd.Entries); err != nil {
				return out, err
			}
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
		if snap := rd.Snapshot; !snap.IsEmpty() {
			if err := n.storage.ApplySnapshot(snap); err != nil {
				return out, fmt.Errorf("raftsim: node %d: %w", n.id, err)
			}
		}
		if err := n.storage.Append(rd.Entries); err != nil {
			return out, fmt.Errorf("raftsim: node %d: %w", n.id, err)
		}
		if !rd.HardState.IsEmpty() {
			n.storage.SetHardState(rd.HardState)
		}
		for _, m := range rd.Messages {
			n.send(&out, m)
		}
		for _, r := range rd.ReadStates {
			out.Reads = append(out.Reads, sim.ReadPoint{Ctx: r.RequestCtx, Index: r.Index})
		}
		apply(&out, rd.CommittedEntries)
		n.rn.Advance(rd)
	}
	return out, nil
}

// send queues m for the network, serialized in effect: the receiver must not share the
// sender's memory.
func (n *Node) send(out *sim.Output, m raft.Message) {
	if len(m.Entries) > 0 {
		m.Entries = append([]raft.Entry(nil), m.Entries...)
	}
	if m.Snapshot != nil {
		chunk := *m.Snapshot
		chunk.Data = append([]byte(nil), chunk.Data...)
		cs := &chunk.Metadata.ConfState
		for _, ids := range [...]*[]uint64{&cs.Voters, &cs.VotersOutgoing, &cs.Learners, &cs.LearnersNext} {
			*ids = slices.Clone(*ids)
		}
		m.Snapshot = &chunk
	}
	out.Messages = append(out.Messages, sim.Envelope{From: n.id, To: int(m.To), Payload: m})
}

// apply hands committed entries to the state machine.
func apply(out *sim.Output, ents []raft.Entry) {
	for _, e := range ents {
		cmd := e.Data
		if e.Type == raft.EntryConfChange {
			cmd = nil // a membership change: nothing for the state machine
		}
		out.Applied = append(out.Applied, sim.Applied{Index: e.Index, Cmd: cmd})
	}
}

// mirrorSnapshot makes the mirror of the log start after an installed snapshot.
func (n *Node) mirrorSnapshot(snap raft.Snapshot) {
	index := snap.Metadata.Index
	n.log, n.base, n.snapIndex = nil, index, index
	n.checkedCommit, n.logDirty, n.dirtyFrom = index, true, index
}

// mirrorEntries writes entries handed out in a Ready into the mirror of the log.
func (n *Node) mirrorEntries(ents []raft.Entry) error {
	first := ents[0].Index
	if first <= n.snapIndex || first > n.lastIndex()+1 {
		return fmt.Errorf("raftsim: node %d: Ready.Entries start at %d, log holds (%d, %d]", n.id, first, n.snapIndex, n.lastIndex())
	}
	if keep := first - n.base - 1; keep == uint64(len(n.log)) {
		n.log = append(n.log, ents...)
	} else {
		// A suffix is replaced: copy, so that no slice of the old log handed out (Log) sees
		// its entries change.
		n.log = append(n.log[:keep:keep], ents...)
	}
	n.checkedCommit = min(n.checkedCommit, first-1) // rewritten entries are checked again
	n.logDirty = true
	n.dirtyFrom = min(n.dirtyFrom, first-1)
	return nil
}

// drainAsync is Drain for a node that persists asynchronously: it hands the network the
// messages of every Ready at once, keeps each MsgStorageAppend for later, and applies each
// MsgStorageApply (then steps its response). Then the disk takes the writes handed out in
// earlier drains and, each with probability 3/4, the ones handed out in this drain (in order,
// up to the first it leaves for the next drain): their records are appended and synced at once,
// the answers they held go to the network, and their responses are stepped into the node, whose
// new Readies are handled the same way. One sync per drain: a crash during it drops the events
// of this drain alone, and the disk holds what the events before them made durable. The mirror
// of the log follows the Readies (the node's log, persisted or not); the storage the core reads
// and the HardState a compaction rewrites follow the disk.
func (n *Node) drainAsync(out *sim.Output) error {
	k := len(n.writes) // handed out before this drain: the disk takes them now
	if err := n.readies(out); err != nil {
		return err
	}
	for k < len(n.writes) && n.writeRand.IntN(2) != 0 {
		k++
	}
	if k == 0 {
		return nil
	}
	done := n.writes[:k:k]
	n.writes = n.writes[k:]
	if err := n.persist(out, done); err != nil {
		return err
	}
	for _, w := range done {
		for _, m := range w.Responses {
			if m.To != uint64(n.id) {
				n.send(out, m)
				continue
			}
			if err := n.rn.Step(m); err != nil {
				return fmt.Errorf("raftsim: node %d: stepping %v: %w", n.id, m, err)
			}
		}
	}
	return n.readies(out)
}

// readies handles an asynchronous node's Readies: messages to the network, writes kept,
// committed entries applied.
func (n *Node) readies(out *sim.Output) error {
	for n.rn.HasReady() {
		rd := n.rn.Ready()
		for _, m := range rd.Messages {
			switch m.To {
			case raft.LocalAppendThread:
				if m.Snapshot != nil {
					n.mirrorSnapshot(*m.Snapshot)
				}
				if len(m.Entries) > 0 {
					if err := n.mirrorEntries(m.Entries); err != nil {
						return err
					}
				}
				n.writes = append(n.writes, m)
			case raft.LocalApplyThread:
				apply(out, m.Entries)
				for _, r := range m.Responses {
					if err := n.rn.Step(r); err != nil {
						return fmt.Errorf("raftsim: node %d: stepping %v: %w", n.id, r, err)
					}
				}
			default:
				n.send(out, m)
			}
		}
		for _, r := range rd.ReadStates {
			out.Reads = append(out.Reads, sim.ReadPoint{Ctx: r.RequestCtx, Index: r.Index})
		}
	}
	return nil
}

// persist writes an asynchronous node's MsgStorageAppends to its disk, synced once, and then
// to the storage the core reads. A snapshot one carries restores the state machine.
func (n *Node) persist(out *sim.Output, writes []raft.Message) error {
	for i := range writes {
		w := &writes[i]
		if w.Snapshot != nil {
			if err := n.disk.Append(encodeSnapshot(*w.Snapshot)); err != nil {
				return err
			}
		}
		if hs := (raft.HardState{Term: w.Term, Vote: w.Vote, Commit: w.Commit}); !hs.IsEmpty() {
			if err := n.disk.Append(encodeHardState(hs)); err != nil {
				return err
			}
		}
		if len(w.Entries) > 0 {
			if err := n.disk.Append(encodeEntries(w.Entries)); err != nil {
				return err
			}
		}
	}
	if err := n.disk.Sync(); err != nil {
		return err
	}
	for i := range writes {
		w := &writes[i]
		if w.Snapshot != nil {
			if err := n.storage.ApplySnapshot(*w.Snapshot); err != nil {
				return fmt.Errorf("raftsim: node %d: %w", n.id, err)
			}
			out.Restore, out.Applied = &sim.Restore{Index: w.Snapshot.Metadata.Index, State: w.Snapshot.Data}, nil
		}
		if err := n.storage.Append(w.Entries); err != nil {
			return fmt.Errorf("raftsim: node %d: %w", n.id, err)
		}
		if hs := (raft.HardState{Term: w.Term, Vote: w.Vote, Commit: w.Commit}); !hs.IsEmpty() {
			n.hs = hs
			n.storage.SetHardState(hs)
		}
	}
	return nil
}

// SnapshotDue implements sim.Compactor: the application snapshots its state every
// compactEvery applied entries.
func (n *Node) SnapshotDue(applied uint64) bool {
	return n.compactEvery > 0 && applied >= n.snapIndex+n.compactEvery
}

// Compact implements sim.Compactor: the application's snapshot of its state after index goes
// into the storage, which then drops the entries up to index, and the node rewrites its disk as
// the snapshot, its HardState and the entries after it (a new file renamed over the old one, as
// a real log store does), so that a restart reads and re-applies only what follows the
// snapshot. Then it tells the core, which traces CompactLog.
func (n *Node) Compact(index uint64, state []byte) error {
	if index <= n.snapIndex || index > n.lastIndex() {
		return fmt.Errorf("raftsim: node %d: snapshot at %d outside its log (%d, %d]", n.id, index, n.snapIndex, n.lastIndex())
	}
	// The configuration as of index: the storage finds it in its configuration entries (or the
	// previous snapshot's).
	snap, err := n.storage.CreateSnapshot(index, nil, state)
	if err != nil {
		return fmt.Errorf("raftsim: node %d: snapshot at %d: %w", n.id, index, err)
	}
	// What the disk holds after index: the storage's entries (with asynchronous writes, the
	// mirror also holds entries not written yet).
	last, err := n.storage.LastIndex()
	if err != nil {
		return fmt.Errorf("raftsim: node %d: %w", n.id, err)
	}
	records := [][]byte{encodeSnapshot(snap), encodeHardState(n.hs)}
	if last > index {
		tail, err := n.storage.Entries(index+1, last+1, ^uint64(0))
		if err != nil {
			return fmt.Errorf("raftsim: node %d: entries after the snapshot at %d: %w", n.id, index, err)
		}
		records = append(records, encodeEntries(tail))
	}
	if err := n.disk.Rewrite(records); err != nil {
		return err
	}
	if err := n.storage.Compact(index); err != nil {
		return fmt.Errorf("raftsim: node %d: compacting up to %d: %w", n.id, index, err)
	}
	// The mirror keeps what the checker has not yet seen committed.
	keep := max(min(index, n.checkedCommit), n.base)
	n.log, n.base, n.snapIndex = append([]raft.Entry(nil), n.log[keep-n.base:]...), keep, index
	return n.rn.ReportCompacted(index)
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
	if m.Type == raft.MsgSnap || m.Type == raft.MsgSnapResp {
		b = append(b, " chunk="...)
		b = strconv.AppendUint(b, m.ChunkOffset, 10)
		if m.Snapshot != nil {
			b = append(b, '+')
			b = strconv.AppendInt(b, int64(len(m.Snapshot.Data)), 10)
			b = append(b, '/')
			b = strconv.AppendUint(b, m.SnapshotSize, 10)
		}
	}
	return b
}
