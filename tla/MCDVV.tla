------------------------------- MODULE MCDVV -------------------------------
(***************************************************************************)
(* Model-checking wrapper for DVV: at most MaxWrites writes and MaxReads   *)
(* distinct reads. MCDVV.cfg: two replicas, three writes, two reads.       *)
(***************************************************************************)
EXTENDS DVV

CONSTANTS MaxWrites, MaxReads

MCConstraint ==
    /\ Len(overwrote) <= MaxWrites
    /\ Cardinality(reads) <= MaxReads
=============================================================================
