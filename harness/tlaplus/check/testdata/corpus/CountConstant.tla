---- MODULE CountConstant ----
\* TLC evaluates a zero-arity definition of constant level once, when it starts
\* (SpecProcessor.processConstantDefns), and successor enumeration then uses its value: a
\* reference to it is one guard, however its body is written. A definition that reads the
\* state is expanded and enumerated.
\* Hand count, NEXT NextConstant: Guard is TRUE, one successor per state: 1 + 1 + 1 = 3
\* generated, 2 distinct, depth 2. (Expanding Guard would give its two witnesses, i = 2 and
\* i = 3: 1 + 2 + 2 = 5.)
\* Hand count, NEXT NextState: StateGuard's witnesses are i > x: 3 from x = 0 (i = 1, 2, 3) and
\* 2 from x = 1 (i = 2, 3): 1 + 3 + 2 = 6 generated, 2 distinct, depth 2.
EXTENDS Naturals
VARIABLE x
Guard == \E i \in 1..3 : i > 1
StateGuard == \E i \in 1..3 : i > x
Init == x = 0
NextConstant == Guard /\ x' = 1 - x
NextState == StateGuard /\ x' = 1 - x
====
