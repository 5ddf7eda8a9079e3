---- MODULE Assume ----
\* ASSUME N > 5 is false for N = 3: exit code 10 before any state is generated.
EXTENDS Naturals
CONSTANT N
ASSUME N > 5
VARIABLE x
Init == x = N
Next == UNCHANGED x
====
