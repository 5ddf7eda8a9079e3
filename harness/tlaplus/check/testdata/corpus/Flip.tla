---- MODULE Flip ----
\* b flips freely. Once, "b is TRUE in at most one interval", is violated by the finite behavior
\* FALSE, TRUE, FALSE, TRUE whatever follows, and Spec has no fairness: TLC finds this while it
\* searches (its Github710a test, the same model: exit 12, 5 generated, 2 distinct, 0 left, depth
\* 2, that trace). It finds it expanding TRUE, the second and last state: generated 1 + 2 + 2 = 5.
\* Twice == AtMost(2) allows two intervals; its shortest counterexample has three, F T F T F T
\* (TLC's Github1389Counting test checks AtMost(4)'s, ten states, alike). Under FairSpec
\* every branch of the negated property has a fairness condition, so no finite behavior is a
\* counterexample: the violation is a lasso (TLC's Github710c: exit 13).
EXTENDS Naturals
VARIABLE b
Init == b = FALSE
Next == b' \in BOOLEAN
Spec == Init /\ [][Next]_b
FairSpec == Spec /\ WF_b(Next)
Once == [](b => [](~b => []~b))
RECURSIVE AtMost(_)
AtMost(n) == IF n = 0 THEN []~b ELSE [](b => [](~b => AtMost(n - 1)))
Twice == AtMost(2)
====
