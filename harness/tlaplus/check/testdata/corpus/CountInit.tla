---- MODULE CountInit ----
\* The rules for \A and => hold in the initial predicate too (Tool.getInitStates): x is bound
\* inside \A, and y inside the right side of =>.
\* Hand count: x = 0 gives y \in {0, 1, 2}: 3 states (the second => is then evaluated as a
\* boolean, every variable being assigned, and holds as x # 1); x = 1 skips the first => and
\* binds y = 5: 1 state. 4 initial states, each with one successor (itself): 4 + 4 = 8
\* generated, 4 distinct, depth 1. (Evaluating \A or => as one boolean fails, reading x or y
\* before they are assigned.)
VARIABLES x, y
Init == /\ \A i \in {1} : x \in {0, 1}
        /\ (x = 0) => y \in {0, 1, 2}
        /\ (x = 1) => y = 5
Next == UNCHANGED <<x, y>>
====
