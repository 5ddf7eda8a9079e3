---- MODULE WrongLevel ----
\* Definitions of every level, for the configurations that name one where TLC wants another: an
\* INVARIANT, CONSTRAINT or VIEW must be a state predicate, an ACTION_CONSTRAINT an action, a
\* SYMMETRY or POSTCONDITION a constant, and a PROPERTY not a bare action. Each is a load error
\* naming the configuration line (TestLevelErrors); none is evaluated.
EXTENDS Naturals
VARIABLE x
Init == x = 0
Next == x < 2 /\ x' = x + 1
Step == x' = x + 1
Always == [](x < 5)
Small == x < 5
Below(n) == x < n
====
