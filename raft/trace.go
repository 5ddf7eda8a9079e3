package raft

// TraceAction names a state transition after the TLA+ action of tla/Raft.tla it implements, so
// that a recorded trace can be validated against the specification.
type TraceAction string

// The traced actions. Each matches an action (or a sub-action of Receive) in tla/Raft.tla.
const (
	TraceRestart                    TraceAction = "Restart"
	TraceBecomeFollower             TraceAction = "BecomeFollower" // UpdateTerm or a step-down
	TraceBecomePreCandidate         TraceAction = "BecomePreCandidate"
	TraceBecomeCandidate            TraceAction = "BecomeCandidate" // Timeout
	TraceBecomeLeader               TraceAction = "BecomeLeader"
	TraceClientRequest              TraceAction = "ClientRequest"
	TraceAdvanceCommitIndex         TraceAction = "AdvanceCommitIndex"
	TraceSendRequestVote            TraceAction = "RequestVote"
	TraceSendAppendEntries          TraceAction = "AppendEntries"
	TraceHandleRequestVoteRequest   TraceAction = "HandleRequestVoteRequest"
	TraceHandleRequestVoteResponse  TraceAction = "HandleRequestVoteResponse"
	TraceHandlePreVoteRequest       TraceAction = "HandlePreVoteRequest"
	TraceHandlePreVoteResponse      TraceAction = "HandlePreVoteResponse"
	TraceHandleAppendEntriesRequest TraceAction = "HandleAppendEntriesRequest"
	TraceHandleAppendEntriesResp    TraceAction = "HandleAppendEntriesResponse"
	TraceDropStaleMessage           TraceAction = "DropStaleResponse"
	TracePersist                    TraceAction = "Persist"
	TraceCheckQuorumStepDown        TraceAction = "CheckQuorumStepDown"
	TraceTransferLeader             TraceAction = "TransferLeader"
	TraceReadIndex                  TraceAction = "ReadIndex"
)

// TraceEvent is the node state right after a transition, plus the message that caused or was
// produced by it. It carries every variable tla/Raft.tla tracks per server.
type TraceEvent struct {
	Action    TraceAction
	Node      uint64
	Term      uint64
	Vote      uint64
	Role      StateType
	Lead      uint64
	LastIndex uint64 // log length
	LastTerm  uint64
	Commit    uint64
	// Message is the message received or sent by this transition, if any.
	Message *Message
}

// Tracer receives trace events. Implementations must not call back into the node.
type Tracer interface {
	Trace(TraceEvent)
}

// TracerFunc adapts a function to the Tracer interface.
type TracerFunc func(TraceEvent)

// Trace calls f(ev).
func (f TracerFunc) Trace(ev TraceEvent) { f(ev) }
