---- MODULE OverrideShared ----
\* x counts up through an instance of OverrideCounter, which stops at Max. OverrideBase's Max is
\* the root's Max too (both extend OverrideBase), so the entry Max <- MCMax replaces it inside the
\* instance as well, as TLC does (it attaches the replacement to the shared definition).
\* OverrideShared.cfg (no entry, Max 2): 0, 1, 2 and no successor of 2 (deadlock checking is
\* off): generated 3, distinct 3, depth 3.
\* OverrideSharedMax.cfg (Max <- MCMax, 5): 0, 1, 2, 3, and 3 violates Small; generated 4,
\* distinct 4, depth 4, and none is left on the queue (3 violates Small and is not queued).
\* OverrideSharedValue.cfg (Max = 4): the same violation.
EXTENDS Naturals, OverrideBase
VARIABLE x
C == INSTANCE OverrideCounter WITH c <- x
Init == x = 0
Next == C!Inc
Small == x <= 2
MCMax == 5
====
