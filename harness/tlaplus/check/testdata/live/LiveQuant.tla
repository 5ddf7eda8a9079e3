---- MODULE LiveQuant ----
\* N flags, each set once by Set(i); nothing else happens (deadlock checking is off). With N = 2
\* the states f = <<0, 0>>, <<1, 0>>, <<0, 1>>, <<1, 1>>: generated 1 + 2 + 1 + 1 = 5, distinct
\* 4, depth 3.
\*
\* Fair: every Set(i) is weakly fair, so every flag is set: AllSet and EachLeads hold. Their
\* negations split into one branch per i (\E i : [](f[i] # 1), \E i : <>(f[i] = 0 /\ [](f[i] # 1))).
\* FairButOne drops the fairness of Set(1): the behavior <<0, 0>>, <<0, 1>>, stuttering meets
\* the fairness of Set(2) (disabled at <<0, 1>>) and never sets flag 1; <<0, 0>> stuttering does
\* not (Set(2) stays enabled), so the counterexample nearest the initial state is
\* State 1 <<0, 0>>, State 2 <<0, 1>> (Set(2)), State 3 Stuttering, for either property.
EXTENDS Naturals
CONSTANT N
VARIABLE f
Procs == 1 .. N
Init == f = [i \in Procs |-> 0]
Set(i) == f[i] = 0 /\ f' = [f EXCEPT ![i] = 1]
Next == \E i \in Procs : Set(i)
Spec == Init /\ [][Next]_f
Fair == Spec /\ \A i \in Procs : WF_f(Set(i))
FairButOne == Spec /\ \A i \in Procs \ {1} : WF_f(Set(i))
AllSet == \A i \in Procs : <>(f[i] = 1)
EachLeads == \A i \in Procs : (f[i] = 0) ~> (f[i] = 1)
====
