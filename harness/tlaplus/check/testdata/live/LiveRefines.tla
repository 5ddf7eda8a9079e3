---- MODULE LiveRefines ----
\* A refinement with fairness, as in tlaplus/Examples' EWD840 (PROPERTY TD!Spec): x counts 0, 1,
\* 2, then y may become 1 (Set); done and flag of LiveAbstract are the expressions x = 2 and
\* y = 1, not variables. Reachable (x, y): 00, 10, 20, 21: generated 1 + 1 + 1 + 1 = 4, distinct
\* 4, depth 4 (deadlock checking off).
\*
\* Checking A!Spec means checking WF_vars(Raise) of the instance, whose ENABLED <<Raise>>_vars
\* binds done' and flag' as TLC binds them (as if they were variables): it holds in 20 (done and
\* not flag), nowhere else.
\* Fair (Set weakly fair): A!Spec holds. Unfair: the behavior 00, 10, 20, stuttering keeps Raise
\* enabled without taking it, and violates A!Spec: State 1 00, State 2 10, State 3 20, State 4
\* Stuttering.
EXTENDS Naturals
VARIABLES x, y
vars == <<x, y>>
Init == x = 0 /\ y = 0
Count == x < 2 /\ x' = x + 1 /\ UNCHANGED y
Set == x = 2 /\ y = 0 /\ y' = 1 /\ UNCHANGED x
Next == Count \/ Set
Fair == Init /\ [][Next]_vars /\ WF_vars(Count) /\ WF_vars(Set)
Unfair == Init /\ [][Next]_vars /\ WF_vars(Count)
A == INSTANCE LiveAbstract WITH done <- (x = 2), flag <- (y = 1)
Refines == A!Spec
====
