---- MODULE InvEval ----
\* Inv cannot be evaluated at x = 2, the third state: 2 = {} compares an integer with a set.
EXTENDS Integers
VARIABLE x
Init == x = 0
Next == x' = x + 1
Inv == x < 2 \/ x = {}
====
