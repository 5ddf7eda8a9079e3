---- MODULE Bits ----
\* Successor generation: \E, x' \in S, UNCHANGED, disjunction, a primed variable bound at its first
\* assignment and tested after (x' = x /\ x' \in {0, 1}), IF, CASE and LET inside actions.
\* States: x, y \in {0, 1}: 4 distinct. Every state has 2 successors from SetX, 2 from SetY and
\* 1 from Swap: generated 1 + 4 * 5 = 21. Levels {00}, {10, 01}, {11}: depth 3.
EXTENDS Naturals
VARIABLES x, y
vars == <<x, y>>
Init == x = 0 /\ y = 0
SetX == \E v \in {0, 1} : x' = v /\ UNCHANGED y
SetY == /\ y' \in {0, 1}
        /\ x' = x
        /\ x' \in {0, 1}
Swap == LET t == x IN
        /\ IF x = y THEN x' = t ELSE x' = y
        /\ y' = CASE x = y -> y [] OTHER -> t
Next == SetX \/ SetY \/ Swap
Spec == Init /\ [][Next]_vars
TypeOK == x \in {0, 1} /\ y \in {0, 1}
====
