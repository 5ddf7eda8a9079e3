---- MODULE LiveRunDependent ----
\* TLC's trace-validation idiom: Matched reads TLCGet("queue"), whose value depends on how far
\* TLC's search has got when it evaluates the property's state predicates; the checker does not
\* reproduce that order, so it reports Matched as not checked (exit code 3) rather than passed.
\* Eventually2 is checked as usual. x counts 0, 1, 2 and stops: generated 3, distinct 3, depth 3.
EXTENDS Naturals, TLC
VARIABLE x
Init == x = 0
Next == x < 2 /\ x' = x + 1
Spec == Init /\ [][Next]_x /\ WF_x(Next)
Matched == [](x < 2 => [](TLCGet("queue") > 0 \/ x = 2))
Eventually2 == <>(x = 2)
====
