package raft_test

import (
	"math"
	"strings"
	"testing"

	"github.com/dsref/dsref/raft"
	"github.com/dsref/dsref/raft/rafttest"
)

// Tests RAFT-LEASE-1.
func TestLeaseConfigIsChecked(t *testing.T) {
	for _, tc := range []struct {
		name  string
		cfg   func(*raft.Config)
		error string // "" if accepted
	}{
		{"lease", func(c *raft.Config) { c.LeaseReads, c.MaxClockDrift = true, 0.3 }, ""},
		{"no drift", func(c *raft.Config) { c.LeaseReads = true }, ""},
		{"drift without lease", func(c *raft.Config) { c.MaxClockDrift = 0.1 }, "LeaseReads is off"},
		{"no CheckQuorum", func(c *raft.Config) { c.LeaseReads, c.DisableCheckQuorum = true, true }, "needs CheckQuorum"},
		{"drift 1", func(c *raft.Config) { c.LeaseReads, c.MaxClockDrift = true, 1 }, "below 1"},
		{"negative drift", func(c *raft.Config) { c.LeaseReads, c.MaxClockDrift = true, -0.1 }, "at least 0"},
		{"NaN drift", func(c *raft.Config) { c.LeaseReads, c.MaxClockDrift = true, math.NaN() }, "at least 0"},
		{"lease under a tick", func(c *raft.Config) {
			c.LeaseReads, c.MaxClockDrift, c.ElectionTick = true, 0.5, 2
		}, "shorter than one tick"},
	} {
		cfg := &raft.Config{ID: 1, Peers: []uint64{1, 2, 3}}
		tc.cfg(cfg)
		_, err := raft.NewRawNode(cfg)
		switch {
		case tc.error == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.error != "" && (err == nil || !strings.Contains(err.Error(), tc.error)):
			t.Errorf("%s: error %v, want one saying %q", tc.name, err, tc.error)
		}
	}
}

// An acknowledgement echoing a stamp the leader's clock has not reached (no correct follower
// sends one) gives no lease; nor does one without a stamp.
//
// Tests RAFT-LEASE-3, RAFT-ROBUST-4.
func TestLeaseIgnoresStampsFromTheFuture(t *testing.T) {
	c := newCluster(t, 3, func(cfg *raft.Config) { cfg.LeaseReads = true })
	electLeader(t, c, 1)
	expireLease(t, c, 1)
	for _, stamp := range []uint64{0, 1 << 40, math.MaxUint64} {
		st := status(c, 1)
		for _, from := range []uint64{2, 3} {
			must(t, c.Nodes[1].Raw.Step(raft.Message{Type: raft.MsgHeartbeatResp, From: from, To: 1, Term: st.Term, Index: stamp}))
		}
		if left := c.Nodes[1].Raw.BasicStatus().LeaseTicks; left != 0 {
			t.Fatalf("stamp %d: lease for %d ticks", stamp, left)
		}
	}
}

// expireLease lets leader id's lease run out: its heartbeats meanwhile stay undelivered.
func expireLease(t *testing.T, c *rafttest.Cluster, id uint64) {
	t.Helper()
	for c.Nodes[id].Raw.BasicStatus().LeaseTicks > 0 {
		c.Nodes[id].Raw.Tick()
	}
	processReady(t, c, id)
	if st := status(c, id); st.RaftState != raft.StateLeader {
		t.Fatalf("node %d is no longer leader: %v", id, st.RaftState)
	}
}

// Of five voters, the leader and one acknowledgement are not a quorum; the leader and two are.
//
// Tests RAFT-LEASE-3.
func TestLeaseNeedsAQuorumOfAcknowledgements(t *testing.T) {
	c := newCluster(t, 5, func(cfg *raft.Config) { cfg.LeaseReads = true })
	electLeader(t, c, 1)
	expireLease(t, c, 1)
	var stamp uint64 // of the newest heartbeats
	for _, m := range c.Queue {
		if m.Type == raft.MsgHeartbeat {
			stamp = max(stamp, m.Index)
		}
	}
	if stamp == 0 {
		t.Fatalf("no stamped heartbeat in %v", c.Queue)
	}
	term := status(c, 1).Term
	for i, from := range []uint64{2, 3} {
		must(t, c.Nodes[1].Raw.Step(raft.Message{Type: raft.MsgHeartbeatResp, From: from, To: 1, Term: term, Index: stamp}))
		left := c.Nodes[1].Raw.BasicStatus().LeaseTicks
		if quorum := i == 1; quorum != (left > 0) {
			t.Fatalf("after %d acknowledgements of 5 voters: lease for %d ticks", i+1, left)
		}
	}
}
