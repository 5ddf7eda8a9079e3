---- MODULE Stop ----
\* x climbs to 2 and stops there: a deadlock after 0 -> 1 -> 2.
\* Generated 1 + 1 + 1 = 3, distinct 3, counterexample of 3 states.
\* With CHECK_DEADLOCK FALSE: no error, depth 3.
\* The invariant EnabledUnlessTop checks ENABLED: Inc is enabled exactly when x < 2.
EXTENDS Naturals
VARIABLE x
Init == x = 0
Inc == x < 2 /\ x' = x + 1
Next == Inc
EnabledUnlessTop == (x < 2) = ENABLED Inc
====
