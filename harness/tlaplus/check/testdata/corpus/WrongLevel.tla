---- MODULE WrongLevel ----
\* Definitions of every level, for the configurations that name one where TLC wants another: an
\* INVARIANT, CONSTRAINT or VIEW must be a state predicate, an ACTION_CONSTRAINT an action, a
\* SYMMETRY or POSTCONDITION a constant, a PROPERTY not a bare action, a SPECIFICATION no action
\* outside [][A]_v (Unboxed). Each is a load error at the configuration line (TestLevelErrors).
EXTENDS Naturals
VARIABLE x
Init == x = 0
Next == x < 2 /\ x' = x + 1
Step == x' = x + 1
Always == [](x < 5)
Small == x < 5
Below(n) == x < n
Unboxed == Init /\ Next
====
