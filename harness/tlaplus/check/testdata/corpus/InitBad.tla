---- MODULE InitBad ----
\* x starts in 0 .. 3 and Positive fails at once for x = 0, the first initial state in TLC's
\* order: the counterexample is that one state.
EXTENDS Naturals
VARIABLE x
Init == x \in 0 .. 3
Next == UNCHANGED x
Positive == x > 0
====
