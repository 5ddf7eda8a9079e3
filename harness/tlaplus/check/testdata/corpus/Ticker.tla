---- MODULE Ticker ----
\* x cycles through 0, 1, 2 while c counts steps forever; VIEW x makes the state space finite:
\* views 0, 1, 2 are distinct, and 2 -> 0 hits a seen view. Generated 1 + 3 = 4, distinct 3,
\* depth 3.
\* TickerAlias.cfg: FewSteps (c < 2) fails at the third state; the trace is printed through
\* ALIAS Alias, a record whose fields are printed instead of the variables (sorted by name, as
\* records are): now = x, later = x' (the next state's x; the last state's own).
\* TickerAliasBad.cfg: the same violation under ALIAS FewSteps, a boolean rather than a record:
\* an error naming the ALIAS, with the verdict kept in the Result.
\* TickerAliasFails.cfg: ALIAS Broken divides by x, which is 0 on the first state: an error.
\* TickerPost.cfg: POSTCONDITION Post holds after the run (3 distinct states, 4 generated);
\* TickerPostBad.cfg: PostBad claims 5 distinct states and fails.
EXTENDS Naturals, TLC
VARIABLES x, c
Init == x = 0 /\ c = 0
Next == x' = (x + 1) % 3 /\ c' = c + 1
View == x
FewSteps == c < 2
Alias == [now |-> x, later |-> x']
Broken == [inverse |-> 1 \div x]
Post == TLCGet("stats").distinct = 3 /\ TLCGet("generated") = 4
PostBad == TLCGet("distinct") = 5
====
