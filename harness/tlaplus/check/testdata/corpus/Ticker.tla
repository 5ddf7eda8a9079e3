---- MODULE Ticker ----
\* x cycles through 0, 1, 2 while c counts steps forever; VIEW x makes the state space finite:
\* views 0, 1, 2 are distinct, and 2 -> 0 hits a seen view. Generated 1 + 3 = 4, distinct 3,
\* depth 3.
EXTENDS Naturals
VARIABLES x, c
Init == x = 0 /\ c = 0
Next == x' = (x + 1) % 3 /\ c' = c + 1
View == x
====
