---- MODULE CountFuncApp ----
\* TLC's rule for f[a] inside an action and the initial predicate (Tool.getNextStates and
\* getInitStates, OPCODE_fa): when f is a function TLC keeps as an expression, evaluated point
\* by point (a FcnLambdaValue: a function definition, recursive or not, or a function
\* constructor, also behind a constant definition), the body is enumerated with the bound name
\* bound to a, so each way of satisfying it is a successor (an initial state) of its own.
\* Hand count: Init binds y inside Pick's body: y \in {1, 2}, 2 initial states. Then, for each
\* y, x = 0: G[2] is \E j \in 1..2 : TRUE, 2 witnesses, 2 successors; x = 1: H[2] is
\* 2 = 2 \/ 2 > 1, both true, 2 successors; x = 2: Rec(2) is R[2], \E k \in {1, 2} : R[1],
\* each R[1] is \E k \in {1, 2} : R[0], so 2 * 2 = 4 successors; x = 3: Adj[2] applies a lazy
\* function, whose value is a lazy function again, so Adj[2][2] is 2 = 2 \/ 2 = 2: 2 successors.
\* 2 initial + 2 * (2 + 2 + 4 + 2) = 22 generated, 8 distinct, depth 4. (Evaluating f[a] as
\* one boolean fails in Init, reading y before it is assigned; with Init written y \in {1, 2}
\* it gives 2 + 2 * 4 = 10.)
EXTENDS Naturals
VARIABLES x, y
Pick[i \in {1}] == y \in {i, i + 1}
G[i \in {1, 2}] == \E j \in 1..i : TRUE
H == [i \in {1, 2} |-> i = 2 \/ i > 1]
Adj == [i \in {1, 2} |-> [j \in {1, 2} |-> i = j \/ j = 2]]
Rec(n) == LET R[m \in 0..n] == IF m = 0 THEN TRUE ELSE \E k \in {1, 2} : R[m - 1] IN R[n]
Init == x = 0 /\ Pick[1]
Next == \/ x = 0 /\ G[2] /\ x' = 1 /\ y' = y
        \/ x = 1 /\ H[2] /\ x' = 2 /\ y' = y
        \/ x = 2 /\ Rec(2) /\ x' = 3 /\ y' = y
        \/ x = 3 /\ Adj[2][2] /\ x' = 0 /\ y' = y
====
