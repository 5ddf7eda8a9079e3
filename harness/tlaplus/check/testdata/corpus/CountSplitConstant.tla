---- MODULE CountSplitConstant ----
\* TLC splits the next-state relation into actions once, when it starts (Tool.getActions): the
\* set of an \E met on the way down to an action, when constant, is evaluated then, and every
\* state's successors bind its elements. A random choice in it is made once for the whole run.
\* Hand count, NEXT Next: the set is {r} for one r in 1..1000, chosen when the relation is
\* split. From x = 0 and from x = r the successor is x = r: 1 + 1 + 1 = 3 generated, 2
\* distinct, depth 2. (Choosing anew in every state would find a new r from almost every
\* state.)
EXTENDS Naturals, TLC
VARIABLE x
Init == x = 0
Next == \E v \in {RandomElement(1..1000)} : x' = v
====
