---- MODULE Compose ----
\* Action composition A \cdot B, as TLC evaluates it with -Dtlc2.tool.impl.Tool.cdot=true:
\* Step adds 1 or 2 to c, then Double doubles it. From 0: 1, 2 then 2, 4; from 2: 6, 8; from 4:
\* 10 and 12, but the conjunct after the composition rules out 12; from 6: 14, 16; from 8: 18,
\* 20; c >= 10 stops. Distinct 10 (0, 2, 4, 6, 8, 10, 14, 16, 18, 20), depth 4 (levels {0}
\* {2, 4} {6, 8, 10} {14, 16, 18, 20}). Generated: 1 + 2 + 2 + 1 + 2 + 2 = 10 states, plus, as
\* TLC counts them, the 2 intermediate states of each of the 5 states expanded: 20.
EXTENDS Naturals, TLC
VARIABLE c
ASSUME TLCGet("-Dtlc2.tool.impl.Tool.cdot") = "true"
Init == c = 0
Step == c' \in {c + 1, c + 2}
Double == c' = 2 * c
Next == c < 10 /\ (Step \cdot Double) /\ c' /= 12
====
