---- MODULE Monolith ----
\* A monolithic spec, as TLC reads one: the root module first, then a module it extends (written
\* in the same file, after it) and its configuration as a CONFIG block.
\* x steps from 0 to Limit = 2 and stops (deadlock checking is off): generated 3, distinct 3,
\* depth 3.
EXTENDS MonolithBase
VARIABLE x
Init == x = 0
Next == x < Limit /\ x' = x + 1
====

Text between the modules, which is ignored.

---- MODULE MonolithBase ----
EXTENDS Naturals
Limit == 2
====

---- CONFIG Monolith ----
INIT Init
NEXT Next
CHECK_DEADLOCK FALSE
====
