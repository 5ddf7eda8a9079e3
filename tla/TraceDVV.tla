------------------------------- MODULE TraceDVV -------------------------------
(***************************************************************************)
(* Trace validation of clocks.DVVSet (clocks/dvv.go) against DVV.tla.      *)
(* harness/clocktrace writes the traces: a header naming the replicas,     *)
(* then one event per Read, Write and AntiEntropy with the replica's       *)
(* causal context (Join) and values after it. A Write gives the context    *)
(* its client wrote with (one some client read, or all zeros for a blind   *)
(* write) and the value it wrote; write w writes the value w, as in the    *)
(* specification.                                                          *)
(*   dsref trace dvv.ndjson                                                *)
(*   JSON=dvv.ndjson tlc -config TraceDVV.cfg TraceDVV.tla                 *)
(***************************************************************************)
EXTENDS DVV, Json, IOUtils, Sequences, TLC

TraceFile == IF "JSON" \in DOMAIN IOEnv THEN IOEnv.JSON ELSE "dvv.ndjson"
TraceLog == ndJsonDeserialize(TraceFile)
Header == TraceLog[1]
TraceReplica == {Header.replicas[k] : k \in DOMAIN Header.replicas}

Observed == [replica |-> "Nat", join |-> <<"Nat">>, values |-> <<"Nat">>]
TraceSchema ==
    [Header |-> [replicas |-> <<"Nat">>],
     Read |-> [f \in DOMAIN Observed \cup {"ctx"} |-> IF f = "ctx" THEN <<"Nat">> ELSE Observed[f]],
     Write |-> [f \in DOMAIN Observed \cup {"ctx", "value"} |->
                  CASE f = "ctx" -> <<"Nat">> [] f = "value" -> "Nat" [] OTHER -> Observed[f]],
     AntiEntropy |-> [f \in DOMAIN Observed \cup {"from"} |-> IF f = "from" THEN "Nat" ELSE Observed[f]]]

TraceAction(e) ==
    CASE e.action = "Read" -> Read(e.replica)
      [] e.action = "Write" ->
            /\ e.value = Len(overwrote) + 1
            /\ \E rd \in reads \cup {BlindRead} : rd.ctx = e.ctx /\ Write(e.replica, rd)
      [] e.action = "AntiEntropy" -> AntiEntropy(e.replica, e.from)

TraceObserved(e) ==
    /\ Join(dvv'[e.replica]) = e.join
    /\ Values(dvv'[e.replica]) = {e.values[k] : k \in DOMAIN e.values}
    /\ e.action = "Read" => Join(dvv[e.replica]) = e.ctx

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
