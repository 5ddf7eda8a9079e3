------------------------------ MODULE TraceRaft ------------------------------
(***************************************************************************)
(* Trace validation of the Go core in raft/ against Raft.tla: is a trace   *)
(* of a run, one JSON event a line, a behavior of the specification?       *)
(*                                                                         *)
(* The trace (harness/sim/raftsim writes it; `dsref sim -trace`) starts    *)
(* with a header naming the nodes and the options the run used. Each event *)
(* of a node names the action of Raft.tla the node took, with its          *)
(* parameters (the message handled or sent, the value proposed, the commit *)
(* index reached), the messages the step sent, and the node's state after  *)
(* it: term, vote, role, leader, last log index and term, commit index.    *)
(* The network's events say which messages it dropped or duplicated (a     *)
(* copy kept for a later replay is a duplicate). TraceNext takes the named *)
(* action and requires the state and the sent messages to be what the      *)
(* event observed. What the trace does not log (the leader's view of each  *)
(* follower, the candidates' tallies, the entries' values beyond their     *)
(* digests) is left to the specification: the validator keeps every state *)
(* consistent with the trace so far.                                       *)
(*                                                                         *)
(* Run it with dsref (`dsref trace run.ndjson`) or with TLC:               *)
(*   JSON=run.ndjson tlc -config TraceRaft.cfg TraceRaft.tla               *)
(* (TLC needs the CommunityModules jar for Json and IOUtils.)              *)
(***************************************************************************)
EXTENDS Raft, Json, IOUtils, Sequences, Bags, TLC

TraceFile == IF "JSON" \in DOMAIN IOEnv THEN IOEnv.JSON ELSE "raft.ndjson"

TraceLog == ndJsonDeserialize(TraceFile)

Header == TraceLog[1]

\* The values of the specification's constants for this trace (TraceRaft.cfg).
TraceServer == {Header.nodes[k] : k \in DOMAIN Header.nodes}
\* Value and ReadContext only bound Next's choices, which TraceNext does not
\* make (the events name the value and the context): they are the sets of
\* all values and contexts a trace can hold, so that the constants depend on
\* the header alone (dsref reuses the module for traces with the same one).
TraceValue == Nat
TracePreVote == Header.preVote
TraceCheckQuorum == Header.checkQuorum
\* A run whose nodes persisted asynchronously (Config.AsyncStorageWrites) says
\* so in its header.
TraceAsyncWrites == IF "asyncWrites" \in DOMAIN Header THEN Header.asyncWrites ELSE FALSE
TraceReadContext == STRING
TraceNoContext == ""
\* Nodes the header lists as joining start outside the configuration.
TraceJoining == IF "joining" \in DOMAIN Header
                THEN {Header.joining[k] : k \in DOMAIN Header.joining} ELSE {}
\* With lease reads (raft.Config.LeaseReads) a node also ignores vote
\* requests for an election timeout after it restarts (RAFT-LEASE-2).
TraceLeaseReads == "leaseReads" \in DOMAIN Header /\ Header.leaseReads
TraceNil == 0
TraceFollower == "Follower"
TracePreCandidate == "PreCandidate"
TraceCandidate == "Candidate"
TraceLeader == "Leader"
TraceMsgVote == "MsgVote"
TraceMsgVoteResp == "MsgVoteResp"
TraceMsgPreVote == "MsgPreVote"
TraceMsgPreVoteResp == "MsgPreVoteResp"
TraceMsgApp == "MsgApp"
TraceMsgAppResp == "MsgAppResp"
TraceMsgHeartbeat == "MsgHeartbeat"
TraceMsgHeartbeatResp == "MsgHeartbeatResp"
TraceMsgTimeoutNow == "MsgTimeoutNow"
TraceMsgSnap == "MsgSnap"
TraceMsgSnapResp == "MsgSnapResp"

----
\* The shape of the events, checked by the validator before it starts.

MsgTypes == {"MsgHup", "MsgBeat", "MsgProp", "MsgApp", "MsgAppResp", "MsgVote", "MsgVoteResp",
             "MsgPreVote", "MsgPreVoteResp", "MsgHeartbeat", "MsgHeartbeatResp",
             "MsgTransferLeader", "MsgTimeoutNow", "MsgReadIndex", "MsgReadIndexResp",
             "MsgSnap", "MsgSnapResp"}
MsgFields == [type |-> MsgTypes, from |-> "Nat", to |-> "Nat", term |-> "Nat",
              logTerm |-> "Nat", index |-> "Nat", commit |-> "Nat",
              entries |-> <<[term |-> "Nat", value |-> "Nat"]>>,
              reject |-> "Bool", hint |-> "Nat", context |-> "String"]
NodeFields == [t |-> "Nat", node |-> "Nat", term |-> "Nat", vote |-> "Nat",
               role |-> {"Follower", "PreCandidate", "Candidate", "Leader"},
               lead |-> "Nat", lastIndex |-> "Nat", lastTerm |-> "Nat", commit |-> "Nat",
               sent |-> <<MsgFields>>]
WithMsg == [f \in DOMAIN NodeFields \cup {"msg"} |-> IF f = "msg" THEN MsgFields ELSE NodeFields[f]]
NetworkFields == [t |-> "Nat", msg |-> MsgFields]

TraceSchema ==
    [Header |-> [nodes |-> <<"Nat">>, preVote |-> "Bool", checkQuorum |-> "Bool"],
     Restart |-> NodeFields, Timeout |-> NodeFields, BecomeCandidate |-> NodeFields,
     LoseElection |-> NodeFields, BecomeLeader |-> NodeFields,
     ClientRequest |-> [f \in DOMAIN WithMsg \cup {"value"} |->
                          IF f = "value" THEN "Nat" ELSE WithMsg[f]],
     AdvanceCommitIndex |-> NodeFields, CheckQuorumStepDown |-> NodeFields,
     Persist |-> NodeFields, AnswerRead |-> [f \in DOMAIN WithMsg \cup {"read"} |->
                          IF f = "read" THEN [ctx |-> "String", index |-> "Nat"] ELSE WithMsg[f]],
     LeaseRead |-> [f \in DOMAIN WithMsg \cup {"read"} |->
                          IF f = "read" THEN [ctx |-> "String", index |-> "Nat"] ELSE WithMsg[f]],
     RequestVote |-> WithMsg, AppendEntries |-> WithMsg, Heartbeat |-> WithMsg,
     TransferLeader |-> WithMsg, TimeoutNow |-> WithMsg, ReadIndex |-> WithMsg,
     UpdateTerm |-> WithMsg, IgnoreVoteRequest |-> WithMsg, DropStaleMessage |-> WithMsg,
     HandleRequestVoteRequest |-> WithMsg, HandleRequestVoteResponse |-> WithMsg,
     HandlePreVoteRequest |-> WithMsg, HandlePreVoteResponse |-> WithMsg,
     HandleAppendEntriesRequest |-> WithMsg, HandleAppendEntriesResponse |-> WithMsg,
     HandleHeartbeatRequest |-> WithMsg, HandleHeartbeatResponse |-> WithMsg,
     HandleTimeoutNow |-> WithMsg,
     SendSnapshot |-> WithMsg, HandleSnapshotRequest |-> WithMsg, InstallSnapshot |-> WithMsg,
     HandleSnapshotResponse |-> WithMsg,
     CompactLog |-> [f \in DOMAIN NodeFields \cup {"snapshotIndex"} |->
                       IF f = "snapshotIndex" THEN "Nat" ELSE NodeFields[f]],
     ProposeConfChange |-> WithMsg, StepDownRemoved |-> NodeFields,
     StorageAppend |-> NodeFields, HandleStorageAppendResponse |-> NodeFields,
     DropMessage |-> NetworkFields, DuplicateMessage |-> NetworkFields]

----
\* A log entry of the trace as the specification writes it: a configuration
\* entry carries its configuration ("config": sorted ID lists), any other has
\* none (NoConfig).
SetOf(s) == {s[k] : k \in DOMAIN s}
Entry(e) ==
    [term |-> e.term, value |-> e.value,
     config |-> IF "config" \in DOMAIN e
                THEN ConfigRecord(SetOf(e.config.voters), SetOf(e.config.outgoing),
                                  SetOf(e.config.learners), SetOf(e.config.learnersNext),
                                  e.config.autoLeave)
                ELSE NoConfig]

\* A message of the trace as the specification writes it.
Msg(j) ==
    CASE j.type \in {"MsgVote", "MsgPreVote"} ->
            [mtype |-> j.type, mterm |-> j.term, mlastLogTerm |-> j.logTerm,
             mlastLogIndex |-> j.index, msource |-> j.from, mdest |-> j.to]
      [] j.type \in {"MsgVoteResp", "MsgPreVoteResp"} ->
            [mtype |-> j.type, mterm |-> j.term, mvoteGranted |-> ~j.reject,
             msource |-> j.from, mdest |-> j.to]
      [] j.type = "MsgApp" ->
            [mtype |-> j.type, mterm |-> j.term, mprevLogIndex |-> j.index,
             mprevLogTerm |-> j.logTerm, mentries |-> [k \in DOMAIN j.entries |-> Entry(j.entries[k])],
             mcommitIndex |-> j.commit,
             msource |-> j.from, mdest |-> j.to]
      [] j.type = "MsgAppResp" ->
            [mtype |-> j.type, mterm |-> j.term, msuccess |-> ~j.reject, mindex |-> j.index,
             mhintIndex |-> j.hint, mhintTerm |-> j.logTerm, msource |-> j.from, mdest |-> j.to]
      [] j.type = "MsgHeartbeat" ->
            [mtype |-> j.type, mterm |-> j.term, mcommitIndex |-> j.commit,
             mcontext |-> j.context, msource |-> j.from, mdest |-> j.to]
      [] j.type = "MsgHeartbeatResp" ->
            [mtype |-> j.type, mterm |-> j.term, mcontext |-> j.context,
             msource |-> j.from, mdest |-> j.to]
      [] j.type = "MsgTimeoutNow" ->
            [mtype |-> j.type, mterm |-> j.term, msource |-> j.from, mdest |-> j.to]
      [] j.type \in {"MsgSnap", "MsgSnapResp"} ->
            [mtype |-> j.type, mterm |-> j.term, msnapIndex |-> j.index, msnapTerm |-> j.logTerm,
             msource |-> j.from, mdest |-> j.to]
      [] j.type \in {"MsgReadIndex", "MsgReadIndexResp"} ->
            [mtype |-> j.type, mterm |-> j.term, msource |-> j.from, mdest |-> j.to]
      [] OTHER -> [mtype |-> j.type]

\* How many copies of m the network holds before (Before) and after (After)
\* the step (Bags' CopiesIn: IF m \in DOMAIN messages THEN messages[m] ELSE 0).
Before(m) == CopiesIn(m, messages)
After(m) == CopiesIn(m, messages')

\* How many messages the step took off the network: the one event e handled,
\* m (Msg(e.msg), computed once by the caller).
Taken(e, m) == IF "msg" \in DOMAIN e
               THEN IF After(m) < Before(m) THEN 1 ELSE 0
               ELSE 0

\* The network after the step is the network before it, less the message the
\* step handled, plus exactly the messages the event says it sent: each of
\* them gained a copy, and the network holds as many messages as that makes.
\* (A step of Raft.tla removes at most the message it handles and adds at
\* most one, of another type, so this is the bag equation, checked without
\* building bags.)
SentAsObserved(e, m, sent) ==
    /\ \A k \in DOMAIN sent :
          LET s == Msg(sent[k])
          IN After(s) = Before(s) + Cardinality({x \in DOMAIN sent : sent[x] = sent[k]})
    /\ BagCardinality(messages') = BagCardinality(messages) - Taken(e, m) + Len(sent)

\* The message event e handles, addressed to e's node, is in flight.
\* (m is Msg(e.msg), computed once by the caller.)
InFlight(e, m) == /\ e.msg.to = e.node
                  /\ m \in DOMAIN messages

NetworkActions == {"DropMessage", "DuplicateMessage"}

\* A follower's ReadIndex request travels to the leader and the answer back;
\* Raft.tla does not model these hops (the leader's ReadIndex and AnswerRead
\* steps are the read), so the network's copies of them are not the
\* specification's messages.
ReadForwarding == {"MsgReadIndex", "MsgReadIndexResp"}
Modeled(sent) == SelectSeq(sent, LAMBDA x : x.type \notin ReadForwarding)
\* The network copying or losing such a message, or a node dropping a stale
\* one, is no step of the specification. An answer from a leader of a newer
\* term is, though: the follower adopts the term (UpdateTerm), as it would on
\* any message, and Msg gives the answer the term it carries.
ForwardedRead(e) ==
    /\ e.action \in NetworkActions \cup {"DropStaleMessage"}
    /\ e.msg.type \in ReadForwarding

\* A forwarded read's answer e handles, of a term its sender had reached (terms
\* never decrease): not in the specification's network, it cannot show that
\* its term was ever any node's otherwise.
ForwardedTerm(e, m) == /\ e.msg.type \in ReadForwarding
                       /\ e.msg.to = e.node
                       /\ m.mterm <= currentTerm[e.msg.from]

\* A read answered under a lease (tla/RaftLease.tla's LeaseRead; Raft.tla has
\* no clocks): it changes nothing, and it is taken by a leader that has
\* committed an entry of its term, at its commit index. That the lease was
\* still valid is RaftLease.tla's to check, not this module's.
LeaseReadStep(i, e) ==
    /\ TraceLeaseReads
    /\ state[i] = Leader
    /\ commitIndex[i] > 0
    /\ log[i][commitIndex[i]].term = currentTerm[i]
    /\ e.read.index = commitIndex[i]
    /\ UNCHANGED vars

\* With lease reads, a node that restarted ignores vote requests for an
\* election timeout though it knows no leader (the restart lock of
\* RAFT-LEASE-2): IgnoreVoteRequest's step without its guard on a known
\* leader. Ignoring a message is always safe.
IgnoreVoteRequestRestarted(i, j, m) ==
    /\ TraceLeaseReads
    /\ CheckQuorum
    /\ leader[i] = Nil
    /\ m.mtype \in {RequestVoteRequest, PreVoteRequest}
    /\ m.mterm > currentTerm[i]
    /\ Discard(m)
    /\ UNCHANGED <<serverVars, candidateVars, leaderVars, logVars, historyVars, storageVars>>

\* The action of Raft.tla event e names, with its parameters; m is the message
\* e handles as the specification writes it, Msg(e.msg) (TraceStep builds it
\* once for TraceActionOf and TraceObservedOf).
TraceActionOf(e, m) ==
    LET i == e.node
        j == e.msg.from
    IN CASE e.action = "AppendEntries" -> AppendEntries(i, e.msg.to, e.msg.index, Len(e.msg.entries))
         [] e.action = "HandleAppendEntriesRequest" -> InFlight(e, m) /\ HandleAppendEntriesRequest(i, j, m)
         [] e.action = "HandleAppendEntriesResponse" -> InFlight(e, m) /\ HandleAppendEntriesResponse(i, j, m)
         [] e.action = "Persist" -> UNCHANGED vars
         [] e.action = "Heartbeat" -> Heartbeat(i, e.msg.to)
         [] e.action = "HandleHeartbeatRequest" -> InFlight(e, m) /\ HandleHeartbeatRequest(i, j, m)
         [] e.action = "HandleHeartbeatResponse" -> InFlight(e, m) /\ HandleHeartbeatResponse(i, j, m)
         [] ForwardedRead(e) -> UNCHANGED vars
         [] e.action = "DuplicateMessage" /\ ~ForwardedRead(e) -> m \in DOMAIN messages /\ DuplicateMessage(m)
         [] e.action = "DropMessage" /\ ~ForwardedRead(e) -> m \in DOMAIN messages /\ DropMessage(m)
         [] e.action = "ClientRequest" -> ClientRequest(i, e.value)
         [] e.action = "AdvanceCommitIndex" -> AdvanceCommitIndex(i, e.commit)
         [] e.action = "ReadIndex" -> ReadIndex(i, e.msg.context)
         [] e.action = "AnswerRead" -> AnswerRead(i)
         [] e.action = "Restart" -> Restart(i)
         [] e.action = "Timeout" -> Timeout(i)
         [] e.action = "RequestVote" -> RequestVote(i, e.msg.to)
         [] e.action = "HandlePreVoteRequest" -> InFlight(e, m) /\ HandlePreVoteRequest(i, j, m)
         [] e.action = "HandlePreVoteResponse" -> InFlight(e, m) /\ HandlePreVoteResponse(i, j, m)
         [] e.action = "BecomeCandidate" -> BecomeCandidate(i)
         [] e.action = "HandleRequestVoteRequest" -> InFlight(e, m) /\ HandleRequestVoteRequest(i, j, m)
         [] e.action = "HandleRequestVoteResponse" -> InFlight(e, m) /\ HandleRequestVoteResponse(i, j, m)
         [] e.action = "BecomeLeader" -> BecomeLeader(i)
         [] e.action = "LoseElection" -> LoseElection(i)
         [] e.action = "UpdateTerm" -> (InFlight(e, m) \/ ForwardedTerm(e, m)) /\ UpdateTerm(i, j, m)
         [] e.action = "IgnoreVoteRequest" -> /\ InFlight(e, m)
                                              /\ \/ IgnoreVoteRequest(i, j, m)
                                                 \/ IgnoreVoteRequestRestarted(i, j, m)
         [] e.action = "LeaseRead" -> LeaseReadStep(i, e)
         [] e.action = "DropStaleMessage" /\ ~ForwardedRead(e) -> InFlight(e, m) /\ DropStaleMessage(i, j, m)
         [] e.action = "CheckQuorumStepDown" -> CheckQuorumStepDown(i)
         [] e.action = "TransferLeader" -> TransferLeader(i, e.msg.from)
         [] e.action = "TimeoutNow" -> TimeoutNow(i, e.msg.to)
         [] e.action = "HandleTimeoutNow" -> InFlight(e, m) /\ HandleTimeoutNow(i, j, m)
         [] e.action = "SendSnapshot" -> SendSnapshot(i, e.msg.to, e.msg.index)
         [] e.action = "HandleSnapshotRequest" -> InFlight(e, m) /\ HandleSnapshotRequest(i, j, m)
         [] e.action = "InstallSnapshot" -> InFlight(e, m) /\ InstallSnapshot(i, j, m)
         [] e.action = "HandleSnapshotResponse" -> InFlight(e, m) /\ HandleSnapshotResponse(i, j, m)
         [] e.action = "CompactLog" -> CompactLog(i, e.snapshotIndex)
         [] e.action = "ProposeConfChange" -> ProposeConfChange(i, Entry(e.msg.entries[1]).config)
         [] e.action = "StepDownRemoved" -> StepDownRemoved(i)
         [] e.action = "StorageAppend" -> StorageAppend(i)
         [] e.action = "HandleStorageAppendResponse" -> HandleStorageAppendResponse(i)

\* What event e, handling message m (Msg(e.msg)), observed of the state after
\* the step.
TraceObservedOf(e, m) ==
    IF e.action \in NetworkActions THEN TRUE
    ELSE LET i == e.node IN
         /\ currentTerm'[i] = e.term
         /\ state'[i] = e.role
         /\ votedFor'[i] = e.vote
         /\ leader'[i] = e.lead
         /\ Len(log'[i]) = e.lastIndex
         /\ LastTerm(log'[i]) = e.lastTerm
         /\ commitIndex'[i] = e.commit
         /\ SentAsObserved(e, m, Modeled(e.sent))
         /\ IF e.action = "AnswerRead"
            THEN /\ reads[i][1].ctx = e.read.ctx
                 /\ reads[i][1].index = e.read.index
            ELSE TRUE

TraceAction(e) == TraceActionOf(e, Msg(e.msg))
TraceObserved(e) == TraceObservedOf(e, Msg(e.msg))

\* TraceAction(e) /\ TraceObserved(e), with the message e handles built once
\* (the validator steps events through it).
TraceStep(e) == LET m == Msg(e.msg) IN TraceActionOf(e, m) /\ TraceObservedOf(e, m)

----
VARIABLE l     \* the position in TraceLog of the next event to explain

traceVars == <<vars, l>>

\* Line 1 is the header; every node starts in the initial state.
TraceInit == /\ l = 2
             /\ Init

TraceNext == /\ l <= Len(TraceLog)
             /\ TraceAction(TraceLog[l])
             /\ TraceObserved(TraceLog[l])
             /\ l' = l + 1

TraceSpec == TraceInit /\ [][TraceNext]_traceVars

\* For TLC, as in etcd-io/raft's Traceetcdraft.tla: checked as a temporal
\* property after every state's successors, it fails when the search runs
\* out of states before consuming the whole trace.
TraceMatched ==
    [](l <= Len(TraceLog) => [](TLCGet("queue") > 0 \/ l > Len(TraceLog)))

\* The trace refines the specification.
TraceRefinesSpec == Spec

=============================================================================
