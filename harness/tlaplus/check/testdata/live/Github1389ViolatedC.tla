--------------------------- MODULE Github1389ViolatedC ---------------------------
\* TLC's regression test Github1389ViolatedC (tlaplus/tlaplus test-model), its comments
\* shortened: PropViolated is violated by a two-state cycle x = 0 -> x = v -> x = 0, v in 1..98,
\* which the POSTCONDITION asserts; by hand: 1 + 100 * 100 = 10001 generated, 100 distinct,
\* depth 2.
EXTENDS Naturals, FiniteSets, TLCExt

VARIABLE x

RECURSIVE Reach(_)
Reach(n) == IF n = 0 THEN (x = 99) ELSE <>(Reach(n - 1))

Init == x = 0
Next == x' \in 0..99
Spec == Init /\ [][Next]_x /\ WF_x(Next)

PropViolated == Reach(3)

PostCondition ==
    LET S == CounterExample.state
        A == CounterExample.action
        s2v == LET t == CHOOSE t \in S : t[1] = 2 IN t[2].x
    IN
    /\ Cardinality(S) = 2
    /\ Cardinality(A) = 2
    /\ <<1, [x |-> 0]>> \in S
    /\ <<2, [x |-> s2v]>> \in S
    /\ s2v \in 1..98
    /\ \A a \in A : a[2].name = "Next"
    /\ \E a \in A : a[1] = <<1, [x |-> 0]>> /\ a[3] = <<2, [x |-> s2v]>>
    /\ \E a \in A : a[1] = <<2, [x |-> s2v]>> /\ a[3] = <<1, [x |-> 0]>>
==================================================================
