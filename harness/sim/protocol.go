package sim

import (
	"errors"
	"math/rand/v2"
)

// ErrNotLeader is returned by [Node.Propose] when the node cannot accept a proposal; the client then
// tries another node. A proposal that returned ErrNotLeader was not appended anywhere.
var ErrNotLeader = errors.New("not the leader")

// Protocol builds the nodes of one protocol and the checker of its invariants. Implementations are
// adapters around a deterministic core; they must not start goroutines, read the wall clock or use
// randomness other than NodeConfig.Rand.
type Protocol interface {
	// Name is the protocol's name as given to `dsref sim -protocol`.
	Name() string
	// StartNode creates node cfg.ID. On a restart cfg.Disk holds what the previous incarnation
	// fsynced, and the node must recover its state from it.
	StartNode(cfg NodeConfig) (Node, error)
	// NewChecker returns a checker of the protocol's invariants for a cluster of n nodes.
	NewChecker(n int) Checker
	// AppendMessage appends a short, deterministic description of a wire message to buf for the
	// event log.
	AppendMessage(buf []byte, payload any) []byte
}

// NodeConfig is what a node is started with.
type NodeConfig struct {
	ID    int   // 1-based
	Peers []int // every node's ID, including ID
	Disk  *Disk
	// Rand is the node's own seeded source, for randomized election timeouts and the like.
	Rand *rand.Rand
	// Mutation names a planted bug to switch on in the core ("" for none).
	Mutation string
	// ElectionTicks and HeartbeatTicks are the protocol timeouts, in ticks.
	ElectionTicks  int
	HeartbeatTicks int
	// Variant is drawn once per run from the seed, the same for every node: adapters use its
	// bits to pick among the protocol's supported configurations (swarm testing of options).
	Variant uint64
	// Trace receives the core's trace events; it is never nil.
	Trace TraceSink
}

// Node is one running process: a protocol core plus the glue that persists its state to the
// simulated disk before its messages leave, and applies committed commands.
type Node interface {
	// Tick advances the node's logical clock by one tick.
	Tick() error
	// Step delivers a wire message from another node. A malformed or unexpected message must be
	// rejected with an error or ignored, never panic.
	Step(from int, payload any) error
	// Propose asks the node to replicate cmd; it returns ErrNotLeader if the node cannot.
	Propose(cmd []byte) error
	// Drain collects what the core produced since the last call: it persists what must be durable
	// (write plus fsync), then returns the messages to send and the commands newly applied, in
	// order. An error from the disk means the node crashed while persisting; nothing of that
	// output leaves the node.
	Drain() (Output, error)
	// Status reports what the scenario tests and the liveness check need.
	Status() NodeStatus
}

// Output is what one [Node.Drain] produced.
type Output struct {
	Messages []Envelope
	Applied  []Applied
	// Reads answer ReadIndex requests (nodes implementing Reader only).
	Reads []ReadPoint
	// Restore, when not nil, replaces the node's state machine before Applied is applied:
	// the node restarted from a snapshot, or installed a peer's (nodes implementing
	// Compactor only).
	Restore *Restore
}

// Reader is implemented by nodes that can serve a linearizable read without appending to the log
// (Raft's ReadIndex): the node answers with a log index, and once its state machine has applied
// that index the read is served from local state.
type Reader interface {
	ReadIndex(ctx []byte) error
}

// TickCatcher is implemented by nodes whose clock keeps counting while they are paused, as a
// runtime that derives ticks from a monotonic clock does (one that serves lease reads must: a
// clock that stops during a pause is a drift no bound covers). When CatchesUpTicks, a resumed
// node first gets every tick that came while it was paused, then the messages that waited.
type TickCatcher interface {
	CatchesUpTicks() bool
}

// ReadPoint answers the ReadIndex request Ctx.
type ReadPoint struct {
	Ctx   []byte
	Index uint64
}

// Envelope is a message on the simulated network.
type Envelope struct {
	From, To int
	Payload  any
}

// Applied is one log position applied to the state machine. Cmd is nil for positions that carry no
// client command (a Raft leader's empty entry, a Paxos no-op).
type Applied struct {
	Index uint64
	Cmd   []byte
}

// NodeStatus is a protocol-neutral view of a node.
type NodeStatus struct {
	Term     uint64 // Raft term or Paxos ballot round
	Leader   bool   // this node believes it leads in Term
	LeaderID int    // the leader this node knows of, 0 if none
	Commit   uint64 // highest index known committed/chosen
	Applied  uint64 // highest index applied
}

// Checker checks a protocol's invariants. The cluster calls Check after every event with the live
// nodes (nil for crashed ones); it returns an error naming the violated invariant.
type Checker interface {
	Check(nodes []Node) error
}

// TraceSink receives a core's trace events, named after TLA+ actions.
type TraceSink interface {
	Event(node int, action string, fields map[string]any)
}
