---- MODULE TwoCounters ----
\* BenchmarkLivePrefix's model: two counters to 250, each step raises one of them, so
\* 251 * 251 = 63,001 distinct states, 1 + 2 * 250 * 251 = 125,501 generated (every state
\* but (250, 250) has one successor per counter below 250), depth 501; without deadlock
\* checking. Prop == [](a > 5 => [](a > 3)) holds (a never decreases), and its tableau has an
\* accepting node with a branch without fairness conditions, so the search runs the
\* finite-prefix tracker (liveprefix.go) on every state.
EXTENDS Naturals
VARIABLES a, b
Init == a = 0 /\ b = 0
Next == \/ a < 250 /\ a' = a + 1 /\ b' = b
        \/ b < 250 /\ b' = b + 1 /\ a' = a
Spec == Init /\ [][Next]_<<a, b>>
Prop == [](a > 5 => [](a > 3))
====
