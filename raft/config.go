package raft

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// Config configures one Raft node. The zero value of every switch selects the recommended
// protocol: PreVote and CheckQuorum on, proposal forwarding on.
type Config struct {
	// plantedBug is empty (see rules.go); a test build selects a planted bug through it.
	plantedBug

	// ID identifies this node; it must be non-zero (and listed in Peers, if given).
	ID uint64
	// Peers lists every voter of a new cluster, this node included. It is ignored when Storage
	// already holds a ConfState. A node that joins an existing cluster leaves Peers empty (with
	// no stored ConfState): it starts without a configuration, never campaigns, and learns the
	// configuration from the leader's log or snapshot once the leader has added it.
	Peers []uint64
	// Storage is where the node reads its persisted state: when it starts, and whenever it
	// needs entries or the snapshot it no longer holds in memory. The node never writes to it:
	// the caller persists each Ready's Snapshot, HardState and Entries to it (or to what backs
	// it). Nil means an empty MemoryStorage (a brand-new node; a test).
	Storage Storage
	// Applied is the last index the caller's state machine has applied before a restart, so
	// that committed entries up to it are not handed out again. The storage's snapshot counts
	// as applied.
	Applied uint64

	// ElectionTick is the election timeout in ticks; a follower that hears nothing from a leader
	// for a randomized timeout in [ElectionTick, 2*ElectionTick) starts an election. Default 10.
	ElectionTick int
	// HeartbeatTick is the number of ticks between leader heartbeats. Default 1. It must be
	// smaller than ElectionTick.
	HeartbeatTick int
	// MaxSizePerMsg bounds the bytes (EntrySize) of entries in one MsgApp (at least one entry
	// is always sent), and of a proposal a follower forwards to the leader. Default 1 MiB.
	MaxSizePerMsg uint64
	// MaxInflightMsgs bounds the number of un-acknowledged MsgApp (or snapshot chunks) per
	// follower while pipelining. Default 256.
	MaxInflightMsgs int
	// MaxInflightBytes bounds the bytes (EntrySize) of un-acknowledged MsgApp per follower.
	// 0 means no limit beyond MaxInflightMsgs.
	MaxInflightBytes uint64
	// MaxCommittedSizePerReady bounds the bytes (EntrySize) of committed entries handed out in
	// one Ready (at least one entry). 0 means no limit.
	MaxCommittedSizePerReady uint64
	// MaxUncommittedEntriesSize bounds the data bytes of the entries a leader holds that are
	// not yet committed: a proposal that would pass it is refused with a *ProposalLimitError
	// (unless nothing is uncommitted, so that any single proposal can succeed). 0 means no limit.
	MaxUncommittedEntriesSize uint64
	// MaxSnapshotChunkSize bounds the snapshot data bytes in one MsgSnap. Default 1 MiB.
	MaxSnapshotChunkSize uint64
	// MaxCatchUpRounds bounds the catch-up rounds a leader runs for a learner before it gives up
	// promoting it (thesis 4.2.1): a learner is promoted to voter only once it replicated, within
	// one election timeout, everything the leader's log held when the round started. Default 10.
	MaxCatchUpRounds int

	// DisablePreVote turns off the PreVote phase (thesis 9.6).
	DisablePreVote bool
	// DisableCheckQuorum turns off CheckQuorum: a leader then never steps down on its own, and
	// followers do not ignore vote requests while they hear from a leader.
	DisableCheckQuorum bool
	// DisableProposalForwarding makes followers drop proposals (ErrProposalDropped) instead of
	// forwarding them to the leader.
	DisableProposalForwarding bool
	// AsyncStorageWrites lets the caller persist asynchronously, as etcd-io/raft's option of the
	// same name does (thesis 10.2.1: the leader's own write overlaps replication). Ready.Messages
	// may then be sent at once; the writes come as a MsgStorageAppend (To LocalAppendThread)
	// and the committed entries to apply as a MsgStorageApply (To LocalApplyThread), both in
	// Ready.Messages. The caller persists MsgStorageAppends in order, each after the earlier
	// ones, and once one is durable delivers its Responses: the node's answers that report
	// durable state (MsgAppResp, MsgVoteResp), sent only then, and a MsgStorageAppendResp it
	// steps back into the node. It applies MsgStorageApply's entries in order and then steps
	// its Responses. Advance is not used. A leader counts its own log toward a commit only
	// once persisted, a candidate its own vote only once persisted, and committed entries are
	// handed out only once persisted locally. Implements RAFT-PERSIST-5.
	AsyncStorageWrites bool

	// LeaseReads lets a leader answer ReadIndex requests at once, without a heartbeat round,
	// while it holds a lease (thesis 6.4.1; RAFT-LEASE-*): for (ElectionTick-1)*(1-MaxClockDrift)
	// ticks of its clock after the start of a heartbeat round a quorum acknowledged. It needs
	// CheckQuorum, and every node of the cluster must run with the same LeaseReads,
	// ElectionTick and MaxClockDrift: the followers' vote lock is what the lease relies on.
	LeaseReads bool
	// MaxClockDrift bounds how much faster any node's tick clock runs than a leader's, as a
	// fraction in [0, 1): while the leader counts L ticks, no node counts more than
	// L/(1-MaxClockDrift). Ticks that arrive at rates within a factor (1±d) of nominal need
	// MaxClockDrift >= 2d/(1+d). Used only with LeaseReads.
	MaxClockDrift float64

	// Rand is the only source of randomness (election timeouts). Nil means a PCG seeded with ID,
	// so runs are reproducible by default.
	Rand rand.Source
	// Tracer receives one TraceEvent per state transition. Nil disables tracing at no cost; a
	// TraceCounter is called once per transition without an event being built.
	Tracer Tracer
}

// Default values applied by validate to zero fields.
const (
	DefaultElectionTick         = 10
	DefaultHeartbeatTick        = 1
	DefaultMaxSizePerMsg        = 1 << 20
	DefaultMaxInflightMsgs      = 256
	DefaultMaxSnapshotChunkSize = 1 << 20
)

// maxElectionTick keeps 2*ElectionTick within an int.
const maxElectionTick = math.MaxInt / 2

// ErrProposalDropped is returned when a proposal cannot be accepted: there is no known leader,
// forwarding is disabled, a leadership transfer is in progress, or a limit refuses it
// (*ProposalLimitError, which errors.Is ErrProposalDropped).
var ErrProposalDropped = errors.New("raft: proposal dropped")

// ProposalLimitError refuses a proposal that a flow-control limit does not let in: a leader's
// MaxUncommittedEntriesSize, or MaxSizePerMsg for a proposal forwarded between nodes. The
// node's state is unchanged; the caller may retry once entries commit.
//
// Implements RAFT-FLOW-1, RAFT-FLOW-2.
type ProposalLimitError struct {
	Node, From uint64 // the refusing node, and where the proposal came from
	Limit      string // "MaxUncommittedEntriesSize" or "MaxSizePerMsg"
	Size, Max  uint64 // the bytes the proposal would bring the count to, and the limit
}

func (e *ProposalLimitError) Error() string {
	return fmt.Sprintf("raft: node %d: proposal from %d dropped: %d bytes would pass %s (%d)", e.Node, e.From, e.Size, e.Limit, e.Max)
}

// Is makes errors.Is(err, ErrProposalDropped) true.
func (e *ProposalLimitError) Is(target error) bool { return target == ErrProposalDropped }

// ErrStepLocalMsg is returned when a local-only message (MsgHup, MsgBeat) is passed to
// RawNode.Step as if it came from the network.
var ErrStepLocalMsg = errors.New("raft: cannot step a local message received from the network")

// validate fills defaults and rejects inconsistent settings with an error naming the field.
func (c *Config) validate() error {
	if c.ID == None {
		return errors.New("raft: Config.ID must not be 0")
	}
	if c.ID == LocalAppendThread || c.ID == LocalApplyThread {
		return fmt.Errorf("raft: Config.ID %d is reserved for the local storage threads", c.ID)
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
	if err := c.validateLease(); err != nil {
		return err
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
	if c.MaxCommittedSizePerReady == 0 {
		c.MaxCommittedSizePerReady = noLimit
	}
	if c.MaxSnapshotChunkSize == 0 {
		c.MaxSnapshotChunkSize = DefaultMaxSnapshotChunkSize
	}
	if c.MaxCatchUpRounds == 0 {
		c.MaxCatchUpRounds = DefaultMaxCatchUpRounds
	}
	if c.MaxCatchUpRounds < 0 {
		return fmt.Errorf("raft: Config.MaxCatchUpRounds (%d) must be positive", c.MaxCatchUpRounds)
	}
	if c.Storage == nil {
		c.Storage = NewMemoryStorage()
	}
	if c.Rand == nil {
		c.Rand = rand.NewPCG(c.ID, 0x9e3779b97f4a7c15)
	}
	return nil
}

// initialConf picks the membership the node starts from: the stored ConfState if there is one,
// else Peers (a new cluster), else none (a node joining an existing cluster).
//
// Implements RAFT-CONF-7.
func (c *Config) initialConf(cs ConfState) (ConfState, error) {
	if !cs.IsEmpty() {
		cs = cs.clone()
		for _, ids := range [][]uint64{cs.Voters, cs.VotersOutgoing, cs.Learners, cs.LearnersNext} {
			slices.Sort(ids)
		}
		if err := cs.check(); err != nil {
			return cs, fmt.Errorf("raft: stored configuration %s: %w", cs, err)
		}
		return cs, nil
	}
	if len(c.Peers) == 0 {
		return ConfState{}, nil
	}
	voters := sortedCopy(c.Peers)
	for i, id := range voters {
		if id == None {
			return cs, errors.New("raft: voter ID 0 is reserved for None")
		}
		if id == LocalAppendThread || id == LocalApplyThread {
			return cs, fmt.Errorf("raft: voter ID %d is reserved for the local storage threads", id)
		}
		if i > 0 && voters[i-1] == id {
			return cs, fmt.Errorf("raft: voter %d listed twice", id)
		}
	}
	if !contains(voters, c.ID) {
		return cs, fmt.Errorf("raft: node %d is not among the voters %v", c.ID, c.Peers)
	}
	return ConfState{Voters: voters}, nil
}
