---- MODULE Jumps ----
\* n grows by 1 (Plus1) or 3 (Plus3); NotFour fails at 4. BFS levels: {0}, {1, 3}; expanding 1
\* generates 2 then 4, which violates the invariant. Shortest counterexample 0 -Plus1-> 1 -Plus3-> 4.
\* At that point: generated 1 + 2 + 2 = 5, distinct 5 (0, 1, 3, 2, 4), left on queue 2 (3, 2; not 4).
EXTENDS Naturals
VARIABLE n
Init == n = 0
Plus1 == n' = n + 1
Plus3 == n' = n + 3
Next == Plus1 \/ Plus3
NotFour == n # 4
====
