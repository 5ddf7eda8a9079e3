---- MODULE Fork ----
\* A counter that may also fall off to -1, but only from 0. TestSimulateChecksEverySuccessor:
\* the initial state's two successors are x = 1 and x = -1, and NotNegative fails on the second,
\* so a simulator that checks every successor it generates reports the violation after one step
\* whatever the seed, with a two-state trace, while one that checks only the successor it moves
\* to finds it in about half the seeds.
EXTENDS Integers
VARIABLE x

Init == x = 0
Up == x < 5 /\ x' = x + 1
Fall == x = 0 /\ x' = -1
Next == Up \/ Fall

NotNegative == x >= 0
====
