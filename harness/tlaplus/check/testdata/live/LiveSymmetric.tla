---- MODULE LiveSymmetric ----
\* Two processes (model values p1, p2) each flip their bit between 0 and 1 by Flip(p), weakly
\* fair. The 4 states b = [p1 |-> i, p2 |-> j] fall into 3 orbits under Permutations(Procs)
\* ({00}, {01, 10}, {11}). Without symmetry: generated 1 + 4 * 2 = 9, distinct 4, depth 3. With
\* symmetry: 3 orbits, each expanded once with 2 successors: generated 1 + 3 * 2 = 7, distinct
\* 3, depth 3. EachFlips ([]<>(b[p] = 1) for every p) holds either way; TLC warns that symmetry
\* may hide liveness violations, and so does the checker. LazySpec makes p1's Flip unfair, so
\* the behavior that flips p2's bit for ever violates EachFlips; under symmetry the quotient
\* graph finds a violation too (the states of one orbit are interchangeable here).
EXTENDS Naturals, TLC
CONSTANT Procs, p1
VARIABLE b
Init == b = [p \in Procs |-> 0]
Flip(p) == b' = [b EXCEPT ![p] = 1 - @]
Next == \E p \in Procs : Flip(p)
Spec == Init /\ [][Next]_b /\ \A p \in Procs : WF_b(Flip(p))
LazySpec == Init /\ [][Next]_b /\ \A p \in Procs \ {p1} : WF_b(Flip(p))
EachFlips == \A p \in Procs : []<>(b[p] = 1)
Sym == Permutations(Procs)
====
