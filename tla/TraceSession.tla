----------------------------- MODULE TraceSession -----------------------------
(***************************************************************************)
(* Trace validation of raft/session's Table against Session.tla: is the   *)
(* session trace of a simulated run (harness/sim writes it; `dsref sim     *)
(* -session-trace`) a behavior of the specification?                      *)
(*                                                                         *)
(* The header names the replicas (the nodes) and the table's bounds. Each  *)
(* ApplyEntry event is one entry a node's table applied: the entry (a      *)
(* register, or a request's session, number, acknowledgement and log      *)
(* time), the outcome the table decided, a digest of its response, and    *)
(* the table's log time and open sessions after it. Restart, TakeSnapshot *)
(* and Restore are the node restarting with an empty store, its store      *)
(* snapshotted at a log index, and a snapshot installed.                   *)
(*                                                                         *)
(* The trace does not log clients: the first node to apply a log position *)
(* says what the entry there is, and a silent step appends it to the log   *)
(* (Commit), whatever client sent it (the table must withstand any log);  *)
(* every other node must apply the same entry there. For each event the    *)
(* node's table must decide what Session.tla's ApplyEntry decides from the *)
(* same state (a duplicate, a refusal, a run) and observe the same log     *)
(* time and sessions. Responses are the store's, which the specification  *)
(* does not model: a run of a request must answer what every run of it     *)
(* answered (the store is deterministic) and a duplicate what the first    *)
(* run answered (first).                                                   *)
(*                                                                         *)
(*   dsref trace session.ndjson                                            *)
(*   JSON=session.ndjson tlc -config TraceSession.cfg TraceSession.tla     *)
(***************************************************************************)
EXTENDS Session, Json, IOUtils, Sequences, TLC

TraceFile == IF "JSON" \in DOMAIN IOEnv THEN IOEnv.JSON ELSE "session.ndjson"
TraceLog == ndJsonDeserialize(TraceFile)
Header == TraceLog[1]

\* The values of the specification's constants for this trace (TraceSession.cfg).
TraceReplica == {Header.nodes[k] : k \in DOMAIN Header.nodes}
TraceTimeout == Header.timeout
TraceMaxSessions == Header.maxSessions
TraceMaxResponses == Header.maxResponses
\* Clients only choose what the log holds, which the events say.
TraceClient == {}
TraceTime == Nat
TraceMaxSeq == 0

TraceSchema ==
    [Header |-> [nodes |-> <<"Nat">>, timeout |-> "Nat", maxSessions |-> "Nat", maxResponses |-> "Nat"],
     ApplyEntry |-> [node |-> "Nat", kind |-> {"register", "request"}, session |-> "Nat",
                     seq |-> "Nat", ack |-> "Nat", time |-> "Nat", outcome |-> Outcomes,
                     resp |-> "Nat", now |-> "Nat", sessions |-> <<"Nat">>],
     Restart |-> [node |-> "Nat"],
     TakeSnapshot |-> [node |-> "Nat", index |-> "Nat"],
     Restore |-> [node |-> "Nat", index |-> "Nat"]]

\* The entry an ApplyEntry event applied, as the specification writes it.
EntryOf(e) == IF e.kind = "register" THEN RegisterEntry(e.session, e.time)
              ELSE RequestEntry(e.session, e.seq, e.ack, e.time)

VARIABLES l,      \* the position in TraceLog of the next event to explain
          first   \* first[<<s, q>>]: the response digest of request q of session s

\* The response of event e agrees with the runs before it.
Answered(e) ==
    LET k == <<e.session, e.seq>>
    IN IF e.outcome \notin {"Ran", "Duplicate"} THEN UNCHANGED first
       ELSE IF k \in DOMAIN first THEN e.resp = first[k] /\ UNCHANGED first
       ELSE e.outcome = "Ran" /\ first' = first @@ (k :> e.resp)

\* The node of event e has applied every entry the log holds so far: the
\* entry it applies is appended (the silent step).
TraceSilent(e) == /\ e.action = "ApplyEntry"
                  /\ rep[e.node].applied = Len(log)
                  /\ Commit(EntryOf(e))
                  /\ UNCHANGED <<client, rep, snaps, first>>
TraceSilentAction == "Commit"

\* The outcome Session.tla's Apply decided for entry e, read off the replica's
\* state before (x) and after (y) it, so that a step computes Apply once and
\* not Outcome beside it (both advance the table to e's time): a register
\* entry registers; a request of a session the table no longer holds after
\* the step was refused as unknown (a known session stays, touched); one that
\* grew the store ran; one whose number the session caches is a duplicate;
\* any other was discarded. OutcomeOf(x, Apply(x, e), e) = Outcome(x, e) on
\* every state of MCSession.cfg's model with one replica and every entry its
\* log holds, also with Dedupe or RememberDiscarded FALSE (harness/tlaplus/
\* trace's TestSessionOutcomeOfIsOutcome checks it).
OutcomeOf(x, y, e) ==
    IF e.kind = "register" THEN "Registered"
    ELSE IF e.session \notin DOMAIN y.sessions THEN "UnknownSession"
    ELSE IF Len(y.store) > Len(x.store) THEN "Ran"
    ELSE IF Dedupe /\ e.seq \in DOMAIN y.sessions[e.session].cache THEN "Duplicate"
    ELSE "Discarded"

TraceAction(e) ==
    LET r == e.node
    IN CASE e.action = "ApplyEntry" ->
                /\ rep[r].applied < Len(log)
                /\ log[rep[r].applied + 1] = EntryOf(e)
                /\ ApplyEntry(r)
                /\ OutcomeOf(rep[r], rep'[r], EntryOf(e)) = e.outcome
                /\ Answered(e)
         [] e.action = "Restart" -> Restart(r) /\ UNCHANGED first
         [] e.action = "TakeSnapshot" -> TakeSnapshot(r, e.index) /\ UNCHANGED first
         [] e.action = "Restore" -> Restore(r, e.index) /\ UNCHANGED first

\* What event e observed of the table after the step.
TraceObserved(e) ==
    IF e.action # "ApplyEntry" THEN TRUE
    ELSE /\ rep'[e.node].now = e.now
         /\ DOMAIN rep'[e.node].sessions = {e.sessions[k] : k \in DOMAIN e.sessions}

traceVars == <<vars, l, first>>

TraceInit == /\ l = 2
             /\ Init
             /\ first = <<>>

TraceNext == \/ /\ l <= Len(TraceLog)
                /\ TraceAction(TraceLog[l])
                /\ TraceObserved(TraceLog[l])
                /\ l' = l + 1
             \/ /\ l <= Len(TraceLog)
                /\ TraceSilent(TraceLog[l])
                /\ UNCHANGED l

TraceSpec == TraceInit /\ [][TraceNext]_traceVars

\* For TLC: fails unless some behavior consumes the whole trace.
TraceMatched == [](l <= Len(TraceLog) => [](TLCGet("queue") > 0 \/ l > Len(TraceLog)))
=============================================================================
