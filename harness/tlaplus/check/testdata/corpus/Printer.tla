---- MODULE Printer ----
\* Print output reaches Options.Print: the single initial state prints its value once, and Next
\* (a stutter) prints nothing.
EXTENDS TLC
VARIABLE x
Init == x = PrintT(<<"init", 7>>) /\ x = TRUE
Next == UNCHANGED x
====
