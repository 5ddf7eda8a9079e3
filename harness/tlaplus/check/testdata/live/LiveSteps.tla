---- MODULE LiveSteps ----
\* x climbs 0, 1, 2 by Up. Climb stops there (deadlock checking off): generated 1 + 1 + 1 = 3,
\* distinct 3, depth 3. Bounce goes back from 2 to 0 by Reset: generated 4, distinct 3, depth 3.
\*
\* Climb (Up weakly fair): StaysUp ([](x = 1 => [](x >= 1))), Settles ([](x = 1 => <>[](x = 2))),
\* Quiet (<>[][FALSE]_x: eventually x never changes), WeakUp (WF_x(Up) as a property) and
\* Mixed ([](x \in 0 .. 2) /\ <>(x = 2), split into an invariant and <>(x = 2)) all hold.
\* ClimbUnfair (no fairness): WeakUp fails at once, by stuttering at x = 0 with Up enabled:
\* State 1 x = 0, State 2 Stuttering.
\* Stuck (deadlock, fairness satisfied by stuttering where Up is disabled): Beyond, <>(x = 3),
\* fails: x = 0, 1, 2, Stuttering.
\* Bounce (Up \/ Reset weakly fair): StaysUp fails: after 0, 1, 2 comes 0 again. The tableau of
\* <>(x = 1 /\ <>(x < 1)) is fulfilled at the second x = 0, where the accepting part of the
\* tableau starts: the nearest counterexample is 0, 1, 2, 0 and the cycle 1, 2, back to state 4.
\* Quiet fails too: the nearest cycle is 0, 1, 2 and back to state 1 (every step changes x).
EXTENDS Naturals
VARIABLE x
Init == x = 0
Up == x < 2 /\ x' = x + 1
Reset == x = 2 /\ x' = 0
Climb == Init /\ [][Up]_x /\ WF_x(Up)
ClimbUnfair == Init /\ [][Up]_x
Bounce == Init /\ [][Up \/ Reset]_x /\ WF_x(Up \/ Reset)
StaysUp == [](x = 1 => [](x >= 1))
Settles == [](x = 1 => <>[](x = 2))
Quiet == <>[][FALSE]_x
WeakUp == WF_x(Up)
Mixed == [](x \in 0 .. 2) /\ <>(x = 2)
Beyond == <>(x = 3)
IfZero == IF x = 0 THEN <>(x = 2) ELSE FALSE
Trivial == <>TRUE /\ (FALSE ~> (x = 7))
ActionInside == []<>[][Up]_x
====
