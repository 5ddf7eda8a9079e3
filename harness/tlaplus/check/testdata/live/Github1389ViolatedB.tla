--------------------------- MODULE Github1389ViolatedB ---------------------------
\* TLC's regression test Github1389ViolatedB (tlaplus/tlaplus test-model): Reach(3) expands to
\* <><><>(x = 99) through the ELSE branches; expectations as for Github1389Violated.
EXTENDS Naturals

VARIABLE x

RECURSIVE Reach(_)
Reach(n) == IF n = 0 THEN (x = 99) ELSE <>(Reach(n - 1))

Init == x = 0
Next == x' = 1 - x
Spec == Init /\ [][Next]_x /\ WF_x(Next)

PropViolated == Reach(3)
==================================================================
