---- MODULE Fair ----
\* x climbs by Step(x, 2) while x < N; w stays Who. The configurations give Step by an operator
\* override (Step(_, _) <- Plus), Who as a model value (alice) and the behavior by a
\* SPECIFICATION with a fairness conjunct, which only matters for liveness: it is dropped, and
\* nothing is reported as not checked (fairness is a property of the spec, not a PROPERTY).
\* Fair.cfg (N = 5): x = 0, 2, 4, 6; 6 has no successor (deadlock checking off): generated 4,
\* distinct 4, depth 4.
\* FairInvariant.cfg: Below4 fails at x = 4, found expanding 2: generated 1 + 1 + 1 = 3, distinct
\* 3, depth 3, none left on the queue (x = 4 is not queued); trace 0, 2, 4 with w = alice throughout.
EXTENDS Naturals
CONSTANTS Step(_, _), N, Who
VARIABLES x, w
vars == <<x, w>>
Plus(a, b) == a + b
Init == x = 0 /\ w = Who
Next == x < N /\ x' = Step(x, 2) /\ w' = w
Spec == Init /\ [][Next]_vars /\ WF_vars(Next)
Below4 == x < 4
====
