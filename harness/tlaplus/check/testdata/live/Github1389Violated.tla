--------------------------- MODULE Github1389Violated ---------------------------
\* TLC's regression test Github1389Violated (tlaplus/tlaplus test-model), its comments
\* shortened: Reach(3) expands to <>(x = 99), which the cycle 0, 1 violates. TLC expects
\* TLC_TEMPORAL_PROPERTY_VIOLATED for PropViolated with the states x = 0, x = 1 and "Back to
\* state 1"; by hand: 3 generated (x = 0, then 1, then 0 again), 2 distinct, depth 2.
EXTENDS Naturals

VARIABLE x

RECURSIVE Reach(_)
Reach(n) == IF n = 0 THEN <>(x = 99) ELSE Reach(n - 1)

Init == x = 0
Next == x' = 1 - x
Spec == Init /\ [][Next]_x /\ WF_x(Next)

PropViolated == Reach(3)
==================================================================
