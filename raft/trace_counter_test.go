package raft_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/dsref/dsref/raft"
	"github.com/dsref/dsref/raft/rafttest"
)

// TestTraceCounterCountsEveryEvent runs the same seeded schedule (ticks, proposals, reads,
// deliveries, cut links, crashes and restarts; synchronous and asynchronous writes) twice:
// once with a Tracer that receives every event, once with a TraceCounter. Each node must count
// as many events as it was traced, and the two runs must send the same messages in the same
// order: a count-only tracer changes what the core builds, nothing of what it does.
//
// Tests RAFT-TRACE-1.
func TestTraceCounterCountsEveryEvent(t *testing.T) {
	for _, async := range []bool{false, true} {
		for seed := uint64(1); seed <= 8; seed++ {
			traced, tracedMsgs := traceCounterRun(t, seed, async, false)
			counted, countedMsgs := traceCounterRun(t, seed, async, true)
			if !slices.Equal(traced, counted) {
				t.Fatalf("async=%v seed %d: events per node %v traced, %v counted", async, seed, traced, counted)
			}
			if !slices.Equal(tracedMsgs, countedMsgs) {
				i := 0
				for i < min(len(tracedMsgs), len(countedMsgs)) && tracedMsgs[i] == countedMsgs[i] {
					i++
				}
				t.Fatalf("async=%v seed %d: the runs' messages differ at #%d of %d/%d", async, seed, i, len(tracedMsgs), len(countedMsgs))
			}
			if traced[0] < 100 {
				t.Fatalf("async=%v seed %d: node 1 took only %d steps: the schedule checks too little", async, seed, traced[0])
			}
		}
	}
}

// traceCounterRun runs the schedule of seed and returns each node's event count and every
// message delivered or dropped, in order.
func traceCounterRun(t *testing.T, seed uint64, async, counter bool) ([]int, []string) {
	t.Helper()
	counts := make([]int, 3)
	c, err := rafttest.NewCluster(3, func(cfg *raft.Config) {
		id := cfg.ID
		cfg.Rand = pcg(seed, id)
		cfg.AsyncStorageWrites = async
		if counter {
			cfg.Tracer = raft.TraceCounter(func() { counts[id-1]++ })
		} else {
			cfg.Tracer = raft.TracerFunc(func(ev raft.TraceEvent) {
				if ev.Node != id {
					t.Errorf("node %d traced an event of node %d", id, ev.Node)
				}
				counts[id-1]++
			})
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	record := func(delivered, dropped []raft.Message) {
		for _, m := range delivered {
			msgs = append(msgs, fmt.Sprintf("%+v", m))
		}
		for _, m := range dropped {
			msgs = append(msgs, fmt.Sprintf("dropped %+v", m))
		}
	}
	rng := rand.New(rand.NewPCG(seed, 0))
	for step := range 3000 {
		id := uint64(1 + rng.IntN(3))
		n := c.Nodes[id]
		switch k := rng.IntN(100); {
		case n.Raw == nil:
			if k < 10 {
				if err := c.Restart(id); err != nil {
					t.Fatal(err)
				}
			}
		case k < 25:
			n.Raw.Tick()
		case k < 40:
			_ = n.Raw.Propose(fmt.Appendf(nil, "p%d", step))
		case k < 43:
			_ = n.Raw.ProposeBatch([]byte("a"), []byte("b"))
		case k < 46:
			_ = n.Raw.ReadIndex(fmt.Appendf(nil, "r%d", step))
		case k < 70:
			if _, err := c.ProcessReady(id); err != nil {
				t.Fatal(err)
			}
			for {
				_, did, err := c.Persist(id)
				if err != nil {
					t.Fatal(err)
				}
				if !did {
					break
				}
			}
			if _, err := c.Apply(id); err != nil {
				t.Fatal(err)
			}
		case k < 95:
			delivered, dropped, err := c.Deliver(id)
			if err != nil {
				t.Fatal(err)
			}
			record(delivered, dropped)
		case k < 97:
			c.Isolate(id)
		case k < 99:
			c.Heal()
		default:
			if err := c.Crash(id); err != nil {
				t.Fatal(err)
			}
		}
	}
	delivered, dropped, err := c.Stabilize()
	if err != nil {
		t.Fatal(err)
	}
	record(delivered, dropped)
	return counts, msgs
}
