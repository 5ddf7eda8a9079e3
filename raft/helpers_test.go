package raft_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/dsref/dsref/raft"
	"github.com/dsref/dsref/raft/rafttest"
)

func noPreVote(cfg *raft.Config) { cfg.DisablePreVote = true }

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func processReady(t testing.TB, c *rafttest.Cluster, ids ...uint64) {
	t.Helper()
	for _, id := range ids {
		if _, err := c.ProcessReady(id); err != nil {
			t.Fatal(err)
		}
	}
}

func deliver(t testing.TB, c *rafttest.Cluster, id uint64) {
	t.Helper()
	if _, _, err := c.Deliver(id); err != nil {
		t.Fatal(err)
	}
}

// dropTo discards queued messages addressed to id.
func dropTo(c *rafttest.Cluster, id uint64) {
	var keep []raft.Message
	for _, m := range c.Queue {
		if m.To != id {
			keep = append(keep, m)
		}
	}
	c.Queue = keep
}

// setLog crashes node id and replaces its storage with a log of the given entry terms and the
// given current term, then restarts it.
func setLog(t testing.TB, c *rafttest.Cluster, id, term uint64, terms ...uint64) {
	t.Helper()
	if c.Nodes[id].Raw != nil {
		must(t, c.Crash(id))
	}
	st := raft.NewMemoryStorage()
	st.SetConfState(raft.ConfState{Voters: c.IDs})
	st.SetHardState(raft.HardState{Term: term})
	var ents []raft.Entry
	for i, et := range terms {
		ents = append(ents, raft.Entry{Term: et, Index: uint64(i + 1), Data: []byte(fmt.Sprintf("e%d", i+1))})
	}
	must(t, st.Append(ents))
	c.Nodes[id].Storage = st
	must(t, c.Restart(id))
}

func status(c *rafttest.Cluster, id uint64) raft.Status { return c.Nodes[id].Raw.Status() }

// electLeader makes node id leader of a fresh cluster and commits its no-op everywhere.
func electLeader(t testing.TB, c *rafttest.Cluster, id uint64) {
	t.Helper()
	must(t, c.Nodes[id].Raw.Campaign())
	stabilize(t, c)
	c.Nodes[id].Raw.Tick() // a heartbeat spreads the commit index
	stabilize(t, c)
	if c.Leader() != id {
		t.Fatalf("leader = %d, want %d", c.Leader(), id)
	}
}

func pcg(seed, id uint64) *rand.PCG { return rand.NewPCG(seed, id) }
