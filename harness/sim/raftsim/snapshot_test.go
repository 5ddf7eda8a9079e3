package raftsim

import (
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
// snapshots in 16-byte chunks, under each seed's own faults (loss, partitions, crashes), and
// requires them to pass (the checker, the cluster's snapshot checks, linearizability), to catch
// followers up by snapshot, and to resume interrupted transfers: a chunk past the first is sent
// again (the leader went back to the last chunk the follower acknowledged, not to the start),
// and the leader never goes back before an offset the follower acknowledged unless the
// follower acknowledged less since (it restarted and lost its partial copy). A compacting
// node's disk holds its snapshot and the tail after it, so restarts recover that, not the
// whole history.
//
// Tests RAFT-SNAP-2, RAFT-SNAP-3, RAFT-SNAP-4, RAFT-SNAP-5.
func TestSnapshotsUnderFaults(t *testing.T) {
	t.Parallel()
	var installs, resumed, restarts int
	for seed := uint64(1); seed <= 12; seed++ {
		// What each leader knows of each transfer: the offset the follower acknowledged last,
		// and the offsets it sent.
		acked := map[transferKey]uint64{}
		sent := map[transferKey]map[uint64]bool{}
		failed := false
		tracer := raft.TracerFunc(func(ev raft.TraceEvent) {
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
			Compaction: func(uint64) (every, chunk uint64) { return 8, 16 },
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
	t.Logf("12 seeds: %d last chunks sent, %d chunks past the first sent again, %d restarts", installs, resumed, restarts)
	if installs == 0 || resumed == 0 || restarts == 0 {
		t.Fatalf("the seeds did not exercise snapshots under faults: %d last chunks sent, %d chunks past the first sent again, %d restarts",
			installs, resumed, restarts)
	}
}
