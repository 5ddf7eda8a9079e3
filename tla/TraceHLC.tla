------------------------------- MODULE TraceHLC -------------------------------
(***************************************************************************)
(* Trace validation of clocks.HLC (clocks/hlc.go) against HLC.tla.         *)
(* harness/clocktrace writes the traces: a header naming the processes and *)
(* the bound epsilon on the difference between physical clocks, then one   *)
(* event per SendOrLocal (Now; "send" says whether a message leaves) and   *)
(* Receive (Update) with the process's timestamp after it and the physical *)
(* time it read; a Receive names the event number of the send it receives  *)
(* and the timestamp the message carried.                                  *)
(*                                                                         *)
(* Physical time is not logged between events: before each event, silent   *)
(* steps of AdvancePhysical move the event's process's clock up to the     *)
(* reading the event reports, moving another process's clock first only   *)
(* when the epsilon bound requires it, and then only the lowest: the least *)
(* any process's clock can have advanced, so no behavior is missed.        *)
(*   dsref trace hlc.ndjson                                                *)
(*   JSON=hlc.ndjson tlc -config TraceHLC.cfg TraceHLC.tla                 *)
(***************************************************************************)
EXTENDS HLC, Json, IOUtils, Sequences, TLC

TraceFile == IF "JSON" \in DOMAIN IOEnv THEN IOEnv.JSON ELSE "hlc.ndjson"
TraceLog == ndJsonDeserialize(TraceFile)
Header == TraceLog[1]
TraceProc == {Header.procs[k] : k \in DOMAIN Header.procs}
TraceEpsilon == Header.epsilon

TraceSchema ==
    [Header |-> [procs |-> <<"Nat">>, epsilon |-> "Nat"],
     SendOrLocal |-> [proc |-> "Nat", l |-> "Nat", c |-> "Nat", pt |-> "Nat", send |-> "Bool"],
     Receive |-> [proc |-> "Nat", l |-> "Nat", c |-> "Nat", pt |-> "Nat",
                  msg |-> "Nat", ml |-> "Nat", mc |-> "Nat"]]

Message(e) == [l |-> e.ml, c |-> e.mc, ev |-> e.msg]

TraceAction(e) ==
    CASE e.action = "SendOrLocal" ->
            /\ SendOrLocal(e.proc)
            /\ IF e.send THEN inflight' /= inflight ELSE inflight' = inflight
      [] e.action = "Receive" -> Message(e) \in inflight /\ Receive(e.proc, Message(e))

TraceObserved(e) ==
    /\ hlc'[e.proc] = [l |-> e.l, c |-> e.c]
    /\ pt'[e.proc] = e.pt

\* The silent step before event e: physical time passes at e's process, or at the
\* process whose clock lags most when the epsilon bound holds e's back.
AdvanceTowards(e) ==
    LET p == e.proc
        lowest == CHOOSE q \in Proc : \A r \in Proc : pt[q] <= pt[r]
    IN /\ pt[p] < e.pt
       /\ IF \A q \in Proc : pt[p] + 1 <= pt[q] + Epsilon
          THEN AdvancePhysical(p)
          ELSE AdvancePhysical(lowest)

\* The action of HLC.tla the silent steps take, for coverage reports.
TraceSilentAction == "AdvancePhysical"

\* The silent steps possible before event e (TraceNext's second disjunct).
TraceSilent(e) == AdvanceTowards(e)

VARIABLE l

TraceInit == l = 2 /\ Init
TraceNext == \/ /\ l <= Len(TraceLog)
                /\ TraceAction(TraceLog[l])
                /\ TraceObserved(TraceLog[l])
                /\ l' = l + 1
             \/ /\ l <= Len(TraceLog)
                /\ TraceSilent(TraceLog[l])
                /\ UNCHANGED l
TraceSpec == TraceInit /\ [][TraceNext]_<<vars, l>>

\* For TLC: fails unless some behavior consumes the whole trace.
TraceMatched == [](l <= Len(TraceLog) => [](TLCGet("queue") > 0 \/ l > Len(TraceLog)))
=============================================================================
