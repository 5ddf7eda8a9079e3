---- MODULE DieHard ----
\* The water jugs from Die Hard 3, the TLA+ video course's first example.
\* All 16 reachable pairs (small, big) are distinct; each has 6 enabled actions, so TLC reports
\* 1 + 16 * 6 = 97 states generated and 16 distinct. The shortest way to 4 gallons in the big jug
\* takes 6 steps (fill big, pour into small, empty small, pour, fill big, pour): a counterexample
\* of 7 states for NotSolved.
EXTENDS Naturals
VARIABLES small, big
Min(m, n) == IF m < n THEN m ELSE n
Init == small = 0 /\ big = 0
FillSmall == small' = 3 /\ big' = big
FillBig == big' = 5 /\ small' = small
EmptySmall == small' = 0 /\ big' = big
EmptyBig == big' = 0 /\ small' = small
SmallToBig == /\ big' = Min(big + small, 5)
              /\ small' = small - (big' - big)
BigToSmall == /\ small' = Min(big + small, 3)
              /\ big' = big - (small' - small)
Next == \/ FillSmall \/ FillBig \/ EmptySmall \/ EmptyBig \/ SmallToBig \/ BigToSmall
TypeOK == small \in 0 .. 3 /\ big \in 0 .. 5
NotSolved == big # 4
====
