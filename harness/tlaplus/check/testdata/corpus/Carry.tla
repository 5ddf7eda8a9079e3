---- MODULE Carry ----
\* The checker evaluates an invariant on a successor only if the step changed a variable the
\* invariant reads (through any chain of definitions); these models fail if it skips one it must
\* evaluate. x counts to 3 (XStep), y to 2 (YStep). BFS levels: {(0,0)}, {(1,0) (0,1)},
\* {(2,0) (1,1) (0,2)}, {(3,0) ...}.
\* CarryX: XSmall, read through Below and a LET, fails at (3,0), the first successor of (2,0),
\*   which is the first state of level 3: generated 1 + 2 + 2 + 2 + 1 = 8, distinct 7 (up to level
\*   3, and (3,0)), left 2 ((1,1), (0,2); TLC does not queue the violating state), depth 4.
\* CarryY: YSmall fails at (0,2), the second successor of (0,1), the last state of level 2
\*   (X-steps, which leave y alone, do not re-evaluate it): generated 1 + 2 + 2 + 2 = 7,
\*   distinct 6, left 2 ((2,0), (1,1)), depth 3.
\* CarryLevel: LevelLow reads no variable but TLCGet("level"), so it is evaluated on every
\*   state; it fails at level 4, at (3,0), with CarryX's numbers.
EXTENDS Naturals, TLC
VARIABLES x, y
Init == x = 0 /\ y = 0
XStep == x < 3 /\ x' = x + 1 /\ y' = y
YStep == y < 2 /\ y' = y + 1 /\ x' = x
Next == XStep \/ YStep
Below(v, n) == LET w == v IN w < n
XSmall == Below(x, 3)
YSmall == y < 2
LevelLow == TLCGet("level") < 4
====
