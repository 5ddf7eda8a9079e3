---- MODULE TLCGetSet ----
\* TLCGet and TLCSet as TLC answers them. x counts from 0 to 5: generated 6, distinct 6, depth
\* 6, and TLCGet("level") is x + 1 on every state (initial states are on level 1; it is 0 in an
\* ASSUME). Register 1, set by an assumption, is seen by every worker; register 2, set by the
\* action, by the invariant checked on the successor it made. TLCSet("exit", TRUE) (Stop, with
\* TLCGetSetExit.cfg) ends the run early, without an error.
EXTENDS Naturals, TLC
VARIABLE x
ASSUME TLCGet("level") = 0
ASSUME TLCSet(1, 100)
Init == x = 0
Next == x < 5 /\ x' = x + 1 /\ TLCSet(2, x + 1)
Inv == /\ TLCGet(1) = 100
       /\ x > 0 => TLCGet(2) = x
       /\ TLCGet("level") = x + 1
       /\ TLCGet("config").mode = "bfs"
       /\ TLCGet("stats").distinct <= 6
Post == /\ TLCGet("stats") = [generated |-> 6, distinct |-> 6, diameter |-> 6, queue |-> 0,
                              duration |-> TLCGet("duration")]
        /\ TLCGet("config").deadlock = FALSE
        /\ TLCGet("config").worker = 1
Stop == x' = x + 1 /\ (x = 3 => TLCSet("exit", TRUE))
====
