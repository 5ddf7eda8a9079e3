---- MODULE BadInit ----
\* Init reads x through Succ before x = 0 binds it: an error naming the variable.
EXTENDS Naturals
VARIABLES x, y
Succ == x + 1
Init == y = Succ /\ x = 0
Next == y' = x' /\ x' = 1
====
