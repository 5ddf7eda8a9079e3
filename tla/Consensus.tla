----------------------------- MODULE Consensus ------------------------------
(***************************************************************************)
(* The specification of consensus: a set of values is proposed and at most *)
(* one of them is ever chosen. This is the top of the refinement chain      *)
(* Consensus <- Voting <- Paxos of spec/paxos.md, in the structure of       *)
(* Lamport's Paxos lectures: Voting.tla refines this module and Paxos.tla   *)
(* refines Voting.tla.                                                      *)
(***************************************************************************)
EXTENDS Naturals, FiniteSets

CONSTANT Value

VARIABLE chosen

TypeOK == /\ chosen \subseteq Value
          /\ IsFiniteSet(chosen)

Init == chosen = {}

\* A value can be chosen only while none is.
Next == /\ chosen = {}
        /\ \E v \in Value : chosen' = {v}

Spec == Init /\ [][Next]_chosen

\* Checks PAXOS-9.
AtMostOneChosen == Cardinality(chosen) <= 1

Inv == TypeOK /\ AtMostOneChosen
=============================================================================
