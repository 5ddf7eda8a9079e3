---- MODULE CountNestedDisjunct ----
\* A disjunct indented deeper than the bullets of its list belongs to the item above it (the
\* layout rule of TLA+ junction lists): here \/ B continues the body of the \E, which is
\* A(n) \/ B, so B is a successor once per n, as TLC's getActions splits it (per binding of n,
\* then per disjunct). tlaplus/Examples VortexDSE's MC_Vortex_DSE_CSlot had its MCTick so
\* indented in one version of the file.
\* Hand count: from x = 0, n = 1 gives A(1) (x' = 1) and B (x' = 5), n = 2 gives A(2) (x' = 2)
\* and B again: 4 successors; from 1, 2 and 5 every guard is false. 1 initial + 4 = 5 generated,
\* 4 distinct (0, 1, 2, 5), depth 2. (With B a disjunct of its own: 1 + 3 = 4 generated.)
EXTENDS Naturals
VARIABLE x
Init == x = 0
A(n) == x = 0 /\ x' = n
B == x = 0 /\ x' = 5
Next ==
    \/ \E n \in {1, 2} : A(n)
        \/ B
    \/ x = 99 /\ x' = x
====
