---------------------------- MODULE TraceChoice ----------------------------
\* Each Pick event sets an unlogged variable to any value up to the event's
\* bound, reached from every state of the frontier: the validator must fold
\* the copies, comparing the states of a small frontier and fingerprinting
\* those of a larger one.
EXTENDS Naturals, Json, IOUtils, Sequences
TraceLog == ndJsonDeserialize(IOEnv.JSON)
TraceSchema == [Pick |-> [t |-> "Nat", upto |-> "Nat"]]
VARIABLES hidden, l
TraceAction(e) == hidden' \in 0..e.upto
TraceObserved(e) == TRUE
TraceInit == l = 1 /\ hidden = 0
TraceNext == /\ l <= Len(TraceLog)
             /\ TraceAction(TraceLog[l])
             /\ TraceObserved(TraceLog[l])
             /\ l' = l + 1
================================================================================
