package raft

// TraceAction names a state transition after the TLA+ action of tla/Raft.tla it implements, so
// that a recorded trace can be validated against the specification.
type TraceAction string

// The traced actions and the tla/Raft.tla action each corresponds to. Where the Go core
// takes one step for what the specification splits (or the reverse), the comment says so.
const (
	TraceRestart                    TraceAction = "Restart"                     // Restart
	TraceBecomeFollower             TraceAction = "BecomeFollower"              // UpdateTerm; also the step-down inside HandleAppendEntriesRequest or a lost election
	TraceBecomePreCandidate         TraceAction = "BecomePreCandidate"          // Timeout with PreVote
	TraceBecomeCandidate            TraceAction = "BecomeCandidate"             // BecomeCandidate, or Timeout without PreVote
	TraceBecomeLeader               TraceAction = "BecomeLeader"                // BecomeLeader (with the no-op entry)
	TraceClientRequest              TraceAction = "ClientRequest"               // ClientRequest, once per proposal (a batch appends several entries)
	TraceAdvanceCommitIndex         TraceAction = "AdvanceCommitIndex"          // AdvanceCommitIndex
	TraceSendRequestVote            TraceAction = "RequestVote"                 // RequestVote (also for PreVote requests)
	TraceSendAppendEntries          TraceAction = "AppendEntries"               // AppendEntries (heartbeats are AppendEntries without entries)
	TraceHandleRequestVoteRequest   TraceAction = "HandleRequestVoteRequest"    // HandleRequestVoteRequest
	TraceHandleRequestVoteResponse  TraceAction = "HandleRequestVoteResponse"   // HandleRequestVoteResponse
	TraceHandlePreVoteRequest       TraceAction = "HandlePreVoteRequest"        // HandlePreVoteRequest
	TraceHandlePreVoteResponse      TraceAction = "HandlePreVoteResponse"       // HandlePreVoteResponse
	TraceHandleAppendEntriesRequest TraceAction = "HandleAppendEntriesRequest"  // HandleAppendEntriesRequest (also heartbeats)
	TraceHandleAppendEntriesResp    TraceAction = "HandleAppendEntriesResponse" // HandleAppendEntriesResponse (also heartbeat responses)
	TraceDropStaleMessage           TraceAction = "DropStaleResponse"           // DropStaleResponse; also requests ignored under the leader lease
	TracePersist                    TraceAction = "Persist"                     // not modeled: the caller persisted a Ready (stuttering for the spec)
	TraceCheckQuorumStepDown        TraceAction = "CheckQuorumStepDown"         // not modeled (CheckQuorum); followed by BecomeFollower
	TraceTransferLeader             TraceAction = "TransferLeader"              // not modeled (leadership transfer)
	TraceReadIndex                  TraceAction = "ReadIndex"                   // not modeled (read-only queries)
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
