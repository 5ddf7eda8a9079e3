---- MODULE Labels ----
\* Action labels as TLC prints them in traces: the last definition reached on the way down from
\* Next through disjunctions, \E over constant sets and definitions applied to constant
\* arguments names the action, with those arguments' values; the location is the span of the
\* first expression that is none of these.
\* x climbs to 2 by Add(1) or Add(2), then Push puts 2 in q and Drop empties q and sets x to 3,
\* violating Small. Generated 1 + 2 (from 0) + 1 (from 1) + 1 (from 2) + 1 (from 2 with q =
\* {2}) = 6, distinct 5 (0, 1, 2, 2 with {2}, 3), depth 4, none left on the queue (not 3).
\* The labels: Add(2) names the action of \E p \in Procs : Add(p) (a constant set, a
\* constant argument); the conjunction x = 2 /\ q = {} /\ Push(x) is an action of Next itself;
\* Drop's \E ranges over the variable q, so its whole body is the action Drop.
EXTENDS Naturals
VARIABLES x, q
Procs == {1, 2}
Init == x = 0 /\ q = {}
Add(p) == /\ x + p <= 2
          /\ x' = x + p
          /\ UNCHANGED q
Push(v) == q' = q \cup {v} /\ UNCHANGED x
Drop == \E v \in q : x = 2 /\ q' = q \ {v} /\ x' = 3
Next == \/ \E p \in Procs : Add(p)
        \/ x = 2 /\ q = {} /\ Push(x)
        \/ Drop
Small == x < 3
====
