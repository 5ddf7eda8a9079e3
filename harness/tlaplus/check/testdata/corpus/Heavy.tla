---- MODULE Heavy ----
\* An invariant that takes minutes to evaluate once (it ranges over 300^4 quadruples):
\* cancelling a run interrupts it mid-evaluation (TestCheckCancelledMidEvaluation).
EXTENDS Naturals
VARIABLE x
Init == x = 0
Next == x' = x
Heavy == \A a, b, c, d \in 1..300 : x # a + b + c + d
====
