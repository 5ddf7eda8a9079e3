----------------------------- MODULE MCSession -----------------------------
(***************************************************************************)
(* Models of Session.tla: a bound on the log's length, and the symmetry of *)
(* clients and of replicas (neither is named in the log or the tables).    *)
(***************************************************************************)
EXTENDS Session

CONSTANTS MaxLog,   \* the longest log explored
          MaxSnaps  \* the most indices snapshotted

LogBound == Len(log) <= MaxLog /\ Cardinality(DOMAIN snaps) <= MaxSnaps

Symmetry == Permutations(Client) \cup Permutations(Replica)
=============================================================================
