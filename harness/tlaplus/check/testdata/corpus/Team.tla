---- MODULE Team ----
\* in grows from {} by one member of Procs at a time, until all of Procs are in.
\* Without symmetry (Procs = {p1, p2, p3}): the 8 subsets are distinct; a subset of size k has
\* 3 - k successors, so generated = 1 + (3 + 3*2 + 3*1 + 0) = 13, depth 4.
\* With SYMMETRY Perms the classes are the 4 sizes; from one representative per size:
\* generated = 1 + 3 + 2 + 1 = 7, distinct 4, depth 4.
EXTENDS FiniteSets, TLC
CONSTANT Procs
VARIABLE in
Init == in = {}
Join == \E p \in Procs \ in : in' = in \cup {p}
Next == Join
Perms == Permutations(Procs)
====
