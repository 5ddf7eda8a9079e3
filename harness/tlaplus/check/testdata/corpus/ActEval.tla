---- MODULE ActEval ----
\* Step fails to evaluate on the step x = 1 to x = 2 (x < 1 is FALSE): 2 # {} compares an integer with a set.
EXTENDS Integers
VARIABLE x
Init == x = 0
Next == x' = x + 1
Step == [][x < 1 \/ x' # {}]_x
====
