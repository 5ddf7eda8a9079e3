package raftsim

import (
	"fmt"
	"strings"
	"testing"

	"github.com/dsref/dsref/harness/sim"
	"github.com/dsref/dsref/raft"
)

// transferKey names one snapshot transfer: a leader (in a term) sending its snapshot at an index
// to a follower.
type transferKey struct {
	from, to    int
	term, index uint64
}

// TestSnapshotsUnderFaults runs seeds whose nodes compact every 8 applied entries and send
// snapshots in 4-byte chunks (so that a transfer spans many messages and faults hit it
// mid-way), under each seed's own faults (loss, partitions, crashes), and requires them to
// pass (the checker, the cluster's snapshot checks, linearizability), to catch followers up by
// snapshot, and to resume interrupted transfers: a chunk past the first is sent again (the
// leader went back to the last chunk the follower acknowledged, not to the start), and the
// leader never goes back before an offset the follower acknowledged unless the follower
// acknowledged less since (it restarted and lost its partial copy). A compacting node's disk
// holds its snapshot and the tail after it, so restarts recover that, not the whole history.
// The seeds must also hold the three races issue #15 names: a crash mid-transfer (the leader
// or the follower of an unfinished transfer restarts), a stale snapshot delivered late (a
// follower gets a chunk of a snapshot older than its commit index, and answers without
// touching its log), and a snapshot racing appends (a follower handles an AppendEntries
// request while a transfer to it is unfinished).
//
// Tests RAFT-SNAP-2, RAFT-SNAP-3, RAFT-SNAP-4, RAFT-SNAP-5, RAFT-SNAP-6.
func TestSnapshotsUnderFaults(t *testing.T) {
	t.Parallel()
	var installs, resumed, restarts, crashedMidTransfer, staleLate, racedAppends int
	for seed := uint64(1); seed <= 12; seed++ {
		// What each leader knows of each transfer: the offset the follower acknowledged last,
		// and the offsets it sent.
		acked := map[transferKey]uint64{}
		sent := map[transferKey]map[uint64]bool{}
		// The transfers under way: a chunk was sent, and the follower has not installed the
		// snapshot, answered it as stale, or restarted since.
		open := map[transferKey]bool{}
		closeTransfers := func(node int, index uint64) {
			for k := range open {
				if k.to == node && (index == 0 || k.index == index) {
					delete(open, k)
				}
			}
		}
		failed := false
		tracer := raft.TracerFunc(func(ev raft.TraceEvent) {
			switch ev.Action {
			case raft.TraceRestart:
				for k := range open {
					if k.from == int(ev.Node) || k.to == int(ev.Node) {
						crashedMidTransfer++
						break
					}
				}
				closeTransfers(int(ev.Node), 0)
			case raft.TraceHandleAppendEntriesRequest:
				for k := range open {
					if k.to == int(ev.Node) {
						racedAppends++
						break
					}
				}
			case raft.TraceHandleSnapshotRequest:
				// A snapshot the follower's commit index covers is answered with an MsgAppResp
				// at the commit index, the log untouched (a chunk taken is answered with an
				// MsgSnapResp): the transfer is over. It is stale if the follower committed
				// past it.
				if idx := ev.Message.Snapshot.Metadata.Index; len(ev.Sent) == 1 && ev.Sent[0].Type == raft.MsgAppResp && idx <= ev.Commit {
					if idx < ev.Commit {
						staleLate++
					}
					closeTransfers(int(ev.Node), idx)
				}
			case raft.TraceInstallSnapshot:
				closeTransfers(int(ev.Node), ev.Message.Snapshot.Metadata.Index)
			}
			m := ev.Message
			if m == nil {
				return
			}
			switch ev.Action {
			case raft.TraceSendSnapshot:
				k := transferKey{int(ev.Node), int(m.To), m.Term, m.Snapshot.Metadata.Index}
				if a, ok := acked[k]; ok && m.ChunkOffset < a && !failed {
					failed = true
					t.Errorf("seed %d: leader %d (term %d) sent node %d the chunk at %d of snapshot %d after node %d acknowledged %d bytes",
						seed, ev.Node, m.Term, m.To, m.ChunkOffset, k.index, m.To, a)
				}
				if sent[k] == nil {
					sent[k] = map[uint64]bool{}
				}
				if sent[k][m.ChunkOffset] && m.ChunkOffset > 0 {
					resumed++
				}
				sent[k][m.ChunkOffset] = true
				open[k] = true
				if m.ChunkOffset+uint64(len(m.Snapshot.Data)) == m.SnapshotSize {
					installs++
				}
			case raft.TraceHandleSnapshotResponse:
				acked[transferKey{int(ev.Node), int(m.From), m.Term, m.Index}] = m.ChunkOffset
			case raft.TraceHandleAppendEntriesResp:
				// The follower replicates entries again: its transfers are over.
				for k := range acked {
					if k.from == int(ev.Node) && k.to == int(m.From) {
						delete(acked, k)
						delete(sent, k)
					}
				}
			}
		})
		p := Protocol{
			Compaction: func(uint64) (every, chunk uint64) { return 8, 4 },
			Configure:  func(c *raft.Config) { c.Tracer = tracer },
		}
		res, err := sim.Run(p, sim.RunOptions{Options: sim.Options{Nodes: 3, Seed: seed}})
		if err != nil {
			t.Fatal(err)
		}
		if res.Failure != nil {
			t.Fatalf("seed %d: %v", seed, res.Failure)
		}
		restarts += res.Applied.Restarts
	}
	report := fmt.Sprintf("%d last chunks sent, %d chunks past the first sent again, %d restarts, %d crashes mid-transfer, "+
		"%d stale snapshots delivered late, %d AppendEntries requests handled mid-transfer",
		installs, resumed, restarts, crashedMidTransfer, staleLate, racedAppends)
	t.Logf("12 seeds: %s", report)
	if installs == 0 || resumed == 0 || restarts == 0 || crashedMidTransfer == 0 || staleLate == 0 || racedAppends == 0 {
		t.Fatalf("the seeds did not exercise snapshots under faults: %s", report)
	}
}

// tampered wraps the adapter so that its nodes hand the cluster a wrong snapshot to restore
// (the planted bug, kind): the cluster's snapshot checks must catch it.
type tampered struct {
	Protocol
	kind string // "corrupt": a restored snapshot's state has a byte changed; "stale": a node restores its first snapshot once it has applied well past it
}

func (p tampered) StartNode(cfg sim.NodeConfig) (sim.Node, error) {
	n, err := p.Protocol.StartNode(cfg)
	if err != nil {
		return nil, err
	}
	return &tamperedNode{Node: n.(*Node), kind: p.kind}, nil
}

func (p tampered) NewChecker(n int) sim.Checker { return unwrapping{p.Protocol.NewChecker(n)} }

// unwrapping hands the adapter's checker the nodes inside tamperedNode.
type unwrapping struct{ sim.Checker }

func (u unwrapping) Check(nodes []sim.Node) error {
	inner := make([]sim.Node, len(nodes))
	for i, n := range nodes {
		if t, ok := n.(*tamperedNode); ok {
			inner[i] = t.Node
		}
	}
	return u.Checker.Check(inner)
}

type tamperedNode struct {
	*Node
	kind    string
	first   *sim.Restore // the node's first snapshot (stale)
	applied uint64
	done    bool
}

func (n *tamperedNode) Compact(index uint64, state []byte) error {
	if n.first == nil {
		n.first = &sim.Restore{Index: index, State: append([]byte(nil), state...)}
	}
	return n.Node.Compact(index, state)
}

func (n *tamperedNode) Drain() (sim.Output, error) {
	out, err := n.Node.Drain()
	if err != nil || n.done {
		return out, err
	}
	for _, a := range out.Applied {
		n.applied = max(n.applied, a.Index)
	}
	switch {
	case n.kind == "corrupt" && out.Restore != nil && len(out.Restore.State) > 0:
		state := append([]byte(nil), out.Restore.State...)
		state[len(state)-1] ^= 1
		out.Restore, n.done = &sim.Restore{Index: out.Restore.Index, State: state}, true
	case n.kind == "stale" && n.first != nil && n.applied > n.first.Index+8:
		out.Restore, out.Applied, n.done = n.first, nil, true
	}
	return out, err
}

// TestClusterCatchesWrongSnapshots plants two bugs in what nodes hand the cluster to restore
// (a snapshot whose state no node had at that index, and a snapshot older than what the node
// has applied, as a follower installing a stale snapshot would) and requires the cluster's
// snapshot checks to report each as a StateMachineSafety violation.
//
// Tests RAFT-SNAP-6.
func TestClusterCatchesWrongSnapshots(t *testing.T) {
	t.Parallel()
	for kind, want := range map[string]string{
		"corrupt": "that is not the state of any node",
		"stale":   "below the index",
	} {
		p := tampered{Protocol{Compaction: func(uint64) (every, chunk uint64) { return 8, 16 }}, kind}
		caught := false
		for seed := uint64(1); seed <= 20 && !caught; seed++ {
			res, err := sim.Run(p, sim.RunOptions{Options: sim.Options{Nodes: 3, Seed: seed}})
			if err != nil {
				t.Fatal(err)
			}
			if f := res.Failure; f != nil {
				if f.Kind != sim.FailInvariant || !strings.Contains(f.Err.Error(), "StateMachineSafety") || !strings.Contains(f.Err.Error(), want) {
					t.Fatalf("%s: seed %d failed otherwise: %v", kind, seed, f)
				}
				t.Logf("%s: caught at seed %d: %v", kind, seed, f.Err)
				caught = true
			}
		}
		if !caught {
			t.Errorf("%s: 20 seeds passed with the bug planted", kind)
		}
	}
}
