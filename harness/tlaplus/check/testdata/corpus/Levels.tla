---- MODULE Levels ----
\* TLCGet("level") is the level of the state being evaluated: x = 0 is on level 1, and Inc
\* keeps x + 1 equal to the level of the state it leaves. The CONSTRAINT TLCGet("level") < 4
\* keeps levels 1..3 (x = 0, 1, 2); x = 3 is generated on level 4 but not kept.
\* Generated 1 + 3 = 4, distinct 3, depth 3; the invariant LevelMatches holds throughout.
\* As in TLC, the initial predicate is on level 0 (so x starts at 0), and the ACTION_CONSTRAINT
\* StepLevel sees the level of the state a step leaves.
EXTENDS Naturals, TLC
VARIABLE x
Init == x = TLCGet("level")
Inc == x + 1 = TLCGet("level") /\ x' = x + 1
Next == Inc
Shallow == TLCGet("level") < 4
StepLevel == TLCGet("level") = x + 1
LevelMatches == x + 1 = TLCGet("level")
====
