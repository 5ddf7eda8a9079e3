--------------------------- MODULE MCVectorClock ---------------------------
(***************************************************************************)
(* Model-checking wrapper for VectorClock: the history is cut off at       *)
(* MaxEvents events. MCVectorClock.cfg: two processes, five events.        *)
(***************************************************************************)
EXTENDS VectorClock

CONSTANT MaxEvents

MCConstraint == Len(events) <= MaxEvents
=============================================================================
