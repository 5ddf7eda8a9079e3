---------------------------- MODULE TraceCounter ----------------------------
EXTENDS Counter, Json, IOUtils, Sequences, TLC
TraceLog == ndJsonDeserialize(IOEnv.JSON)
TraceSchema == [Inc |-> [t |-> "Nat", by |-> {1, 2}, x |-> "Nat"],
                Reset |-> [t |-> "Nat", x |-> "Nat"],
                Note |-> [t |-> "Nat"]]
VARIABLE l
TraceAction(e) == CASE e.action = "Inc" -> Inc(e.by)
                    [] e.action = "Reset" -> Reset
                    [] e.action = "Note" -> UNCHANGED <<x, hidden>>
TraceObserved(e) == IF e.action = "Note" THEN TRUE ELSE x' = e.x
TraceInit == l = 1 /\ Init
TraceNext == /\ l <= Len(TraceLog)
             /\ TraceAction(TraceLog[l])
             /\ TraceObserved(TraceLog[l])
             /\ l' = l + 1
================================================================================
