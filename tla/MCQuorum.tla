------------------------------ MODULE MCQuorum ------------------------------
(***************************************************************************)
(* Model-checking wrapper for Quorum. MCQuorum.cfg: counting systems of up *)
(* to 5 members, grids of up to 6, weighted systems of up to 3 members     *)
(* with 1..2 votes each, joint majorities over subsets of 4 members.       *)
(***************************************************************************)
EXTENDS Quorum
=============================================================================
