---- MODULE ComposeContext ----
\* Action composition inside an action, with conjuncts before and after it, as TLC enumerates it
\* with -Dtlc2.tool.impl.Tool.cdot=true (its regression models CdotWithContextA-D, ChainedCdots):
\* A \cdot B starts from what the conjuncts before it bound, the conjuncts after it follow A (on
\* the intermediate state) and B (on the successor), and only the outermost composition's
\* intermediate states count as generated.
\*
\* From x = 0, S = {1, 2}, each n in S composes Set(n) (x' = n) with Bump(n) (x' = n + 1): the
\* intermediate state has x = n, the successor x = n + 1, S unchanged. NextInside keeps S in both
\* actions, NextBefore before the composition, NextAfter after it: 2 intermediate and 2 final
\* states, so 1 + 2 + 2 = 5 generated, distinct 3 ({0, 2, 3} with S = {1, 2}), depth 2; from x = 2
\* and x = 3 nothing is enabled. In NextClash the conjunct before binds S' = S, which the S' = {}
\* inside the first action contradicts: no intermediate state, 1 generated, 1 distinct, depth 1.
\* NextChained composes three steps adding 1 or 2, then 3 or 4, then 5: the outer composition's
\* intermediate states are the 4 results of the first two (x = 4, 5, 5, 6; the inner one's x = 1,
\* 2 are not counted), its successors x = 9, 10, 10, 11: 1 + 4 + 4 = 9 generated, 4 distinct, depth 2.
EXTENDS Naturals
VARIABLES x, S
Init == x = 0 /\ S = {1, 2}
Set(n) == x' = n
Bump(n) == x' = n + 1
NextInside == x = 0 /\ \E n \in S : (Set(n) /\ UNCHANGED S) \cdot (Bump(n) /\ UNCHANGED S)
NextBefore == x = 0 /\ UNCHANGED S /\ \E n \in S : Set(n) \cdot Bump(n)
NextAfter == x = 0 /\ \E n \in S : Set(n) \cdot Bump(n) /\ UNCHANGED S
NextClash == x = 0 /\ UNCHANGED S /\ \E n \in S : (Set(n) /\ S' = {}) \cdot Bump(n)
Add(T) == \E n \in T : x' = x + n /\ UNCHANGED S
NextChained == x = 0 /\ Add({1, 2}) \cdot Add({3, 4}) \cdot Add({5})
====
