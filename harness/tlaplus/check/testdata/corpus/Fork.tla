---- MODULE Fork ----
\* A counter that may also fall off to -1, but only from 0. TestSimulateChoosesAnAction: the
\* initial state has one successor per action, x = 1 by Up and x = -1 by Fall, and NotNegative
\* fails on the second. TLC's simulator chooses an action first and generates its successors
\* only: a behavior that starts with Fall reports the violation after one step, two states
\* generated; one that starts with Up counts up to 5, where no action is enabled, six states
\* generated. Both happen, each in about half the seeds.
EXTENDS Integers
VARIABLE x

Init == x = 0
Up == x < 5 /\ x' = x + 1
Fall == x = 0 /\ x' = -1
Next == Up \/ Fall

NotNegative == x >= 0
====
