---- MODULE LiveCounter ----
EXTENDS Naturals
VARIABLE n
Init == n = 0
Next == n' = (n + 1) % 3
Spec == Init /\ [][Next]_n
FairSpec == Spec /\ WF_n(Next)
Eventually2 == <>(n = 2)
InfinitelyOften0 == []<>(n = 0)
EventuallyAlways0 == <>[](n = 0)
Leads == (n = 1) ~> (n = 0)
LeadsBad == (n = 1) ~> (n = 3)
====
