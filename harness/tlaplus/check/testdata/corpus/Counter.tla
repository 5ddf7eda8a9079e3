---- MODULE Counter ----
\* x counts up without bound; the configurations cut the state space.
\* CONSTRAINT x < Limit (Limit = 3): 0, 1, 2 stored; 3 generated from 2 but neither stored nor
\* explored, and 2 is not a deadlock. Generated 1 + 3 = 4, distinct 3, depth 3.
\* ACTION_CONSTRAINT x' # 2: 0 -> 1 stored, 1 -> 2 generated but cut. Generated 3, distinct 2,
\* depth 2.
\* CounterSubst.cfg gives Limit by substitution (Limit <- Three): the counts of Counter.cfg.
EXTENDS Naturals
CONSTANT Limit
VARIABLE x
Init == x = 0
Inc == x' = x + 1
Next == Inc
Bound == x < Limit
NotTwo == x' # 2
Small == x < Limit
Three == 3
====
