---- MODULE CountForall ----
\* TLC's rule for \A x \in S : B inside an action (Tool.getNextStates, OPCODE_bf): B for each
\* element of S is taken as a further conjunct, enumerated like the rest of the action, so the
\* successors multiply by the ways each B is satisfied.
\* Hand count: for i = 1, \E j \in {1, 2, 3} : j >= i has 3 witnesses; for i = 2 it has 2
\* (j = 2, 3); so 3 * 2 = 6 successors of each state, all x' = 1 - x. Over the empty set \A is
\* true and adds nothing. 1 initial + 6 + 6 = 13 generated, 2 distinct, depth 2. (Evaluating
\* \A as one boolean would give 1 + 1 + 1 = 3.)
EXTENDS Naturals
VARIABLE x
Init == x = 0
Next == /\ \A i \in {1, 2} : \E j \in {1, 2, 3} : j >= i
        /\ \A i \in {} : FALSE
        /\ x' = 1 - x
====
