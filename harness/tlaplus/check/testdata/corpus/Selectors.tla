---- MODULE Selectors ----
\* Subexpression names (TLA+ 2), which TLC evaluates where a definition uses them: positions
\* (Op!1, Op!<<, Op!>>), labels with arguments (Op!lab(e)), a LET definition (Op!D(e)), a
\* binder's body (Op!(e)), a LET's body, its only operand (Small(x)!1, as SANY has it), a
\* theorem's statement (Thm!:), through an instance (I!Op!lab).
\* x counts from 0 by 1 or 2 while x + d <= 4, each step made by two disjuncts: the states are
\* 0..4, BFS levels {0} {1 2} {3 4}, so depth 3, distinct 5 and generated 1 + 4 + 4 + 4 + 2 = 15
\* (nothing leaves 4). In SelectorsBad.cfg the invariant Below3 (Bound(3)!lab(0), x + 0 < 3)
\* fails at x = 3: generated 1 (x = 0), 4 from 0 (1, 1, 2, 2), then from 1 the two steps to 2 and
\* both to 3, one action of TLC's (d = 2) whose successors TLC counts together: 9.
EXTENDS Naturals
VARIABLE x
I == INSTANCE SelectorsBase
TypeOK == /\ x \in Nat
          /\ x <= 4
Step(d) == /\ x + d <= 4
           /\ bump:: x' = x + d
Next == \E d \in {1, 2} : Step(d)!1 /\ (I!Move(d)!go \/ Step(d)!2)
Init2 == \A y \in {0} : x = y
Init == Init2!(0)
THEOREM Bounded == x <= 4
Small(n) == LET Twice(k) == 2 * k IN \A k \in {n} : Twice(k) <= 8
Bound(n) == \E y \in {0} : lab(y):: x + y < n
Inv == /\ TypeOK!2 /\ TypeOK!<< /\ Bounded!: /\ Small(x)!Twice(x) <= 8 /\ Small(x)!1!(x)
       /\ Bound(5)!lab(0)!<<!<< = x
Below3 == Bound(3)!lab(0)
====

---- MODULE SelectorsBase ----
EXTENDS Naturals
VARIABLE x
Move(d) == \/ go:: x' = x + d
====
