--------------------------- MODULE FiniteSetTheorems ---------------------------
(***************************************************************************)
(* The TLAPS library module of facts about finite sets and their           *)
(* cardinalities. Its theorems and their proofs are for TLAPS; a model     *)
(* checker loads it for the modules it extends, so that a specification    *)
(* extending it (for its proofs) runs unchanged.                           *)
(***************************************************************************)
EXTENDS FiniteSets, Functions
================================================================================
