-------------------------- MODULE TraceLamportClock --------------------------
(***************************************************************************)
(* Trace validation of clocks.Lamport (clocks/lamport.go) against          *)
(* LamportClock.tla. harness/clocktrace writes the traces: a header naming *)
(* the processes, then one event per Tick, Send and Receive with the       *)
(* process's clock after it; a Receive names the event number of the send  *)
(* it receives and the timestamp the message carried.                      *)
(*   dsref trace lamport.ndjson                                            *)
(*   JSON=lamport.ndjson tlc -config TraceLamportClock.cfg TraceLamportClock.tla *)
(***************************************************************************)
EXTENDS LamportClock, Json, IOUtils, Sequences, TLC

TraceFile == IF "JSON" \in DOMAIN IOEnv THEN IOEnv.JSON ELSE "lamport.ndjson"
TraceLog == ndJsonDeserialize(TraceFile)
Header == TraceLog[1]
TraceProc == {Header.procs[k] : k \in DOMAIN Header.procs}

TraceSchema ==
    [Header |-> [procs |-> <<"Nat">>],
     Tick |-> [proc |-> "Nat", clock |-> "Nat"],
     Send |-> [proc |-> "Nat", clock |-> "Nat"],
     Receive |-> [proc |-> "Nat", clock |-> "Nat", msg |-> "Nat", mts |-> "Nat"]]

\* The message a Receive event takes off the network.
Message(e) == [ts |-> e.mts, ev |-> e.msg]

TraceAction(e) ==
    CASE e.action = "Tick" -> Tick(e.proc)
      [] e.action = "Send" -> Send(e.proc)
      [] e.action = "Receive" -> Message(e) \in inflight /\ Receive(e.proc, Message(e))

TraceObserved(e) == clock'[e.proc] = e.clock

VARIABLE l

TraceInit == l = 2 /\ Init
TraceNext == /\ l <= Len(TraceLog)
             /\ TraceAction(TraceLog[l])
             /\ TraceObserved(TraceLog[l])
             /\ l' = l + 1
TraceSpec == TraceInit /\ [][TraceNext]_<<vars, l>>

\* For TLC: fails unless some behavior consumes the whole trace.
TraceMatched == [](l <= Len(TraceLog) => [](TLCGet("queue") > 0 \/ l > Len(TraceLog)))
=============================================================================
