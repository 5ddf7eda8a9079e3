-------------------------- MODULE MCFlexiblePaxos ---------------------------
(***************************************************************************)
(* Flexible Paxos: quorums of different sizes for the two phases suffice   *)
(* as long as every phase-1 quorum meets every phase-2 quorum. Here 3      *)
(* acceptors with Q1 = 3 and Q2 = 1 (3 + 1 > 3): one vote chooses a value, *)
(* and a new proposer must hear from every acceptor.                        *)
(***************************************************************************)
EXTENDS Paxos

ASSUME V!QuorumsIntersect
=============================================================================
