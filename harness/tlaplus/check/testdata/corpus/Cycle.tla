---- MODULE Cycle ----
\* n cycles through 0 .. Mod-1. With Mod = 4, n % 2 flips on every step, so Cycle refines Parity
\* under p <- n % 2: generated 1 + 4 = 5, distinct 4, depth 4.
\* With Mod = 3 the step 2 -> 0 maps to 0 -> 0, a stutter, which [][Next]_p allows; but the map
\* Bad (p <- n) sends 1 -> 2 to p: 1 -> 2, which is neither a Parity step nor a stutter: the
\* property fails on the third state (trace 0, 1, 2); generated 3, distinct 3, 0 left on queue (2 is not queued).
\* Live, <>(n = 1), fails: Spec has no fairness, so it allows the behavior that stays at n = 0
\* for ever (the initial state, then stuttering).
\* StartsAtOne, a state predicate as a PROPERTY, is checked on the initial states only (TLC's
\* implied-inits) and is false in the only one: generated 1, distinct 1.
EXTENDS Naturals
CONSTANT Mod
VARIABLE n
Init == n = 0
Next == n' = (n + 1) % Mod
Spec == Init /\ [][Next]_n
P == INSTANCE Parity WITH p <- n % 2
Bad == INSTANCE Parity WITH p <- n
Refines == P!Spec
RefinesBad == Bad!Spec
Live == <>(n = 1)
StartsAtOne == n = 1
====
