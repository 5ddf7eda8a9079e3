--------------------------- MODULE MCLamportClock ---------------------------
(***************************************************************************)
(* Model-checking wrapper for LamportClock: the history is cut off at      *)
(* MaxEvents events. MCLamportClock.cfg: two processes, five events.       *)
(***************************************************************************)
EXTENDS LamportClock

CONSTANT MaxEvents

MCConstraint == Len(events) <= MaxEvents
=============================================================================
