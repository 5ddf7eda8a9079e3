--------------------------- MODULE Github1389Loops ---------------------------
\* TLC's regression test Github1389Loops (tlaplus/tlaplus test-model): the
\* property expands bad(FALSE), whose IF takes the ELSE branch, bad(FALSE)
\* again, for ever. TLC overflows Java's stack translating it and exits with
\* EC.SYSTEM_STACK_OVERFLOW, ExitStatus.ERROR (255).
VARIABLE x

RECURSIVE bad(_)
bad(u) == IF u THEN [][TRUE]_x ELSE bad(u)

Spec == x = TRUE /\ [][x' = ~x]_x

Prop == bad(FALSE)
=============================================================================
