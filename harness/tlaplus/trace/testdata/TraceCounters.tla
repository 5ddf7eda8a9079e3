--------------------------- MODULE TraceCounters ----------------------------
(* Several independent Counters in one trace: the header's "instances" says *)
(* the field "c" tells them apart (a Poke names its counter in msg.c).     *)
EXTENDS Counter, Json, IOUtils, Sequences, TLC
TraceLog == ndJsonDeserialize(IOEnv.JSON)
TraceSchema == [Header |-> [t |-> "Nat"],
                Inc |-> [t |-> "Nat", c |-> "Nat", by |-> {1, 2}, x |-> "Nat"],
                Poke |-> [t |-> "Nat", msg |-> [c |-> "Nat"]]]
VARIABLE l
TraceAction(e) == CASE e.action = "Inc" -> Inc(e.by)
                    [] e.action = "Poke" -> UNCHANGED <<x, hidden>>
TraceObserved(e) == IF e.action = "Poke" THEN TRUE ELSE x' = e.x
TraceInit == l = 2 /\ Init
TraceNext == /\ l <= Len(TraceLog)
             /\ TraceAction(TraceLog[l])
             /\ TraceObserved(TraceLog[l])
             /\ l' = l + 1
================================================================================
