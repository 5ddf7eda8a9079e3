package raft_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/dsref/dsref/raft"
	"github.com/dsref/dsref/raft/rafttest"
	"pgregory.net/rapid"
)

// safetyChecker accumulates what the cluster has shown so far and checks the Raft safety
// properties after every step.
type safetyChecker struct {
	leaders   map[uint64]uint64     // term -> leader
	applied   map[uint64]raft.Entry // index -> entry applied by anyone
	lastTerm  map[uint64]uint64     // node -> highest term seen
	seenApply map[uint64]int        // node -> how many of its Applied were checked
	seenSnap  map[uint64]uint64     // node -> index of the snapshot its state machine was restored from
	lastEvent map[uint64]raft.TraceEvent
	readFloor map[string]uint64 // pending read -> highest index applied when it was issued
	seenReads map[uint64]int    // node -> how many of its ReadStates were checked
}

func (sc *safetyChecker) maxApplied() uint64 {
	var hi uint64
	for idx := range sc.applied {
		hi = max(hi, idx)
	}
	return hi
}

// stateAt is the state machine after the entries up to index: their terms and data, in order.
// Every entry up to it was applied by the node that snapshotted there, so the checker saw it.
func (sc *safetyChecker) stateAt(t *rapid.T, index uint64) string {
	var b []byte
	for i := uint64(1); i <= index; i++ {
		e, ok := sc.applied[i]
		if !ok {
			t.Fatalf("a snapshot at %d covers entry %d, which no node applied", index, i)
		}
		b = fmt.Appendf(b, "%d/%s;", e.Term, e.Data)
	}
	return string(b)
}

func newSafetyChecker() *safetyChecker {
	return &safetyChecker{leaders: map[uint64]uint64{}, applied: map[uint64]raft.Entry{},
		lastTerm: map[uint64]uint64{}, seenApply: map[uint64]int{}, seenSnap: map[uint64]uint64{}, lastEvent: map[uint64]raft.TraceEvent{},
		readFloor: map[string]uint64{}, seenReads: map[uint64]int{}}
}

func (sc *safetyChecker) check(t *rapid.T, c *rafttest.Cluster) {
	for _, id := range c.IDs {
		n := c.Nodes[id]
		if n.Raw == nil {
			// Only what was persisted survives a crash; unpersisted state was never exposed.
			hs, _, _ := n.Storage.InitialState()
			sc.lastTerm[id] = hs.Term
			sc.seenApply[id] = 0
			continue
		}
		st := n.Raw.Status()
		// Every transition is traced: the newest event shows the node's current state.
		ev := sc.lastEvent[id]
		if ev.Term != st.Term || ev.Vote != st.Vote || ev.Role != st.RaftState || ev.Lead != st.Lead ||
			ev.LastIndex != st.LastIndex || ev.LastTerm != st.LastTerm || ev.Commit != st.Commit {
			t.Fatalf("node %d: state %s not shown by its last trace event %+v", id, rafttest.StatusLine(st), ev)
		}
		if st.Term < sc.lastTerm[id] {
			t.Fatalf("node %d: term went back from %d to %d", id, sc.lastTerm[id], st.Term)
		}
		sc.lastTerm[id] = st.Term
		if st.RaftState == raft.StateLeader {
			if other, ok := sc.leaders[st.Term]; ok && other != id {
				t.Fatalf("ElectionSafety: nodes %d and %d both lead term %d", other, id, st.Term)
			}
			sc.leaders[st.Term] = id
		}
		if len(n.Applied) < sc.seenApply[id] || n.Snapshot.Index != sc.seenSnap[id] {
			// Restarted, or restored from a snapshot: replaying from the snapshot on. The
			// snapshot's data is the state after its last entry: it must agree with what was
			// applied everywhere up to there.
			sc.seenApply[id], sc.seenSnap[id] = 0, n.Snapshot.Index
			if n.Snapshot.Index > 0 {
				snap, err := n.Storage.Snapshot()
				if err != nil || snap.Metadata.Index != n.Snapshot.Index {
					t.Fatalf("node %d: storage snapshot %+v, %v; state machine restored from %+v", id, snap.Metadata, err, n.Snapshot)
				}
				if want := sc.stateAt(t, n.Snapshot.Index); string(snap.Data) != want {
					t.Fatalf("StateMachineSafety: node %d restored snapshot %d holding %q, but the entries applied up to it make %q", id, n.Snapshot.Index, snap.Data, want)
				}
			}
		}
		for i, e := range n.Applied[sc.seenApply[id]:] {
			idx := n.Snapshot.Index + uint64(sc.seenApply[id]+i+1)
			if e.Index != idx {
				t.Fatalf("node %d applied index %d at position %d", id, e.Index, idx)
			}
			if prev, ok := sc.applied[idx]; ok && (prev.Term != e.Term || string(prev.Data) != string(e.Data)) {
				t.Fatalf("StateMachineSafety: index %d applied as %d/%q and %d/%q", idx, prev.Term, prev.Data, e.Term, e.Data)
			}
			sc.applied[idx] = e
		}
		sc.seenApply[id] = len(n.Applied)
		for _, rs := range n.ReadStates[sc.seenReads[id]:] {
			floor, ok := sc.readFloor[string(rs.RequestCtx)]
			if !ok {
				t.Fatalf("node %d: answer to unknown read %q", id, rs.RequestCtx)
			}
			if rs.Index < floor {
				t.Fatalf("linearizable reads: read %q answered at index %d, but index %d was applied before it was issued", rs.RequestCtx, rs.Index, floor)
			}
		}
		sc.seenReads[id] = len(n.ReadStates)
	}
}

// TestRandomFaultSchedulesAreSafe drives small clusters through random schedules of ticks,
// proposals, ReadIndex requests, leadership transfers, message deliveries out of order, losses,
// duplicates, partitions, crashes and restarts (rapid draws the cluster size, PreVote,
// CheckQuorum and the schedule's seed). Throughout it checks election safety, state machine
// safety, that persisted terms never decrease, that every read index covers all entries applied
// before the read was issued, and that the newest trace event of a node shows its state.
// Afterwards it heals everything and requires a new proposal to commit everywhere.
//
// The default run is rapid's 100 schedules; DSREF_SOAK=1 runs 200 times as many (about a
// minute), and -rapid.checks=N sets the count per round.
//
// Tests RAFT-ELECT-3, RAFT-ELECT-5, RAFT-COMMIT-2, RAFT-COMMIT-4, RAFT-PERSIST-3, RAFT-LOG-3, RAFT-LOG-5, RAFT-TRACE-1, RAFT-READ-2, RAFT-SNAP-3, RAFT-SNAP-5, RAFT-SNAP-6.
func TestRandomFaultSchedulesAreSafe(t *testing.T) {
	rounds := 1
	if os.Getenv("DSREF_SOAK") == "1" {
		rounds = 200
	}
	for round := 0; round < rounds && !t.Failed(); round++ {
		rapid.Check(t, checkRandomFaultSchedule)
	}
}

func checkRandomFaultSchedule(t *rapid.T) {
	n := rapid.SampledFrom([]int{3, 5}).Draw(t, "nodes")
	preVote := rapid.Bool().Draw(t, "prevote")
	checkQuorum := rapid.Bool().Draw(t, "checkquorum")
	seed := rapid.Uint64().Draw(t, "seed")
	sc := newSafetyChecker()
	c, err := rafttest.NewCluster(n, func(cfg *raft.Config) {
		cfg.Tracer = raft.TracerFunc(func(ev raft.TraceEvent) { sc.lastEvent[ev.Node] = ev })
		cfg.ElectionTick = 4
		cfg.DisablePreVote = !preVote
		cfg.DisableCheckQuorum = !checkQuorum
		cfg.MaxSizePerMsg = 64
		cfg.MaxInflightMsgs = 4
		cfg.Rand = pcg(seed, cfg.ID)
	})
	if err != nil {
		t.Fatal(err)
	}
	// The schedule comes from a PCG seeded by rapid: rapid's own draws favour small values,
	// which would make the first action dominate; the seed keeps every run reproducible.
	rng := rand.New(rand.NewPCG(seed, uint64(n)))
	pickNode := func() uint64 { return uint64(rng.IntN(n) + 1) }
	// Actions with their weights out of 100: a network round
	// (every node handles its Ready, then every queued message is delivered once, some lost),
	// a tick of every node, one message delivered out of order (possibly lost or duplicated), a proposal, a
	// single Ready, a ReadIndex, a crash or restart, a leadership transfer, a partition change, a
	// snapshot and compaction.
	weights := []int{31, 15, 12, 15, 4, 8, 3, 3, 5, 4}
	steps := rapid.IntRange(100, 400).Draw(t, "steps")
	proposals, reads := 0, 0
	for i := 0; i < steps; i++ {
		id := pickNode()
		live := c.Nodes[id].Raw != nil
		action, roll := 0, rng.IntN(100)
		for roll >= weights[action] {
			roll -= weights[action]
			action++
		}
		switch action {
		case 0:
			for _, id := range c.IDs {
				if c.Nodes[id].Raw != nil {
					if _, err := c.ProcessReady(id); err != nil {
						t.Fatal(err)
					}
				}
			}
			if rng.IntN(10) == 0 && len(c.Queue) > 0 {
				k := rng.IntN(len(c.Queue))
				c.Queue = append(c.Queue[:k], c.Queue[k+1:]...)
			}
			if _, _, err := c.Deliver(0); err != nil {
				t.Fatal(err)
			}
		case 1:
			for _, id := range c.IDs {
				if c.Nodes[id].Raw != nil {
					c.Nodes[id].Raw.Tick()
				}
			}
		case 2:
			if len(c.Queue) == 0 {
				break
			}
			k := rng.IntN(len(c.Queue))
			m := c.Queue[k]
			if rng.IntN(5) != 0 { // otherwise duplicated: it stays queued
				c.Queue = append(c.Queue[:k], c.Queue[k+1:]...)
			}
			if to := c.Nodes[m.To]; to.Raw != nil {
				if err := to.Raw.Step(m); err != nil && err != raft.ErrProposalDropped {
					t.Fatalf("step %v: %v", m, err)
				}
			}
		case 3:
			if live {
				proposals++
				_ = c.Nodes[id].Raw.Propose([]byte(fmt.Sprintf("p%d", proposals)))
			}
		case 4:
			if live {
				if _, err := c.ProcessReady(id); err != nil {
					t.Fatal(err)
				}
			}
		case 5:
			// A read issued now must observe every entry applied anywhere so far.
			if live {
				reads++
				ctx := fmt.Sprintf("r%d", reads)
				if c.Nodes[id].Raw.ReadIndex([]byte(ctx)) == nil {
					sc.readFloor[ctx] = sc.maxApplied()
				}
			}
		case 6:
			if live {
				_ = c.Crash(id)
			} else if err := c.Restart(id); err != nil {
				t.Fatal(err)
			}
		case 7:
			if live {
				_ = c.Nodes[id].Raw.TransferLeader(pickNode())
			}
		case 9:
			// The application snapshots its state at what it applied and compacts the log
			// (the data is the state the checker expects).
			if live {
				if applied := c.Nodes[id].Raw.BasicStatus().Applied; applied > 0 {
					_ = c.Compact(id, applied, []byte(sc.stateAt(t, applied)))
				}
			}
		case 8:
			if rng.IntN(2) == 0 {
				c.Heal()
			} else {
				c.Isolate(id)
			}
		}
		sc.check(t, c)
	}
	// Liveness once the faults stop: with the network healed and every node up, some leader
	// commits a new proposal on every node within a bounded number of ticks.
	c.Heal()
	for _, id := range c.IDs {
		if c.Nodes[id].Raw == nil {
			if err := c.Restart(id); err != nil {
				t.Fatal(err)
			}
		}
	}
	for tick := 0; ; tick++ {
		if tick == 200 {
			t.Fatalf("no proposal committed on every node within %d ticks after healing", tick)
		}
		if lead := c.Leader(); lead != 0 {
			_ = c.Nodes[lead].Raw.Propose([]byte("final"))
		}
		if _, _, err := c.Stabilize(); err != nil {
			t.Fatal(err)
		}
		sc.check(t, c)
		if allApplied(c, "final") {
			return
		}
		for _, id := range c.IDs {
			c.Nodes[id].Raw.Tick()
		}
	}
}

func allApplied(c *rafttest.Cluster, data string) bool {
	for _, id := range c.IDs {
		found := false
		for _, e := range c.Nodes[id].Applied {
			found = found || string(e.Data) == data
		}
		if !found {
			return false
		}
	}
	return true
}
