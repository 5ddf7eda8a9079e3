package raft

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
)

// Config configures one Raft node. The zero value of every switch selects the recommended
// protocol: PreVote and CheckQuorum on, proposal forwarding on.
type Config struct {
	// plantedBug is empty (see rules.go); a test build selects a planted bug through it.
	plantedBug

	// ID identifies this node; it must be non-zero and listed in Peers (or the stored ConfState).
	ID uint64
	// Peers lists every voter of a new cluster, this node included. It is ignored when Storage
	// already holds a ConfState with voters.
	Peers []uint64
	// Storage is where the node's persisted state is read from when it starts (restart path).
	// The node never writes to it: the caller persists Ready.HardState and Ready.Entries.
	// Nil means an empty MemoryStorage (a brand-new node).
	Storage Storage
	// Applied is the last index the caller's state machine has applied before a restart, so
	// that committed entries up to it are not handed out again.
	Applied uint64

	// ElectionTick is the election timeout in ticks; a follower that hears nothing from a leader
	// for a randomized timeout in [ElectionTick, 2*ElectionTick) starts an election. Default 10.
	ElectionTick int
	// HeartbeatTick is the number of ticks between leader heartbeats. Default 1. It must be
	// smaller than ElectionTick.
	HeartbeatTick int
	// MaxSizePerMsg bounds the data bytes of entries in one MsgApp (at least one entry is
	// always sent). Default 1 MiB.
	MaxSizePerMsg uint64
	// MaxInflightMsgs bounds the number of un-acknowledged MsgApp per follower while
	// pipelining. Default 256.
	MaxInflightMsgs int

	// DisablePreVote turns off the PreVote phase (thesis 9.6).
	DisablePreVote bool
	// DisableCheckQuorum turns off CheckQuorum: a leader then never steps down on its own, and
	// followers do not ignore vote requests while they hear from a leader.
	DisableCheckQuorum bool
	// DisableProposalForwarding makes followers drop proposals (ErrProposalDropped) instead of
	// forwarding them to the leader.
	DisableProposalForwarding bool

	// Rand is the only source of randomness (election timeouts). Nil means a PCG seeded with ID,
	// so runs are reproducible by default.
	Rand rand.Source
	// Tracer receives one TraceEvent per state transition. Nil disables tracing at no cost.
	Tracer Tracer
}

// Default values applied by validate to zero fields.
const (
	DefaultElectionTick    = 10
	DefaultHeartbeatTick   = 1
	DefaultMaxSizePerMsg   = 1 << 20
	DefaultMaxInflightMsgs = 256
)

// maxElectionTick keeps 2*ElectionTick within an int.
const maxElectionTick = math.MaxInt / 2

// ErrProposalDropped is returned when a proposal cannot be accepted: there is no known leader,
// forwarding is disabled, or a leadership transfer is in progress.
var ErrProposalDropped = errors.New("raft: proposal dropped")

// ErrStepLocalMsg is returned when a local-only message (MsgHup, MsgBeat) is passed to
// RawNode.Step as if it came from the network.
var ErrStepLocalMsg = errors.New("raft: cannot step a local message received from the network")

// validate fills defaults and rejects inconsistent settings with an error naming the field.
func (c *Config) validate() error {
	if c.ID == None {
		return errors.New("raft: Config.ID must not be 0")
	}
	if c.ElectionTick == 0 {
		c.ElectionTick = DefaultElectionTick
	}
	if c.HeartbeatTick == 0 {
		c.HeartbeatTick = DefaultHeartbeatTick
	}
	if c.ElectionTick < 0 || c.HeartbeatTick < 0 {
		return fmt.Errorf("raft: Config.ElectionTick (%d) and HeartbeatTick (%d) must be positive", c.ElectionTick, c.HeartbeatTick)
	}
	if c.ElectionTick > maxElectionTick {
		// The randomized timeout reaches 2*ElectionTick-1, which must not wrap (RAFT-ROBUST-2).
		return fmt.Errorf("raft: Config.ElectionTick (%d) must be at most %d", c.ElectionTick, maxElectionTick)
	}
	if c.HeartbeatTick >= c.ElectionTick {
		return fmt.Errorf("raft: Config.HeartbeatTick (%d) must be smaller than ElectionTick (%d)", c.HeartbeatTick, c.ElectionTick)
	}
	if c.MaxSizePerMsg == 0 {
		c.MaxSizePerMsg = DefaultMaxSizePerMsg
	}
	if c.MaxInflightMsgs == 0 {
		c.MaxInflightMsgs = DefaultMaxInflightMsgs
	}
	if c.MaxInflightMsgs < 0 {
		return fmt.Errorf("raft: Config.MaxInflightMsgs (%d) must be positive", c.MaxInflightMsgs)
	}
	if c.Storage == nil {
		c.Storage = NewMemoryStorage()
	}
	if c.Rand == nil {
		c.Rand = rand.NewPCG(c.ID, 0x9e3779b97f4a7c15)
	}
	return nil
}

// voterSet picks the membership (stored ConfState wins over Peers) and checks it.
func (c *Config) voterSet(cs ConfState) ([]uint64, error) {
	voters := cs.Voters
	if len(voters) == 0 {
		voters = c.Peers
	}
	if len(voters) == 0 {
		return nil, errors.New("raft: no voters: set Config.Peers or store a ConfState")
	}
	seen := make(map[uint64]bool, len(voters))
	self := false
	for _, id := range voters {
		if id == None {
			return nil, errors.New("raft: voter ID 0 is reserved for None")
		}
		if seen[id] {
			return nil, fmt.Errorf("raft: voter %d listed twice", id)
		}
		seen[id] = true
		self = self || id == c.ID
	}
	if !self {
		return nil, fmt.Errorf("raft: node %d is not among the voters %v", c.ID, voters)
	}
	return append([]uint64(nil), voters...), nil
}
