---------------------------- MODULE MCMultiPaxos ----------------------------
(***************************************************************************)
(* Model of MultiPaxos: 3 acceptors, 2 replicas, 2 commands, ballots 0..1 *)
(* (one leader change), 2 slots, majority quorums. Acceptors, replicas and *)
(* commands are interchangeable, so the model is checked up to symmetry    *)
(* (sound here: MCMultiPaxos.cfg checks invariants only).                  *)
(***************************************************************************)
EXTENDS MultiPaxos, TLC

Symmetry == Permutations(Acceptor) \cup Permutations(Replica) \cup Permutations(Value)

ASSUME \A Q1 \in Quorum1, Q2 \in Quorum2 : Q1 \cap Q2 # {}
=============================================================================
