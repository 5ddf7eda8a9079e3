------------------------------- MODULE MCHLC -------------------------------
(***************************************************************************)
(* Model-checking wrapper for HLC: histories are cut off at MaxEvents      *)
(* events and physical clocks at MaxTime. MCHLC.cfg: two processes,        *)
(* Epsilon 1, physical time from 1 to 3, three events.                     *)
(***************************************************************************)
EXTENDS HLC

CONSTANTS MaxEvents, MaxTime

MCConstraint ==
    /\ Len(events) <= MaxEvents
    /\ \A p \in Proc : pt[p] <= MaxTime
=============================================================================
