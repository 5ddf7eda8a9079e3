package raft

// TraceAction names a state transition after the TLA+ action of tla/Raft.tla it implements, so
// that a recorded trace can be validated against the specification.
type TraceAction string

// The traced actions. Those named after an action of tla/Raft.tla (reachable from its Next)
// are the steps a trace validator maps onto the specification; the comment says where the Go
// core takes one step for what the specification splits, or the reverse. The others belong to
// features the specification does not model (see TraceAction.Modeled); a validator treats them
// as steps outside the model. TestTraceActionsAreRaftTLAActions in harness/sim/raftsim parses
// tla/Raft.tla and checks both lists against it.
const (
	TraceRestart                    TraceAction = "Restart"                     // Restart
	TraceUpdateTerm                 TraceAction = "UpdateTerm"                  // UpdateTerm: a higher term makes the node a follower; the message is handled by the next event
	TraceTimeout                    TraceAction = "Timeout"                     // Timeout: becomes pre-candidate (PreVote) or candidate (PreVote off)
	TraceBecomeCandidate            TraceAction = "BecomeCandidate"             // BecomeCandidate: a pre-candidate won its PreVote
	TraceBecomeLeader               TraceAction = "BecomeLeader"                // BecomeLeader (with the no-op entry)
	TraceClientRequest              TraceAction = "ClientRequest"               // ClientRequest, once per proposal (a batch appends several entries)
	TraceAdvanceCommitIndex         TraceAction = "AdvanceCommitIndex"          // AdvanceCommitIndex
	TraceSendRequestVote            TraceAction = "RequestVote"                 // RequestVote (also for PreVote requests)
	TraceSendAppendEntries          TraceAction = "AppendEntries"               // AppendEntries (heartbeats are AppendEntries without entries)
	TraceHandleRequestVoteRequest   TraceAction = "HandleRequestVoteRequest"    // HandleRequestVoteRequest
	TraceHandleRequestVoteResponse  TraceAction = "HandleRequestVoteResponse"   // HandleRequestVoteResponse
	TraceHandlePreVoteRequest       TraceAction = "HandlePreVoteRequest"        // HandlePreVoteRequest
	TraceHandlePreVoteResponse      TraceAction = "HandlePreVoteResponse"       // HandlePreVoteResponse
	TraceHandleAppendEntriesRequest TraceAction = "HandleAppendEntriesRequest"  // HandleAppendEntriesRequest (also heartbeats, and a candidate stepping down for the leader of its term)
	TraceHandleAppendEntriesResp    TraceAction = "HandleAppendEntriesResponse" // HandleAppendEntriesResponse (also heartbeat responses)
	TraceDropStaleMessage           TraceAction = "DropStaleResponse"           // DropStaleResponse; also requests ignored under the leader lease

	TraceBecomeFollower      TraceAction = "BecomeFollower"      // not modeled: a candidate lost its election (a quorum rejected it) and waits as a follower
	TracePersist             TraceAction = "Persist"             // not modeled: the caller persisted a Ready (stuttering for the spec)
	TraceCheckQuorumStepDown TraceAction = "CheckQuorumStepDown" // not modeled (CheckQuorum): the leader steps down to follower in its term
	TraceTransferLeader      TraceAction = "TransferLeader"      // not modeled (leadership transfer): the leader starts one, or the transferee becomes candidate on MsgTimeoutNow, skipping PreVote
	TraceReadIndex           TraceAction = "ReadIndex"           // not modeled (read-only queries)
)

var traceActions = [...]struct {
	action  TraceAction
	modeled bool
}{
	{TraceRestart, true}, {TraceUpdateTerm, true}, {TraceTimeout, true}, {TraceBecomeCandidate, true},
	{TraceBecomeLeader, true}, {TraceClientRequest, true}, {TraceAdvanceCommitIndex, true},
	{TraceSendRequestVote, true}, {TraceSendAppendEntries, true}, {TraceHandleRequestVoteRequest, true},
	{TraceHandleRequestVoteResponse, true}, {TraceHandlePreVoteRequest, true},
	{TraceHandlePreVoteResponse, true}, {TraceHandleAppendEntriesRequest, true},
	{TraceHandleAppendEntriesResp, true}, {TraceDropStaleMessage, true},
	{TraceBecomeFollower, false}, {TracePersist, false}, {TraceCheckQuorumStepDown, false},
	{TraceTransferLeader, false}, {TraceReadIndex, false},
}

// TraceActions lists every action the core emits, for trace consumers and validators.
func TraceActions() []TraceAction {
	out := make([]TraceAction, len(traceActions))
	for i, a := range traceActions {
		out[i] = a.action
	}
	return out
}

// Modeled reports whether a is an action of tla/Raft.tla. An unmodeled action belongs to a
// feature the specification leaves out (it only ignores messages or changes nothing the
// invariants observe); unknown actions are not modeled.
func (a TraceAction) Modeled() bool {
	for _, t := range traceActions {
		if t.action == a {
			return t.modeled
		}
	}
	return false
}

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
