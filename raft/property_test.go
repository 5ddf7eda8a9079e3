package raft_test

import (
	"fmt"
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
	lastEvent map[uint64]raft.TraceEvent
}

func newSafetyChecker() *safetyChecker {
	return &safetyChecker{leaders: map[uint64]uint64{}, applied: map[uint64]raft.Entry{},
		lastTerm: map[uint64]uint64{}, seenApply: map[uint64]int{}, lastEvent: map[uint64]raft.TraceEvent{}}
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
		if len(n.Applied) < sc.seenApply[id] {
			sc.seenApply[id] = 0 // restarted: replaying from the start
		}
		for i, e := range n.Applied[sc.seenApply[id]:] {
			idx := uint64(sc.seenApply[id] + i + 1)
			if e.Index != idx {
				t.Fatalf("node %d applied index %d at position %d", id, e.Index, idx)
			}
			if prev, ok := sc.applied[idx]; ok && (prev.Term != e.Term || string(prev.Data) != string(e.Data)) {
				t.Fatalf("StateMachineSafety: index %d applied as %d/%q and %d/%q", idx, prev.Term, prev.Data, e.Term, e.Data)
			}
			sc.applied[idx] = e
		}
		sc.seenApply[id] = len(n.Applied)
	}
}

// TestRandomFaultSchedulesAreSafe drives small clusters through rapid-generated schedules of
// ticks, proposals, single-message deliveries, drops, duplicates, partitions, crashes and
// restarts, and checks election safety, state machine safety and monotonic terms throughout,
// and that the newest trace event of every node always shows its current state.
//
// The default run is rapid's 100 schedules; DSREF_SOAK=1 runs 200 times as many (about a
// minute), and -rapid.checks=N sets the count per round.
//
// Tests RAFT-ELECT-3, RAFT-ELECT-5, RAFT-COMMIT-2, RAFT-COMMIT-4, RAFT-PERSIST-3, RAFT-LOG-3, RAFT-TRACE-1.
func TestRandomFaultSchedulesAreSafe(t *testing.T) {
	rounds := 1
	if os.Getenv("DSREF_SOAK") != "" {
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
	node := rapid.Uint64Range(1, uint64(n))
	steps := rapid.IntRange(50, 300).Draw(t, "steps")
	proposals := 0
	for i := 0; i < steps; i++ {
		id := node.Draw(t, "node")
		live := c.Nodes[id].Raw != nil
		switch action := rapid.IntRange(0, 9).Draw(t, "action"); {
		case action <= 2 && live:
			c.Nodes[id].Raw.Tick()
		case action == 3 && live:
			proposals++
			_ = c.Nodes[id].Raw.Propose([]byte(fmt.Sprintf("p%d", proposals)))
		case action <= 6 && len(c.Queue) > 0:
			k := rapid.IntRange(0, len(c.Queue)-1).Draw(t, "msg")
			m := c.Queue[k]
			if rapid.IntRange(0, 9).Draw(t, "fate") == 0 {
				c.Queue = append(c.Queue[:k], c.Queue[k+1:]...) // lost
			} else {
				if rapid.IntRange(0, 9).Draw(t, "dup") != 0 {
					c.Queue = append(c.Queue[:k], c.Queue[k+1:]...)
				} // else duplicated: it stays queued
				if to := c.Nodes[m.To]; to.Raw != nil {
					if err := to.Raw.Step(m); err != nil && err != raft.ErrProposalDropped {
						t.Fatalf("step %v: %v", m, err)
					}
				}
			}
		case action == 7 && live:
			if _, err := c.ProcessReady(id); err != nil {
				t.Fatal(err)
			}
		case action == 8:
			if live {
				if rapid.Bool().Draw(t, "crash") {
					_ = c.Crash(id)
				}
			} else {
				if err := c.Restart(id); err != nil {
					t.Fatal(err)
				}
			}
		default:
			for _, id := range c.IDs {
				if c.Nodes[id].Raw != nil {
					if _, err := c.ProcessReady(id); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
		sc.check(t, c)
	}
}
