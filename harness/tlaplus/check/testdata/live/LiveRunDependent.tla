---- MODULE LiveRunDependent ----
\* TLC's trace-validation idiom: Matched reads TLCGet("queue"), whose value depends on how far
\* TLC's search has got when it evaluates the property's state predicates: when a state is
\* expanded, after its new successors are queued (LiveCheck.addNextState), and for an initial
\* state when it is queued (addInitState). x counts 0, 1, 2 and stops: generated 3, distinct 3,
\* depth 3. The state x = 2 is expanded last, with nothing queued: Matched holds (x reaches 2),
\* Unmatched does not (x never reaches 3, and the queue is empty at x = 2). MatchedOne holds only
\* if the queue is read after the state's successor is queued (1 at x = 0 and x = 1, 0 at x = 2),
\* not before (0 at each). Eventually2 is checked as usual.
EXTENDS Naturals, TLC
VARIABLE x
Init == x = 0
Next == x < 2 /\ x' = x + 1
Spec == Init /\ [][Next]_x /\ WF_x(Next)
Matched == [](x < 2 => [](TLCGet("queue") > 0 \/ x = 2))
MatchedOne == [](x < 2 => [](TLCGet("queue") = 1 \/ x = 2))
Unmatched == [](x < 3 => [](TLCGet("queue") > 0 \/ x = 3))
Eventually2 == <>(x = 2)
====
