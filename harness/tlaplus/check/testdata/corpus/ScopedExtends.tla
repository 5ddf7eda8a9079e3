---- MODULE ScopedExtends ----
\* Steps extended: its constant Limit and its definitions are this module's too, so the
\* configuration's [Steps] and [StepSize] entries replace them here as well. Each state but the
\* last has one successor and the last none (deadlock checking is off):
\* ScopedExtends.cfg (Limit = [Steps] 5, Step = [StepSize] 2): 0, 2, 4 (6 > 5); generated 1 + 2
\* = 3, distinct 3, depth 3.
\* ScopedExtendsBump.cfg (Limit = 20, Bump <- [Steps] Triple, 3v + 1): 0, 1, 4, 13 (40 > 20);
\* generated 1 + 3 = 4, distinct 4, depth 4, and the invariant Small holds.
\* ScopedExtendsBad.cfg (Limit = 20, Bump <- [Steps] Far, v + 7): 0, 7, 14, and NotFourteen
\* fails on 14, found expanding 7: generated 3, distinct 3, depth 3, 14 still queued.
EXTENDS Steps
Triple(v) == 3 * v + 1
Far(v) == v + 7
Small == n < 20
NotFourteen == n # 14
====
