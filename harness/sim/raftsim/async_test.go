package raftsim

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/dsref/dsref/harness/sim"
	"github.com/dsref/dsref/raft"
)

// TestAsyncWritesUnderFaults runs seeds whose nodes all persist asynchronously
// (Config.AsyncStorageWrites), under each seed's own faults, and requires them to pass (the
// checker, linearizability) and their traces to be behaviors of tla/Raft.tla with AsyncWrites.
// The seeds must exercise what the option changes: leaders send entries their own disk has not
// taken yet, and crashes lose writes that were handed out but not written (the restarted node
// comes back with less than it had, which the specification's Restart allows only from its
// durable state).
//
// Tests RAFT-PERSIST-5, RAFT-TRACE-2.
func TestAsyncWritesUnderFaults(t *testing.T) {
	t.Parallel()
	var overlapped, lost, restarts int
	for seed := uint64(1); seed <= 10; seed++ {
		pending := map[uint64]int{} // writes handed out and not yet durable, per node
		tracer := raft.TracerFunc(func(ev raft.TraceEvent) {
			switch ev.Action {
			case raft.TraceStorageAppend:
				pending[ev.Node]++
			case raft.TraceHandleStorageAppendResp:
				pending[ev.Node]--
			case raft.TraceRestart:
				lost += pending[ev.Node]
				pending[ev.Node] = 0
			case raft.TraceSendAppendEntries:
				if len(ev.Message.Entries) > 0 && pending[ev.Node] > 0 {
					overlapped++
				}
			}
		})
		var buf bytes.Buffer
		q := Protocol{AsyncWrites: func(uint64) bool { return true }}
		q.Configure = func(c *raft.Config) {
			inner := c.Tracer
			c.Tracer = raft.TracerFunc(func(ev raft.TraceEvent) {
				tracer(ev)
				if inner != nil {
					inner.Trace(ev)
				}
			})
		}
		res, err := sim.Run(q, sim.RunOptions{Options: sim.Options{Nodes: 3, Seed: seed, Trace: &buf}})
		if err != nil {
			t.Fatal(err)
		}
		if res.Failure != nil {
			t.Fatalf("seed %d: %v", seed, res.Failure)
		}
		restarts += res.Applied.Restarts
		if r := validate(t, fmt.Sprintf("async-seed%d.ndjson", seed), buf.Bytes()); !r.OK() {
			t.Fatalf("seed %d: the trace is not a behavior of TraceRaft.tla: %v", seed, r.Failure)
		}
	}
	t.Logf("10 seeds: %d MsgApp with entries sent while the leader's own write was pending, %d writes lost in %d restarts", overlapped, lost, restarts)
	if overlapped == 0 || lost == 0 {
		t.Fatalf("the seeds did not exercise asynchronous writes: %d MsgApp overlapping the leader's write, %d writes lost in crashes", overlapped, lost)
	}
}
