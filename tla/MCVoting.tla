------------------------------ MODULE MCVoting ------------------------------
(***************************************************************************)
(* Model of Voting: 3 acceptors, 2 values, ballots 0..2, majority quorums. *)
(* MCVoting.cfg checks the invariants and the refinement of Consensus.     *)
(***************************************************************************)
EXTENDS Voting

ASSUME QuorumsIntersect
=============================================================================
