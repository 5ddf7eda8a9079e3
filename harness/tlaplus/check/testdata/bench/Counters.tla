---- MODULE Counters ----
\* The simple spec of BenchmarkSimpleSpec, the kind of spec TLC's reference throughput is
\* measured on: three counters modulo N, one of them incremented per step.
\*
\* Hand count. The only initial state is x = y = z = 0, and every (x, y, z) in (0 .. N-1)^3 is
\* reachable, so there are N^3 distinct states. Every state has exactly three successors (one
\* per counter, never equal to the state itself when N > 1), and TLC counts the initial state as
\* generated: 3 * N^3 + 1 states generated. The state (a, b, c) is first reached after a + b + c
\* steps (wrapping from N-1 to 0 never reaches a state sooner), so the BFS levels are the sums
\* 0 .. 3 * (N-1) and the depth, counting the initial state as depth 1 as TLC does, is
\* 3 * (N-1) + 1. The level of sum s holds as many states as there are ways to write s as
\* a + b + c with 0 <= a, b, c < N: wide levels, so parallel workers have work.
\*
\* With N = 100 (Counters.cfg): 1,000,000 distinct states, 3,000,001 generated, depth 298;
\* the widest levels (sums 148 and 149) hold 7,500 states each.
EXTENDS Naturals
CONSTANT N
VARIABLES x, y, z
vars == <<x, y, z>>

Init == x = 0 /\ y = 0 /\ z = 0
IncX == x' = (x + 1) % N /\ UNCHANGED <<y, z>>
IncY == y' = (y + 1) % N /\ UNCHANGED <<x, z>>
IncZ == z' = (z + 1) % N /\ UNCHANGED <<x, y>>
Next == IncX \/ IncY \/ IncZ
Spec == Init /\ [][Next]_vars

Inv == x + y + z >= 0
====
