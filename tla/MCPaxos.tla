------------------------------ MODULE MCPaxos -------------------------------
(***************************************************************************)
(* Model of Paxos: 3 acceptors, 2 values, ballots 0..2, majority quorums   *)
(* (the public default model uses one acceptor, too small to mean much).   *)
(* MCPaxos.cfg checks the invariants and the refinement of Voting.         *)
(***************************************************************************)
EXTENDS Paxos

ASSUME V!QuorumsIntersect
=============================================================================
