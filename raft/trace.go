package raft

// TraceAction names a state transition after the TLA+ action of tla/Raft.tla it implements, so
// that a recorded trace can be validated against the specification.
type TraceAction string

// The traced actions, each named after the action of tla/Raft.tla it implements (reachable
// from its Next); the comment says where the Go core takes one step for what the specification
// splits, or the reverse. A few are not actions of Raft.tla: Persist, StorageAppend and
// HandleStorageAppendResponse are the caller's writes, which the specification leaves out, and
// LeaseRead is an action of the lease's own model, tla/RaftLease.tla (a read answered without
// changing the state). Steps of features the
// specification leaves out are not traced: forwarding a proposal, a ReadIndex request or a
// transfer request from a follower to the leader. TestTraceActionsAreRaftTLAActions in
// harness/sim/raftsim parses tla/Raft.tla and checks this list against it.
const (
	TraceRestart                    TraceAction = "Restart"                     // Restart
	TraceUpdateTerm                 TraceAction = "UpdateTerm"                  // UpdateTerm: a higher term makes the node a follower; the message is handled by the next event
	TraceIgnoreVoteRequest          TraceAction = "IgnoreVoteRequest"           // IgnoreVoteRequest: a (Pre)Vote request for a higher term ignored under the leader lease
	TraceDropStaleMessage           TraceAction = "DropStaleMessage"            // DropStaleMessage: a message of an older term, answered with our term where the spec says so
	TraceTimeout                    TraceAction = "Timeout"                     // Timeout: becomes pre-candidate (PreVote) or candidate (PreVote off)
	TraceBecomeCandidate            TraceAction = "BecomeCandidate"             // BecomeCandidate: a pre-candidate won its PreVote
	TraceLoseElection               TraceAction = "LoseElection"                // LoseElection: a quorum rejected the (pre-)candidate, which waits as a follower
	TraceBecomeLeader               TraceAction = "BecomeLeader"                // BecomeLeader (with the no-op entry)
	TraceClientRequest              TraceAction = "ClientRequest"               // ClientRequest, once per entry (a batch appends several)
	TraceAdvanceCommitIndex         TraceAction = "AdvanceCommitIndex"          // AdvanceCommitIndex
	TraceSendRequestVote            TraceAction = "RequestVote"                 // RequestVote (also for PreVote requests)
	TraceSendAppendEntries          TraceAction = "AppendEntries"               // AppendEntries
	TraceHeartbeat                  TraceAction = "Heartbeat"                   // Heartbeat
	TraceHandleRequestVoteRequest   TraceAction = "HandleRequestVoteRequest"    // HandleRequestVoteRequest
	TraceHandleRequestVoteResponse  TraceAction = "HandleRequestVoteResponse"   // HandleRequestVoteResponse
	TraceHandlePreVoteRequest       TraceAction = "HandlePreVoteRequest"        // HandlePreVoteRequest
	TraceHandlePreVoteResponse      TraceAction = "HandlePreVoteResponse"       // HandlePreVoteResponse
	TraceHandleAppendEntriesRequest TraceAction = "HandleAppendEntriesRequest"  // HandleAppendEntriesRequest (also a candidate stepping down for the leader of its term)
	TraceHandleAppendEntriesResp    TraceAction = "HandleAppendEntriesResponse" // HandleAppendEntriesResponse
	TraceHandleHeartbeatRequest     TraceAction = "HandleHeartbeatRequest"      // HandleHeartbeatRequest (also a candidate stepping down for the leader of its term)
	TraceHandleHeartbeatResponse    TraceAction = "HandleHeartbeatResponse"     // HandleHeartbeatResponse
	TraceCheckQuorumStepDown        TraceAction = "CheckQuorumStepDown"         // CheckQuorumStepDown: the leader steps down to follower in its term
	TraceTransferLeader             TraceAction = "TransferLeader"              // TransferLeader: the leader starts handing over to the message's From
	TraceTimeoutNow                 TraceAction = "TimeoutNow"                  // TimeoutNow: the leader tells the caught-up transferee to campaign
	TraceHandleTimeoutNow           TraceAction = "HandleTimeoutNow"            // HandleTimeoutNow: the transferee campaigns at once, skipping PreVote
	TraceReadIndex                  TraceAction = "ReadIndex"                   // ReadIndex: the leader records a read at its commit index
	TraceAnswerRead                 TraceAction = "AnswerRead"                  // AnswerRead: a quorum confirmed the leader; the oldest read is answered
	TracePersist                    TraceAction = "Persist"                     // not an action: the caller persisted a Ready (stuttering for the spec)

	TraceSendSnapshot           TraceAction = "SendSnapshot"           // SendSnapshot: the leader sends a snapshot chunk
	TraceHandleSnapshotRequest  TraceAction = "HandleSnapshotRequest"  // HandleSnapshotRequest: a follower takes a chunk without installing (also a candidate stepping down for the leader of its term)
	TraceInstallSnapshot        TraceAction = "InstallSnapshot"        // InstallSnapshot: a follower installs a complete snapshot (or commits up to it)
	TraceHandleSnapshotResponse TraceAction = "HandleSnapshotResponse" // HandleSnapshotResponse: the leader learns how much the follower holds
	TraceCompactLog             TraceAction = "CompactLog"             // CompactLog: the application snapshotted and compacted its storage (RawNode.ReportCompacted)

	TraceProposeConfChange TraceAction = "ProposeConfChange" // ProposeConfChange: the leader appends a configuration entry (a request, or leaving a joint configuration by itself)
	TraceStepDownRemoved   TraceAction = "StepDownRemoved"   // StepDownRemoved: a leader whose removal is committed steps down

	TraceStorageAppend           TraceAction = "StorageAppend"               // StorageAppend: with AsyncStorageWrites, a Ready hands the node's state to the storage (a MsgStorageAppend)
	TraceHandleStorageAppendResp TraceAction = "HandleStorageAppendResponse" // HandleStorageAppendResponse: the oldest write is durable; Sent are the answers it released

	// LeaseRead is an action of tla/RaftLease.tla, not of Raft.tla: a leader under a lease
	// answers a read at its commit index without a heartbeat round.
	TraceLeaseRead TraceAction = "LeaseRead"
)

var traceActions = [...]struct {
	action  TraceAction
	modeled bool
}{
	{TraceRestart, true}, {TraceUpdateTerm, true}, {TraceIgnoreVoteRequest, true}, {TraceDropStaleMessage, true},
	{TraceTimeout, true}, {TraceBecomeCandidate, true}, {TraceLoseElection, true}, {TraceBecomeLeader, true},
	{TraceClientRequest, true}, {TraceAdvanceCommitIndex, true}, {TraceSendRequestVote, true},
	{TraceSendAppendEntries, true}, {TraceHeartbeat, true}, {TraceHandleRequestVoteRequest, true},
	{TraceHandleRequestVoteResponse, true}, {TraceHandlePreVoteRequest, true},
	{TraceHandlePreVoteResponse, true}, {TraceHandleAppendEntriesRequest, true},
	{TraceHandleAppendEntriesResp, true}, {TraceHandleHeartbeatRequest, true},
	{TraceHandleHeartbeatResponse, true}, {TraceCheckQuorumStepDown, true}, {TraceTransferLeader, true},
	{TraceTimeoutNow, true}, {TraceHandleTimeoutNow, true}, {TraceReadIndex, true}, {TraceAnswerRead, true},
	{TracePersist, false},
	{TraceSendSnapshot, true}, {TraceHandleSnapshotRequest, true}, {TraceInstallSnapshot, true},
	{TraceHandleSnapshotResponse, true}, {TraceCompactLog, true},
	{TraceProposeConfChange, true}, {TraceStepDownRemoved, true},
	{TraceStorageAppend, true}, {TraceHandleStorageAppendResp, true},
	{TraceLeaseRead, false},
}

// TraceActions lists every action the core emits, for trace consumers and validators.
func TraceActions() []TraceAction {
	out := make([]TraceAction, len(traceActions))
	for i, a := range traceActions {
		out[i] = a.action
	}
	return out
}

// Modeled reports whether a is an action of tla/Raft.tla (see the list of TraceActions for
// those that are not); unknown actions are not modeled.
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
	// Sent are the messages this transition sent, in order; the slice and the messages are
	// valid only until Trace returns.
	Sent []Message
	// Read is the read answered (AnswerRead and LeaseRead only).
	Read *ReadState
	// SnapshotIndex is the last index the application's snapshot covers (CompactLog only).
	SnapshotIndex uint64
}

// Tracer receives trace events. Implementations must not call back into the node.
type Tracer interface {
	Trace(TraceEvent)
}

// TracerFunc adapts a function to the Tracer interface.
type TracerFunc func(TraceEvent)

// Trace calls f(ev).
func (f TracerFunc) Trace(ev TraceEvent) { f(ev) }

// TraceCounter is a Tracer for a node that counts its transitions but keeps no trace (a
// runtime that ticks a vector clock per event, as internal/kv's untraced nodes do: the wire
// validation counts each node's events through the clocks it sends). The core calls it once
// per transition, at the same points and as often as any other Tracer, but builds no event: no
// copy of the message, no read of the node's state. Its Trace, if called directly, ignores the
// event.
type TraceCounter func()

// Trace calls f().
func (f TraceCounter) Trace(TraceEvent) { f() }
