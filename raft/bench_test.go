package raft_test

import (
	"fmt"
	"testing"

	"github.com/dsref/dsref/raft"
)

// benchCluster is a minimal synchronous driver: no network, no disk, messages handed straight
// to the recipient's Step, storage in memory.
type benchCluster struct {
	nodes   []*raft.RawNode
	stores  []*raft.MemoryStorage
	queue   []raft.Message
	next    []raft.Message
	applied int
}

func newBenchCluster(b *testing.B) *benchCluster {
	bc := &benchCluster{}
	for id := uint64(1); id <= 3; id++ {
		st := raft.NewMemoryStorage()
		rn, err := raft.NewRawNode(&raft.Config{ID: id, Peers: []uint64{1, 2, 3}, Storage: st})
		if err != nil {
			b.Fatal(err)
		}
		bc.nodes = append(bc.nodes, rn)
		bc.stores = append(bc.stores, st)
	}
	if err := bc.nodes[0].Campaign(); err != nil {
		b.Fatal(err)
	}
	bc.run(b)
	return bc
}

// run processes Readies and delivers messages until the cluster is quiet.
func (bc *benchCluster) run(b *testing.B) {
	for {
		busy := false
		for i, rn := range bc.nodes {
			if !rn.HasReady() {
				continue
			}
			busy = true
			rd := rn.Ready()
			if err := bc.stores[i].Append(rd.Entries); err != nil {
				b.Fatal(err)
			}
			if !rd.HardState.IsEmpty() {
				bc.stores[i].SetHardState(rd.HardState)
			}
			bc.queue = append(bc.queue, rd.Messages...)
			if i == 0 {
				bc.applied += len(rd.CommittedEntries)
			}
			rn.Advance(rd)
		}
		for len(bc.queue) > 0 {
			busy = true
			bc.queue, bc.next = bc.next[:0], bc.queue
			for _, m := range bc.next {
				if err := bc.nodes[m.To-1].Step(m); err != nil {
					b.Fatal(err)
				}
			}
		}
		if !busy {
			return
		}
	}
}

// BenchmarkCommit measures proposals committed per second (entries/s) and allocations per
// committed entry (allocs/op, one op = one committed entry) in a synchronous 3-node cluster.
// batch is the number of proposals made before the cluster is driven to quiescence.
//
// Tests RAFT-LOG-6, RAFT-COMMIT-1.
func BenchmarkCommit(b *testing.B) {
	for _, batch := range []int{1, 16, 256} {
		b.Run(fmt.Sprintf("batch=%d", batch), func(b *testing.B) {
			bc := newBenchCluster(b)
			data := make([]byte, 64)
			start := bc.applied
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if err := bc.nodes[0].Propose(data); err != nil {
					b.Fatal(err)
				}
				if (i+1)%batch == 0 || i == b.N-1 {
					bc.run(b)
				}
			}
			b.StopTimer()
			if got := bc.applied - start; got != b.N {
				b.Fatalf("leader applied %d entries, want %d", got, b.N)
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "entries/s")
		})
	}
}

// BenchmarkFollowerHeartbeat measures a follower handling one heartbeat and producing its
// Ready, without a Tracer and with one that discards events: the difference is the whole cost
// of tracing on this path, and the untraced allocations are the Ready's own.
//
// Tests RAFT-TRACE-1.
func BenchmarkFollowerHeartbeat(b *testing.B) {
	for _, traced := range []bool{false, true} {
		b.Run(fmt.Sprintf("tracer=%v", traced), func(b *testing.B) {
			cfg := &raft.Config{ID: 2, Peers: []uint64{1, 2, 3}}
			if traced {
				cfg.Tracer = raft.TracerFunc(func(raft.TraceEvent) {})
			}
			rn, err := raft.NewRawNode(cfg)
			if err != nil {
				b.Fatal(err)
			}
			hb := raft.Message{Type: raft.MsgHeartbeat, From: 1, To: 2, Term: 1}
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if err := rn.Step(hb); err != nil {
					b.Fatal(err)
				}
				rn.Advance(rn.Ready())
			}
		})
	}
}
