--------------------------- MODULE Github1389StateGuard ---------------------------
\* TLC's regression test Github1389StateGuard (tlaplus/tlaplus test-model): op's
\* parameter is bound to the variable x, so the condition n = 0 is not constant
\* and both branches are expanded, op(n - 1) for ever: EC.SYSTEM_STACK_OVERFLOW,
\* ExitStatus.ERROR (255), as for Github1389Loops.
EXTENDS Naturals

VARIABLE x

RECURSIVE op(_)
op(n) == IF n = 0 THEN <>(x = 0) ELSE op(n - 1)

Init == x = 0
Next == x' \in 0..3
Spec == Init /\ [][Next]_x

Prop == op(x)
==================================================================
