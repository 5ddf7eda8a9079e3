package paxos_test

import (
	"errors"
	"fmt"
	"runtime"
	"testing"

	"github.com/dsref/dsref/paxos"
)

// A new leader that recovered slots from an acceptor that voted for them without learning
// that they were decided, and then needs the vote of one that did learn it (and so dropped
// its votes), must learn that those slots are decided instead of waiting for votes that will
// never come.
//
// Tests MPAXOS-12, MPAXOS-13.
func TestLeaderLearnsSlotsAQuorumMemberCompacted(t *testing.T) {
	c := newCluster(t, 3, nil)
	elect(t, c, 1)
	c.Partition([]paxos.NodeID{1, 2}, []paxos.NodeID{3})
	must(t, c.Nodes[1].Propose([]byte("a")))
	must(t, c.Nodes[1].Propose([]byte("b")))
	must(t, c.Process(1))
	// Node 2 votes; node 1 decides a and b and drops its votes; the commit notices are lost,
	// so node 2 keeps its votes. Node 1's application takes a snapshot.
	deliver(t, c, func(m paxos.Message) bool { return carriesVotes(m) })
	c.DropWhere(all)
	must(t, c.Compact(1))
	if st := c.Nodes[2].Status(); st.Commit != 0 {
		t.Fatalf("node 2: %+v, want nothing decided", st)
	}
	c.Heal()
	// Node 3 wins phase 1 with node 2, which reports its votes for a and b: node 3 proposes
	// them again in its ballot. Node 1 hears none of it yet.
	must(t, c.Campaign(3))
	deliver(t, c, func(m paxos.Message) bool {
		return m.To != 1 && (m.Type == paxos.MsgPrepare || m.Type == paxos.MsgPromise)
	})
	if st := c.Nodes[3].Status(); st.Role != paxos.Leader || st.Commit != 0 {
		t.Fatalf("node 3: %+v, want a leader with nothing decided", st)
	}
	// Node 2 crashes before voting: node 3's phase-2 quorum needs node 1, which will not
	// vote in slots it knows are decided. It says how far it has decided instead, and node 3
	// fetches its snapshot.
	c.Crash(2)
	for tick := 0; c.Nodes[3].Status().Commit < 2; tick++ {
		if tick == 30 {
			t.Fatalf("node 3 still at %+v after %d ticks", c.Nodes[3].Status(), tick)
		}
		deliver(t, c, all)
		must(t, c.Tick(3))
	}
	if st := c.Nodes[3].Status(); st.Snapshot != 2 || c.Installed[3] != 1 {
		t.Fatalf("node 3: %+v, installed %d snapshots; want slots 1..2 from node 1's snapshot", st, c.Installed[3])
	}
	must(t, c.Propose(3, []byte("d")))
	deliver(t, c, all)
	if got := c.Nodes[3].Status().Commit; got != 3 {
		t.Fatalf("node 3 decided up to slot %d after proposing d, want 3", got)
	}
	must(t, c.CheckAgreement())
}

// A leader that must learn slots below its floor keeps asking, and asks the other processes
// in turn when the one that reported the floor does not answer.
//
// Tests MPAXOS-12, MPAXOS-9.
func TestLeaderAsksAroundForSlotsBelowItsFloor(t *testing.T) {
	c := newCluster(t, 3, nil)
	elect(t, c, 1)
	c.Partition([]paxos.NodeID{1, 2}, []paxos.NodeID{3})
	must(t, c.Propose(1, []byte("a")))
	deliver(t, c, all)
	must(t, c.Compact(2))
	c.Heal()
	// Node 3 wins phase 1 with node 1, whose promise reports slot 1 compacted; node 1
	// crashes before it answers node 3's request for slot 1.
	must(t, c.Campaign(3))
	deliver(t, c, func(m paxos.Message) bool {
		return m.To != 2 && (m.Type == paxos.MsgPrepare || m.Type == paxos.MsgPromise)
	})
	c.Crash(1)
	for tick := 0; c.Nodes[3].Status().Commit < 1; tick++ {
		if tick == 30 {
			t.Fatalf("node 3 still at %+v after %d ticks", c.Nodes[3].Status(), tick)
		}
		deliver(t, c, all)
		must(t, c.Tick(3))
	}
	must(t, c.CheckAgreement())
}

// Tests MPAXOS-12.
func TestCompactErrors(t *testing.T) {
	c := newCluster(t, 3, nil)
	elect(t, c, 1)
	must(t, c.Propose(1, []byte("a")))
	deliver(t, c, all)
	n := c.Nodes[1]
	if err := n.Compact(paxos.Snapshot{Index: 2}); err == nil || err.Error() != "paxos: node 1: snapshot at slot 2 is past the applied prefix 1" {
		t.Errorf("Compact past applied: %v", err)
	}
	must(t, n.Compact(paxos.Snapshot{Index: 1, Data: []byte("s")}))
	rd := n.Ready()
	if rd.Compact == nil || rd.Compact.Index != 1 || string(rd.Compact.Data) != "s" {
		t.Fatalf("Ready.Compact = %+v", rd.Compact)
	}
	if err := n.Compact(paxos.Snapshot{Index: 1}); !errors.Is(err, paxos.ErrCompacted) {
		t.Errorf("Compact again: %v", err)
	}
	if _, ok := n.Decided(1); ok {
		t.Error("a compacted slot's value is still held")
	}
	for _, st := range []paxos.PersistentState{
		{Snapshot: paxos.Snapshot{Index: 1 << 49}},
		{Snapshot: paxos.Snapshot{Index: 1}, Compacted: 2},
		{Applied: 3, Compacted: 5, Decided: []paxos.Entry{{Slot: 4, Ballot: 1}}},
	} {
		if _, err := paxos.RestartNode(paxos.Config{ID: 1, Peers: []paxos.NodeID{1, 2, 3}}, st); err == nil {
			t.Errorf("RestartNode(%+v) succeeded", st)
		}
	}
}

// A node that compacts every 1000 commands holds no more than that many decided values and
// votes however long it runs, and its heap stays flat: the core's memory is bounded by the
// snapshot interval, not by history.
//
// Tests MPAXOS-12.
func TestCompactionBoundsMemory(t *testing.T) {
	const every, total = 1000, 40_000
	c := newCluster(t, 3, func(cfg *paxos.Config) { cfg.MaxBatch = 100; cfg.Window = 1000 })
	elect(t, c, 1)
	var heap []uint64
	for i := 1; i <= total; i++ {
		must(t, c.Nodes[1].Propose([]byte(fmt.Sprintf("command %08d with some payload", i))))
		if i%100 == 0 {
			must(t, c.Process(1))
			deliver(t, c, all)
		}
		if i%every == 0 {
			for _, id := range c.IDs {
				must(t, c.Compact(id))
				// The test's own record of applied entries is not the core's memory.
				c.Log[id] = nil
				c.Results[id] = nil
			}
			for _, id := range c.IDs {
				st := c.Nodes[id].Status()
				if st.Snapshot != uint64(i) || st.Held > 2*every {
					t.Fatalf("after %d commands node %d: snapshot %d, %d values and votes held", i, id, st.Snapshot, st.Held)
				}
			}
			if i%(10*every) == 0 {
				runtime.GC()
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				heap = append(heap, ms.HeapInuse)
			}
		}
	}
	// Storage keeps every command ever applied unless it compacts too; the cluster's
	// storage does compact (Ready.Compact), so nothing grows with history.
	if first, last := heap[0], heap[len(heap)-1]; last > 2*first {
		t.Errorf("heap in use grew from %d to %d bytes between %d and %d commands", first, last, 10*every, total)
	}
}
