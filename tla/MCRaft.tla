------------------------------- MODULE MCRaft -------------------------------
(***************************************************************************)
(* Model-checking wrapper for Raft: finite bounds on terms, log length and *)
(* messages in flight, and symmetry over servers. MCRaft.cfg is the small  *)
(* CI model; MCRaftLarge.cfg is the documented longer run.                 *)
(***************************************************************************)
EXTENDS Raft, TLC

CONSTANTS MaxTerm,         \* no server's term exceeds this
          MaxLogLen,       \* no log grows longer than this
          MaxMessages,     \* at most this many distinct messages in flight
          MaxCopies        \* at most this many copies of one message (duplication)

MCSymmetry == Permutations(Server)

MCConstraint ==
    /\ \A i \in Server : currentTerm[i] <= MaxTerm
    /\ \A i \in Server : Len(log[i]) <= MaxLogLen
    /\ Cardinality(DOMAIN messages) <= MaxMessages
    /\ \A m \in DOMAIN messages : messages[m] <= MaxCopies

=============================================================================
