---- MODULE Labels2 ----
\* Action labels of TLC's Tool.getActionsAppl for definitions applied to arguments that are not
\* constant: such an application is an action itself, named after the definition it applies
\* (without parameters, which are bound in its body, not where it is applied) and located at the
\* application; an application to constant arguments, or to none, is looked through, and the
\* last definition on the way names the action.
\* x goes 0 -> 1 (B: Inc(x), x not constant: <Inc at "Inc(x)">), 1 -> 6 (\E i \in {5} : A(i)
\* looks through A(5); Set(i + x) reads x: <Set at "Set(i + x)">), 6 -> 10 (C, D(1), then E, each
\* looked through: <E at E's body>), violating Inv. Generated 4, distinct 4.
EXTENDS Naturals
VARIABLE x
Init == x = 0
Inc(v) == v = 0 /\ x' = v + 1
B == Inc(x)
Set(v) == x = 1 /\ x' = v
A(i) == Set(i + x)
E == x = 6 /\ x' = 10
D(n) == E
C == D(1)
Next == \/ B
        \/ \E i \in {5} : A(i)
        \/ C
Inv == x # 10
====
