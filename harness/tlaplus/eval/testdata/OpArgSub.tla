---- MODULE OpArgSub ----
\* Instantiated by instances.txt: a subexpression name passed as an operator argument in a
\* module other than the root.
EXTENDS Naturals
CONSTANT K
COp == LET a ++ b == <<a, b, K>> IN 0
Apply2(F(_, _), x, y) == F(x, y)
Triple == Apply2(COp!++, 1, 2)
====
