---- MODULE PrimedArg ----
\* Actions that reach the variable they assign through an operator parameter or a zero-arity
\* definition, as TLC's getPrimedVar follows them: Set(x', x) assigns x', Keep(y) == y' = y assigns
\* y', and xNext == x' is x' itself.
\* x steps 0 -> 1 -> 2 -> 0 through Set (Next's first disjunct, x < 2) or Wrap (x = 2), y is
\* unchanged: 3 states, each with one successor. Generated 1 + 3 = 4, distinct 3, depth 3.
EXTENDS Naturals
VARIABLES x, y
Set(new, old) == new = old + 1
Keep(v) == v' = v
xNext == x'
Init == x = 0 /\ y = 7
Next == \/ x < 2 /\ Set(x', x) /\ Keep(y)
        \/ x = 2 /\ xNext = 0 /\ UNCHANGED y
====
