package paxos

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"slices"
)

// Config configures a Node (Multi-Paxos) or a Synod (single-decree) core. Every node of a
// cluster must be given the same Peers and Quorums.
type Config struct {
	// ID is this node; it must appear in Peers.
	ID NodeID
	// Peers lists every node of the cluster, this one included. Every node plays all three
	// roles: proposer, acceptor and learner.
	Peers []NodeID
	// Quorums sets phase-1 and phase-2 quorum sizes (zero: majority). Construction fails
	// unless Phase1+Phase2 > len(Peers).
	Quorums Quorums

	// ElectionTicks is how many ticks a follower waits without hearing from a leader
	// before it suspects it and runs phase 1 itself (plus a random jitter in
	// [0, ElectionTicks), doubled after every failed attempt up to MaxBackoff times).
	// Default 10.
	ElectionTicks int
	// HeartbeatTicks is how often an idle leader sends a heartbeat carrying its commit
	// index. It must be below ElectionTicks. Default 2.
	HeartbeatTicks int
	// MaxBackoff caps the multiplier applied to the election timeout after consecutive
	// failed phase-1 attempts, so that duelling proposers spread apart. Default 8.
	MaxBackoff int
	// Window is PMMC's WINDOW: a leader proposes slot s only once every slot up to
	// s-Window is decided. Default 64.
	Window int
	// MaxBatch is the most commands a leader packs into one phase-2a message; commands
	// proposed since the last Ready are sent together. Default 1.
	MaxBatch int
	// MaxPending bounds the commands queued at a leader; Propose fails beyond it.
	// Default 4096.
	MaxPending int
	// MaxCatchUp bounds the decided entries sent in one catch-up answer. Default 256.
	MaxCatchUp int

	// Rand supplies timeout jitter. Default: a SplitMix64 seeded with ID.
	Rand Rand
	// Tracer receives protocol events. Default: none.
	Tracer Tracer

	plantedBug
}

// Errors returned by the cores.
var (
	ErrNotLeader     = errors.New("paxos: not the leader")
	ErrTooManyQueued = errors.New("paxos: too many queued proposals")
	ErrDecided       = errors.New("paxos: already decided")
	// ErrBehind is returned by Node.Campaign when the node voted in a slot too far past its
	// decided prefix to recover it as a leader; it fetches the decided values first.
	ErrBehind = errors.New("paxos: too far behind the decided log to lead; catching up first")
)

// resolved is a Config with defaults filled in and checked.
type resolved struct {
	Config
	quorums Quorums
	self    int // ID's index in the sorted Peers
}

func (c Config) resolve() (resolved, error) {
	r := resolved{Config: c}
	if c.ID == 0 || c.ID > MaxNodeID {
		return r, fmt.Errorf("paxos: config: node ID %d out of range 1..%d", c.ID, MaxNodeID)
	}
	if len(c.Peers) == 0 {
		return r, errors.New("paxos: config: no peers")
	}
	peers := slices.Clone(c.Peers)
	slices.Sort(peers)
	for i, p := range peers {
		if p == 0 || p > MaxNodeID {
			return r, fmt.Errorf("paxos: config: peer ID %d out of range 1..%d", p, MaxNodeID)
		}
		if i > 0 && peers[i-1] == p {
			return r, fmt.Errorf("paxos: config: peer %d listed twice", p)
		}
	}
	self, ok := slices.BinarySearch(peers, c.ID)
	if !ok {
		return r, fmt.Errorf("paxos: config: node %d is not in Peers %v", c.ID, peers)
	}
	r.self = self
	r.Peers = peers
	q, err := c.quorumSizes(len(peers))
	if err != nil {
		return r, err
	}
	r.quorums = q
	setDefault := func(name string, v *int, def int) error {
		if *v == 0 {
			*v = def
		}
		if *v < 0 {
			return fmt.Errorf("paxos: config: %s is negative (%d)", name, *v)
		}
		return nil
	}
	for _, f := range []struct {
		name string
		v    *int
		def  int
	}{
		{"ElectionTicks", &r.ElectionTicks, 10},
		{"HeartbeatTicks", &r.HeartbeatTicks, 2},
		{"MaxBackoff", &r.MaxBackoff, 8},
		{"Window", &r.Window, 64},
		{"MaxBatch", &r.MaxBatch, 1},
		{"MaxPending", &r.MaxPending, 4096},
		{"MaxCatchUp", &r.MaxCatchUp, 256},
	} {
		if err := setDefault(f.name, f.v, f.def); err != nil {
			return r, err
		}
	}
	// The longest election timeout, ElectionTicks*MaxBackoff plus a jitter below ElectionTicks,
	// must be an int, or the timer arithmetic would wrap.
	if hi, lo := bits.Mul64(uint64(r.ElectionTicks), uint64(r.MaxBackoff)+1); hi != 0 || lo > math.MaxInt {
		return r, fmt.Errorf("paxos: config: ElectionTicks %d times MaxBackoff %d overflows the election timer", r.ElectionTicks, r.MaxBackoff)
	}
	// A receiver refuses a message with more entries than this, so no batch may be larger.
	if r.MaxBatch > maxEntriesPerMessage {
		return r, fmt.Errorf("paxos: config: MaxBatch %d is above the %d entries a message may carry", r.MaxBatch, maxEntriesPerMessage)
	}
	if r.MaxCatchUp > maxEntriesPerMessage {
		return r, fmt.Errorf("paxos: config: MaxCatchUp %d is above the %d entries a message may carry", r.MaxCatchUp, maxEntriesPerMessage)
	}
	if r.HeartbeatTicks >= r.ElectionTicks {
		return r, fmt.Errorf("paxos: config: HeartbeatTicks %d must be below ElectionTicks %d", r.HeartbeatTicks, r.ElectionTicks)
	}
	if r.Rand == nil {
		r.Rand = &splitMix{state: uint64(c.ID) * 0x2545f4914f6cdd1d}
	}
	return r, nil
}

func (r *resolved) isPeer(id NodeID) bool {
	_, ok := slices.BinarySearch(r.Peers, id)
	return ok
}

// peerIndex returns id's index in the sorted Peers.
func (r *resolved) peerIndex(id NodeID) (int, bool) {
	return slices.BinarySearch(r.Peers, id)
}
