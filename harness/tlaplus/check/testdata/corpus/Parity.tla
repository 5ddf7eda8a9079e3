---- MODULE Parity ----
\* The abstract spec refined by Cycle: a bit that flips.
EXTENDS Naturals
VARIABLE p
Init == p = 0
Next == p' = 1 - p
Spec == Init /\ [][Next]_p
====
