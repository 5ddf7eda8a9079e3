---------------------------- MODULE MCMultiPaxos ----------------------------
(***************************************************************************)
(* Model of MultiPaxos: 3 acceptors (also the replicas), 2 commands,       *)
(* ballots 0..1 (one leader change), 2 slots, majority quorums.            *)
(***************************************************************************)
EXTENDS MultiPaxos

ASSUME \A Q1 \in Quorum1, Q2 \in Quorum2 : Q1 \cap Q2 # {}
=============================================================================
