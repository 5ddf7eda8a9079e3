---- MODULE BadOrder ----
\* Next reads x' before assigning it: an error naming the action and the variable.
EXTENDS Naturals
VARIABLES x, y
Init == x = 0 /\ y = 0
Next == y' = x' /\ x' = 1
====
