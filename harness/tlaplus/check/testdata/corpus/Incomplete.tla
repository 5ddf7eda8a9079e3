---- MODULE Incomplete ----
\* Next leaves y unassigned: an error naming the action and the variable.
EXTENDS Naturals
VARIABLES x, y
Init == x = 0 /\ y = 0
Next == x' = 1
====
