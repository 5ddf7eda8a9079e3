---- MODULE ScopedInstance ----
\* x follows Steps through an instance with Limit 6. Each state but the last has one successor,
\* the last none (deadlock checking is off), so generated = distinct = depth = the number of
\* values x takes:
\* ScopedInstance.cfg (no override, Step 1): 0, 1, ..., 6: 7 states.
\* ScopedInstanceStep.cfg (Step <- [Steps] Two): 0, 2, 4, 6: 4 states.
\* ScopedInstanceValue.cfg (Step = [StepSize] 3): 0, 3, 6: 3 states.
\* ScopedInstanceBump.cfg (Bump <- [Steps] Double, 2v + 1): 0, 1, 3 (7 > 6): 3 states.
\* None of Step, Bump, Two or Double is a definition of this module seen by S: only the [Steps]
\* and [StepSize] entries can reach the instance's Step and Bump.
EXTENDS Naturals
VARIABLE x
S == INSTANCE Steps WITH n <- x, Limit <- 6
Two == 2
Double(v) == 2 * v + 1
Init == S!Init
Next == S!Next
====
