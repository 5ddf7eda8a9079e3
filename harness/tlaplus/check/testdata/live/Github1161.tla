---------------------------- MODULE Github1161 ----------------------------
\* TLC's regression tests Github1161 and Github1161Violated (tlaplus/tlaplus test-model), their
\* comments shortened. Each property goes through a definition of the instance abs applied to
\* arguments, which TLC does not expand inside the instance (processConfigProps: subs is not
\* empty), so each is a temporal property. Github1161.cfg: no error; by hand, s goes round
\* 0..8: 10 generated, 9 distinct, depth 9. Github1161Violated.cfg: TLC expects
\* "Temporal property PropertyViolated was violated" (RecViolated(5) is FALSE), found while
\* searching, with the states s = 0 to s = 5 and exit status 12 (VIOLATION_SAFETY).
EXTENDS Naturals
VARIABLE s

CONSTANT Op(_)
CONSTANT Op2(_)

abs == INSTANCE Github1161Abstract

Init == s = 0

Next == IF s < 8 THEN s' = s + 1 ELSE s' = 0

SPEC == Init /\ [][Next]_s

Test(e) == TRUE

Test2(e) == e \in 0..8

RECURSIVE RecOp(_)
RecOp(n) == IF n = 0 THEN TRUE ELSE RecOp(n - 1)

Property == abs!Property(Test, s)

Double == abs!Double(Test, s)

StateProperty == abs!DoubleStateProp(s)

PropertyF == abs!Double(Test2, s)

PropertyH == abs!Double(RecOp, s)

PropertyG == abs!Double(Op, s)

PropertyE == abs!Double(abs!Test3, s)

RECURSIVE RecViolated(_)
RecViolated(n) == IF n = 5 THEN FALSE ELSE IF n = 0 THEN TRUE ELSE RecViolated(n - 1)
PropertyViolated == abs!Double(RecViolated, s)

Tautology == (s = s) ~> (s = s)

==========================================================================

--------------------------- MODULE Github1161Abstract --------------------
EXTENDS Naturals
VARIABLE s
CONSTANT Op2(_)

Init == s = 0

Next == s' \in (0..8)

SPEC == Init /\ [][Next]_s

Property(ns(_), a) == [](ns(a))

Double(ns(_), a) == Property(ns, a)

StateProp(a) == [](a \in 0..8)

DoubleStateProp(a) == StateProp(a)

Test3(e) == TRUE

==========================================================================
