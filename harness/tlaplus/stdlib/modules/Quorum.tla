--------------------------------- MODULE Quorum -----------------------------
(***************************************************************************)
(* The community module of quorum systems: a non-empty collection of       *)
(* pairwise intersecting subsets of S, closed under supersets within S.    *)
(***************************************************************************)

QuorumSystem(S) ==
    {QS \in SUBSET (SUBSET S) :
        /\ QS # {}
        /\ \A Q1, Q2 \in QS : Q1 \cap Q2 # {}
        /\ \A Q1, Q2 \in SUBSET S : Q1 \in QS /\ Q1 \subseteq Q2 => Q2 \in QS}
=============================================================================
