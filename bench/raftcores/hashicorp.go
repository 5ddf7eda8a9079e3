package raftcores

import (
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/hashicorp/go-hclog"
	hraft "github.com/hashicorp/raft"

	"github.com/dsref/dsref/bench/raftcores/driver"
)

// Hashicorp is a 3-node github.com/hashicorp/raft cluster in its own goroutines, with its
// in-memory store and in-memory transport. It cannot be driven step by step, so it offers the
// driver's shapes through its Apply API instead: a proposal counts as committed once all three
// FSMs applied it, as in driver.Cluster.
type Hashicorp struct {
	rafts  []*hraft.Raft
	trans  []*hraft.InmemTransport
	mu     sync.Mutex
	cond   *sync.Cond
	counts [3]int
	// lost is set once node 1 stops leading, so that no wait outlives the leadership.
	lost bool
}

// HashicorpCommitTimeout replaces hashicorp's default CommitTimeout of 50 ms: it is how long
// its leader waits, when no new entries come, before telling followers the new commit index,
// so with the default one sequential commit on all three nodes would take up to 50 ms.
const HashicorpCommitTimeout = time.Millisecond

// NewHashicorp starts three nodes and waits until node 1 leads.
func NewHashicorp() (*Hashicorp, error) {
	h := &Hashicorp{}
	h.cond = sync.NewCond(&h.mu)
	var servers []hraft.Server
	for i := 1; i <= 3; i++ {
		addr, t := hraft.NewInmemTransport(hraft.ServerAddress(fmt.Sprint(i)))
		h.trans = append(h.trans, t)
		servers = append(servers, hraft.Server{ID: hraft.ServerID(fmt.Sprint(i)), Address: addr})
	}
	for _, a := range h.trans {
		for _, b := range h.trans {
			if a != b {
				a.Connect(b.LocalAddr(), b)
			}
		}
	}
	for i := range 3 {
		cfg := hraft.DefaultConfig()
		cfg.LocalID = servers[i].ID
		cfg.Logger = hclog.NewNullLogger()
		cfg.CommitTimeout = HashicorpCommitTimeout
		cfg.MaxAppendEntries = MaxInflightMsgs
		cfg.SnapshotThreshold = 1 << 62
		cfg.SnapshotInterval = 24 * time.Hour
		if i > 0 {
			// Node 1 bootstraps and wins the first election: the others wait longer.
			cfg.HeartbeatTimeout, cfg.ElectionTimeout = 10*time.Second, 10*time.Second
		} else {
			// On a loaded machine a shorter lease makes the leader step down mid-run.
			cfg.HeartbeatTimeout, cfg.ElectionTimeout, cfg.LeaderLeaseTimeout = time.Second, time.Second, 500*time.Millisecond
		}
		store := hraft.NewInmemStore()
		r, err := hraft.NewRaft(cfg, &countFSM{h: h, i: i}, store, store, hraft.NewInmemSnapshotStore(), h.trans[i])
		if err != nil {
			h.Close()
			return nil, err
		}
		h.rafts = append(h.rafts, r)
	}
	if err := h.rafts[0].BootstrapCluster(hraft.Configuration{Servers: servers}).Error(); err != nil {
		h.Close()
		return nil, err
	}
	select {
	case <-h.rafts[0].LeaderCh():
	case <-time.After(10 * time.Second):
		h.Close()
		return nil, fmt.Errorf("hashicorp: node 1 is not leader after 10 s")
	}
	go func() {
		for leads := range h.rafts[0].LeaderCh() {
			if !leads {
				h.mu.Lock()
				h.lost = true
				h.mu.Unlock()
				h.cond.Broadcast()
			}
		}
	}()
	return h, nil
}

// Close shuts the nodes down.
func (h *Hashicorp) Close() {
	for _, r := range h.rafts {
		_ = r.Shutdown().Error()
	}
}

func (h *Hashicorp) appliedOnAll() int {
	return min(h.counts[0], h.counts[1], h.counts[2])
}

// errLeadershipLost is returned when node 1 stops leading during a run.
var errLeadershipLost = fmt.Errorf("hashicorp: node 1 lost its leadership")

// waitApplied blocks until all three FSMs applied at least n entries.
func (h *Hashicorp) waitApplied(n int) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	for h.appliedOnAll() < n {
		if h.lost {
			return errLeadershipLost
		}
		h.cond.Wait()
	}
	return nil
}

// Commit offers n proposals in the given shape and returns once all three nodes applied them.
// hashicorp/raft has no call proposing several entries at once (its leader batches up to
// MaxAppendEntries queued Apply calls itself), so Batched offers them as Pipelined does.
func (h *Hashicorp) Commit(shape driver.Shape, n int) error {
	payload := make([]byte, driver.PayloadSize)
	h.mu.Lock()
	start := h.appliedOnAll()
	h.mu.Unlock()
	leader := h.rafts[0]
	if shape == driver.Sequential {
		for i := range n {
			if err := leader.Apply(payload, 0).Error(); err != nil {
				return err
			}
			if err := h.waitApplied(start + i + 1); err != nil {
				return err
			}
		}
		return nil
	}
	futures := make([]hraft.ApplyFuture, 0, n)
	for proposed := 0; proposed < n; proposed++ {
		h.mu.Lock()
		for proposed-(h.appliedOnAll()-start) >= driver.Outstanding && !h.lost {
			h.cond.Wait()
		}
		lost := h.lost
		h.mu.Unlock()
		if lost {
			return errLeadershipLost
		}
		futures = append(futures, leader.Apply(payload, 0))
	}
	for _, f := range futures {
		if err := f.Error(); err != nil {
			return err
		}
	}
	return h.waitApplied(start + n)
}

type countFSM struct {
	h *Hashicorp
	i int
}

func (f *countFSM) Apply(*hraft.Log) any {
	f.h.mu.Lock()
	f.h.counts[f.i]++
	f.h.mu.Unlock()
	f.h.cond.Broadcast()
	return nil
}

func (f *countFSM) Snapshot() (hraft.FSMSnapshot, error) { return emptySnapshot{}, nil }

func (f *countFSM) Restore(rc io.ReadCloser) error { return rc.Close() }

type emptySnapshot struct{}

func (emptySnapshot) Persist(sink hraft.SnapshotSink) error { return sink.Close() }
func (emptySnapshot) Release()                              {}
