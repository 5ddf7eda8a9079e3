---- MODULE CountImplies ----
\* TLC's rule for P => Q inside an action (Tool.getNextStates, OPCODE_implies): when P holds, Q
\* is enumerated like any other part of the action, so each way of satisfying it is a successor
\* of its own; when P is false the action goes on.
\* Hand count: from x = 0, P holds and \E i \in {1, 2, 3} : TRUE has three witnesses, each
\* followed by x' = 1: three successors; from x = 1, P is false: one successor, x' = 0.
\* 1 initial + 3 + 1 = 5 generated, 2 distinct, depth 2. (Evaluating P => Q as one boolean
\* would give 1 + 1 + 1 = 3.)
EXTENDS Naturals
VARIABLE x
Init == x = 0
Next == /\ (x = 0) => \E i \in {1, 2, 3} : TRUE
        /\ x' = 1 - x
====
