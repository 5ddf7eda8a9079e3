---- MODULE SymmetryBad ----
\* SYMMETRY sets that are not sets of permutations (see TestSymmetryMustPermute).
EXTENDS TLC
CONSTANTS A, m
VARIABLE x
Merge == {[a \in A |-> CHOOSE b \in A : TRUE]}
Outside == {(CHOOSE a \in A : TRUE) :> m}
Init == x \in A
Next == UNCHANGED x
====
