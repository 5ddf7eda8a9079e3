---- MODULE CountAssigned ----
\* Once an action has assigned every variable, TLC evaluates its remaining conjuncts as booleans
\* instead of enumerating them (Tool.getNextStates0), so they add no successors; before that
\* they are enumerated.
\* Hand count, NEXT NextAfter (x' assigned first, then \E with 3 witnesses): 1 successor per
\* state: 1 + 1 + 1 = 3 generated, 2 distinct, depth 2. (Enumerating the \E would give 1 + 3 + 3
\* = 7.)
\* Hand count, NEXT NextBefore (\E first): 3 successors per state: 1 + 3 + 3 = 7 generated.
\* Hand count, NEXT NextPartly (two variables, y' still unassigned at the \E): 2 successors per
\* state: 1 + 2 + 2 = 5 generated, 2 distinct, depth 2.
EXTENDS Naturals
VARIABLES x, y
Init == x = 0 /\ y = 0
NextAfter == /\ x' = 1 - x
             /\ y' = y
             /\ \E i \in {1, 2, 3} : TRUE
NextBefore == /\ \E i \in {1, 2, 3} : TRUE
              /\ x' = 1 - x
              /\ y' = y
NextPartly == /\ x' = 1 - x
              /\ \E i \in {1, 2} : TRUE
              /\ y' = y
====
