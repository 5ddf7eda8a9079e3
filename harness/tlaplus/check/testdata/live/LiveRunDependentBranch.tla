---- MODULE LiveRunDependentBranch ----
\* TLC evaluates a temporal property's state predicates on a state's successors once all of them
\* are generated and queued (LiveCheck.addNextState after ModelChecker.doNext has queued them),
\* not as each is generated. x = 0 has the successors 1 and 2: when x = 1 is reached the queue
\* holds 1 and 2, and when x = 1 is expanded it holds 2 and 3, so QueueTwo holds; read as the
\* step to x = 1 is generated, before x = 2 is queued, it would be 1. (Not []P: a PROPERTY []P,
\* P a state predicate, is checked as an invariant when the state is generated, as TLC does.)
EXTENDS Naturals, TLC
VARIABLE x
Init == x = 0
Next == \/ x = 0 /\ x' \in {1, 2}
        \/ x = 1 /\ x' = 3
Spec == Init /\ [][Next]_x
QueueTwo == [](x = 1 => [](x = 1 => TLCGet("queue") = 2))
====
