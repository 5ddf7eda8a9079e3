---- MODULE UnionMembership ----
\* f counts each of its two slots up modulo 3. TypeOK asks whether f lies in unions of infinite
\* sets of functions and records, which TLC decides without enumerating them.
\* With S = {a, b}: 3 * 3 = 9 states, each with 2 successors: generated 1 + 18 = 19. BFS levels
\* by the sum of the slots (mod 3 wrap-arounds reach states already seen): {00} {10 01}
\* {20 11 02} {21 12} {22}: depth 5.
EXTENDS Integers, Sequences
CONSTANT S
VARIABLE f
Init == f = [s \in S |-> 0]
Next == \E s \in S : f' = [f EXCEPT ![s] = (@ + 1) % 3]
TypeOK == /\ f \in UNION {[S -> Int]}
          /\ f \in UNION {[S -> Int], [S -> Nat]}
          /\ [r |-> f] \in UNION {[r : [S -> Int]], [r : [S -> STRING]]}
          /\ <<f>> \in UNION {Seq([S -> Nat])}
Bad == (CHOOSE n \in {} : TRUE) = f
====
