-------------------------- MODULE TraceVectorClock --------------------------
(***************************************************************************)
(* Trace validation of clocks.Vector (clocks/vector.go) against          *)
(* VectorClock.tla. harness/clocktrace writes the traces: a header naming *)
(* the processes, then one event per Tick, Send and Receive with the       *)
(* process's vector clock after it ("clock", an array indexed by process); a *)
(* Receive names the event number of the send it receives and the clock   *)
(* the message carried.                                                    *)
(*   dsref trace vector.ndjson                                            *)
(*   JSON=vector.ndjson tlc -config TraceVectorClock.cfg TraceVectorClock.tla *)
(***************************************************************************)
EXTENDS VectorClock, Json, IOUtils, Sequences, TLC

TraceFile == IF "JSON" \in DOMAIN IOEnv THEN IOEnv.JSON ELSE "vector.ndjson"
TraceLog == ndJsonDeserialize(TraceFile)
Header == TraceLog[1]
TraceProc == {Header.procs[k] : k \in DOMAIN Header.procs}

TraceSchema ==
    [Header |-> [procs |-> <<"Nat">>],
     Tick |-> [proc |-> "Nat", clock |-> <<"Nat">>],
     Send |-> [proc |-> "Nat", clock |-> <<"Nat">>],
     Receive |-> [proc |-> "Nat", clock |-> <<"Nat">>, msg |-> "Nat", mclock |-> <<"Nat">>]]

\* The message a Receive event takes off the network.
Message(e) == [vc |-> e.mclock, ev |-> e.msg]

TraceAction(e) ==
    CASE e.action = "Tick" -> Tick(e.proc)
      [] e.action = "Send" -> Send(e.proc)
      [] e.action = "Receive" -> Message(e) \in inflight /\ Receive(e.proc, Message(e))

TraceObserved(e) == vc'[e.proc] = e.clock

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
