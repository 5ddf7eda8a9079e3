package paxos_test

import (
	"fmt"
	"testing"

	"github.com/dsref/dsref/paxos"
)

// benchCluster is a lean in-memory 3-node cluster for benchmarks: a FIFO of messages, no
// storage copies, no logs kept, so the cost measured is the cores'.
type benchCluster struct {
	nodes   map[paxos.NodeID]*paxos.Node
	queue   []paxos.Message
	sent    int
	decided int
}

func newBenchCluster(b *testing.B, n, batch int) *benchCluster {
	bc := &benchCluster{nodes: map[paxos.NodeID]*paxos.Node{}}
	var peers []paxos.NodeID
	for i := 1; i <= n; i++ {
		peers = append(peers, paxos.NodeID(i))
	}
	for _, id := range peers {
		node, err := paxos.NewNode(paxos.Config{ID: id, Peers: peers, MaxBatch: batch, Window: 1 << 20, MaxPending: 1 << 20})
		if err != nil {
			b.Fatal(err)
		}
		bc.nodes[id] = node
	}
	if err := bc.nodes[1].Campaign(); err != nil {
		b.Fatal(err)
	}
	bc.drain(1)
	bc.run(b)
	return bc
}

func (bc *benchCluster) drain(id paxos.NodeID) {
	rd := bc.nodes[id].Ready()
	bc.sent += len(rd.Messages)
	bc.queue = append(bc.queue, rd.Messages...)
	if id == 1 {
		bc.decided += len(rd.Decided)
	}
}

func (bc *benchCluster) run(b *testing.B) {
	for len(bc.queue) > 0 {
		m := bc.queue[0]
		bc.queue = bc.queue[1:]
		if err := bc.nodes[m.To].Step(m); err != nil {
			b.Fatal(err)
		}
		bc.drain(m.To)
	}
}

// BenchmarkCommandsDecided measures steady-state throughput of a 3-node cluster: each
// iteration proposes `batch` commands at the leader and delivers every message until they
// are decided. It reports decided commands per second and messages per command.
//
// Tests MPAXOS-3.
func BenchmarkCommandsDecided(b *testing.B) {
	for _, batch := range []int{1, 16} {
		b.Run(fmt.Sprintf("batch=%d", batch), func(b *testing.B) {
			bc := newBenchCluster(b, 3, batch)
			cmd := []byte("command-payload")
			bc.sent, bc.decided = 0, 0
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				for j := 0; j < batch; j++ {
					if err := bc.nodes[1].Propose(cmd); err != nil {
						b.Fatal(err)
					}
				}
				bc.drain(1)
				bc.run(b)
			}
			b.StopTimer()
			if bc.decided != b.N*batch {
				b.Fatalf("decided %d commands, want %d", bc.decided, b.N*batch)
			}
			b.ReportMetric(float64(bc.decided)/b.Elapsed().Seconds(), "cmds/s")
			b.ReportMetric(float64(bc.sent)/float64(bc.decided), "msgs/cmd")
		})
	}
}

// Tests MPAXOS-3.
func TestSteadyStateMessagesPerCommand(t *testing.T) {
	for _, n := range []int{3, 5} {
		c := newCluster(t, n, nil)
		elect(t, c, 1)
		const commands = 20
		before := c.Sent
		for i := 0; i < commands; i++ {
			must(t, c.Propose(1, []byte(fmt.Sprint("c", i))))
			deliver(t, c, all)
			// Every follower applied it as soon as the leader did: no heartbeat needed.
			for _, id := range c.IDs {
				if got := c.Nodes[id].Status().Applied; got != uint64(i+1) {
					t.Fatalf("N=%d: node %d applied %d after command %d", n, id, got, i+1)
				}
			}
		}
		// One at a time: an Accept to and an Accepted from each follower, and the commit
		// notice, which no Accept was going out to carry.
		if got, want := c.Sent-before, commands*3*(n-1); got != want {
			t.Errorf("N=%d: %d messages for %d commands, want exactly 3(N-1) each = %d", n, got, commands, want)
		}
	}
	// With MaxBatch 16, 32 commands proposed together share two Accepts per peer, and each
	// batch's decision one commit notice.
	c := newCluster(t, 3, func(cfg *paxos.Config) { cfg.MaxBatch = 16 })
	elect(t, c, 1)
	before := c.Sent
	for i := 0; i < 32; i++ {
		must(t, c.Nodes[1].Propose([]byte(fmt.Sprint("c", i))))
	}
	must(t, c.Process(1))
	deliver(t, c, all)
	if got := c.Sent - before; got != 3*2*2 {
		t.Errorf("batch 16: %d messages for 32 commands, want 12", got)
	}
	// A decision that finds commands waiting for the window rides on their Accept: with
	// Window 1, each command waits for the previous one, and costs 2(N-1) messages plus the
	// last one's commit notice.
	c = newCluster(t, 3, func(cfg *paxos.Config) { cfg.Window = 1 })
	elect(t, c, 1)
	before = c.Sent
	for i := 0; i < 10; i++ {
		must(t, c.Nodes[1].Propose([]byte(fmt.Sprint("c", i))))
	}
	must(t, c.Process(1))
	deliver(t, c, all)
	if got := c.Sent - before; got != 10*2*2+2 {
		t.Errorf("window 1: %d messages for 10 queued commands, want 42", got)
	}
	for _, id := range c.IDs {
		if got := c.Nodes[id].Status().Applied; got != 10 {
			t.Errorf("window 1: node %d applied %d of 10", id, got)
		}
	}
}

// BenchmarkCommit is raft's BenchmarkCommit (raft/bench_test.go) for Multi-Paxos, with the
// same driver shape so that the two can be compared side by side: 3 nodes, 64-byte payloads,
// batch proposals at the leader before the cluster is driven to quiescence, every Ready
// persisted to in-memory Storage before its messages are delivered, and a command counted when
// the leader applies it. MaxBatch lets one Accept carry a whole batch, as one MsgApp does.
// It reports entries/s and allocations per committed entry (one op = one entry).
//
// Tests MPAXOS-3.
func BenchmarkCommit(b *testing.B) {
	for _, batch := range []int{1, 16, 256} {
		b.Run(fmt.Sprintf("batch=%d", batch), func(b *testing.B) {
			peers := []paxos.NodeID{1, 2, 3}
			var nodes []*paxos.Node
			var stores []*paxos.Storage
			for _, id := range peers {
				n, err := paxos.NewNode(paxos.Config{ID: id, Peers: peers, MaxBatch: 256, Window: 1024, MaxPending: 1 << 16})
				if err != nil {
					b.Fatal(err)
				}
				nodes = append(nodes, n)
				stores = append(stores, paxos.NewStorage())
			}
			var queue, next []paxos.Message
			applied := 0
			run := func() {
				for {
					busy := false
					for i, n := range nodes {
						if !n.HasReady() {
							continue
						}
						busy = true
						rd := n.Ready()
						if err := stores[i].Save(rd); err != nil {
							b.Fatal(err)
						}
						queue = append(queue, rd.Messages...)
						if i == 0 {
							applied += len(rd.Decided)
						}
					}
					for len(queue) > 0 {
						busy = true
						queue, next = next[:0], queue
						for _, m := range next {
							if err := nodes[m.To-1].Step(m); err != nil {
								b.Fatal(err)
							}
						}
					}
					if !busy {
						return
					}
				}
			}
			if err := nodes[0].Campaign(); err != nil {
				b.Fatal(err)
			}
			run()
			data := make([]byte, 64)
			start := applied
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if err := nodes[0].Propose(data); err != nil {
					b.Fatal(err)
				}
				if (i+1)%batch == 0 || i == b.N-1 {
					run()
				}
			}
			b.StopTimer()
			if got := applied - start; got != b.N {
				b.Fatalf("leader applied %d entries, want %d", got, b.N)
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "entries/s")
		})
	}
}
