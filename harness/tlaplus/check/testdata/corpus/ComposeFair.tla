---- MODULE ComposeFair ----
\* An action composition decided on a step (TLC with -Dtlc2.tool.impl.Tool.cdot=true), as in the
\* fairness condition WF_c(Next) and the action property Odd. Next steps 0 -> 2 -> 0 (through 1,
\* then 3). Distinct 2 (0, 2), depth 2; generated 1 + 1 + 1, plus, as TLC counts them, the
\* intermediate state of each of the 2 states expanded: 5. The cycle 0, 2, 0 takes Next at every
\* step, so it is fair and violates One: stem 0, 2, then back to state 1. Odd holds: no step is
\* three Up steps, which would be the odd successor.
EXTENDS Naturals, TLC
VARIABLE c
ASSUME TLCGet("-Dtlc2.tool.impl.Tool.cdot") = "true"
Init == c = 0
Up == c' = (c + 1) % 4
Next == Up \cdot Up
Spec == Init /\ [][Next]_c /\ WF_c(Next)
One == <>(c = 1)
Odd == [][~(Up \cdot Up \cdot Up)]_c
====
