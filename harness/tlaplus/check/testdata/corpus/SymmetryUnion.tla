---- MODULE SymmetryUnion ----
\* SYMMETRY Permutations(A) \cup Permutations(B) is not a group: it swaps the two a's, or the two
\* b's, but not both at once. TLC expands it into the group it generates (4 permutations), under
\* which the four initial states <<a, b>> form one orbit.
\* Hand count: 4 initial states, one distinct; it has one successor (itself): 4 + 1 = 5
\* generated, 1 distinct, depth 1. (With canonical forms taken over the set as written, <<a1, b1>>
\* and <<a2, b2>> are not images of each other: 2 distinct states, 6 generated.)
EXTENDS TLC
CONSTANTS A, B
VARIABLES x, y
Symmetry == Permutations(A) \cup Permutations(B)
Init == x \in A /\ y \in B
Next == UNCHANGED <<x, y>>
====
