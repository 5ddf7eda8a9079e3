--------------------------- MODULE SequenceTheorems ----------------------------
(***************************************************************************)
(* The TLAPS library module of facts about sequences and their operators.  *)
(* Its theorems and their proofs are for TLAPS; a model checker loads it   *)
(* for the modules it extends, so that a specification extending it (for   *)
(* its proofs) runs unchanged.                                             *)
(***************************************************************************)
EXTENDS Sequences, Functions
================================================================================
