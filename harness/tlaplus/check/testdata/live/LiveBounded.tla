---- MODULE LiveBounded ----
\* x counts up for ever; the model keeps x <= 2 (CONSTRAINT Small): states 0, 1, 2 are stored and
\* x = 3, generated from 2, is outside the model: generated 1 + 1 + 1 + 1 = 4, distinct 3, depth 3.
\* As in TLC, the behavior graph has no step out of the model, so x = 2 can only stutter there;
\* Fair (Up weakly fair) rules that out, since Up stays enabled (ENABLED ignores the
\* constraint): no behavior of the graph violates Reaches3, <>(x = 3), and none is reported —
\* the constraint makes the check vacuous, which the checker warns about.
\* Unfair has no fairness: x = 0 stuttering violates Reaches3.
EXTENDS Naturals
VARIABLE x
Init == x = 0
Up == x' = x + 1
Fair == Init /\ [][Up]_x /\ WF_x(Up)
Unfair == Init /\ [][Up]_x
Small == x <= 2
Reaches3 == <>(x = 3)
====
