----------------------- MODULE MCFlexiblePaxosBroken ------------------------
(***************************************************************************)
(* The mutant of MCFlexiblePaxos: Q1 = 2 and Q2 = 1 over 3 acceptors, so   *)
(* |Q1| + |Q2| = N and a phase-1 quorum can miss the only vote that chose  *)
(* a value. The checker MUST report Consistency violated (two values       *)
(* chosen); the model is kept as a test that expects that violation.       *)
(***************************************************************************)
EXTENDS Paxos

\* Checks FPAXOS-3.
QuorumsDoNotIntersect == ~ V!QuorumsIntersect

ASSUME QuorumsDoNotIntersect
=============================================================================
