package raft_test

import (
	"fmt"
	"testing"

	"github.com/dsref/dsref/raft"
	"github.com/dsref/dsref/raft/rafttest"
)

func newCluster(t testing.TB, n int, configure func(*raft.Config)) *rafttest.Cluster {
	t.Helper()
	c, err := rafttest.NewCluster(n, configure)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func stabilize(t testing.TB, c *rafttest.Cluster) {
	t.Helper()
	if _, _, err := c.Stabilize(); err != nil {
		t.Fatal(err)
	}
}

// Tests RAFT-ELECT-1, RAFT-COMMIT-3, RAFT-LOG-1.
func TestClusterElectsAndCommits(t *testing.T) {
	c := newCluster(t, 3, nil)
	if err := c.Nodes[1].Raw.Campaign(); err != nil {
		t.Fatal(err)
	}
	stabilize(t, c)
	if got := c.Leader(); got != 1 {
		t.Fatalf("leader = %d, want 1", got)
	}
	for i := 0; i < 5; i++ {
		if err := c.Nodes[1].Raw.Propose([]byte(fmt.Sprintf("v%d", i))); err != nil {
			t.Fatal(err)
		}
	}
	stabilize(t, c)
	// Heartbeats spread the final commit index to every follower.
	c.Nodes[1].Raw.Tick()
	stabilize(t, c)
	for _, id := range c.IDs {
		n := c.Nodes[id]
		if len(n.Applied) != 6 {
			t.Fatalf("node %d applied %d entries, want 6 (no-op + 5): %v", id, len(n.Applied), n.Applied)
		}
		if string(n.Applied[5].Data) != "v4" || n.Applied[0].Term != 1 || len(n.Applied[0].Data) != 0 {
			t.Fatalf("node %d applied %v", id, n.Applied)
		}
	}
}
