---- MODULE HourClock ----
\* TLC's classic: every hour is an initial state and each has one successor.
\* Hand count: 12 initial + 12 successors = 24 generated, 12 distinct, one BFS level (depth 1).
EXTENDS Naturals
VARIABLE hr
Init == hr \in 1 .. 12
Next == hr' = IF hr = 12 THEN 1 ELSE hr + 1
Spec == Init /\ [][Next]_hr
TypeOK == hr \in 1 .. 12
====
