--------------------------- MODULE MCRaftAsyncReach ---------------------------
(***************************************************************************)
(* Witnesses that MCRaftAsync.cfg's model reaches what it is there for.    *)
(* Each predicate below is one the model MUST violate, in a configuration  *)
(* equal to MCRaftAsync.cfg but for the invariant or property checked, so  *)
(* that the model's "no error" is not bought by bounds that cut off        *)
(* asynchronous writes:                                                    *)
(*                                                                         *)
(*   MCRaftAsyncReachCrash.cfg      NoRestartLosesAWrite: a restart        *)
(*                                  discards a write of the log still on   *)
(*                                  its way to disk;                       *)
(*   MCRaftAsyncReachUncounted.cfg  NoUncountedAck: a leader holds a       *)
(*                                  follower's acknowledgement of an entry *)
(*                                  of its term but does not commit it,    *)
(*                                  its own write of it not yet durable;   *)
(*   MCRaftAsyncReachOwnVote.cfg    NoVoteBeforeOwn: a candidate holds a   *)
(*                                  granted vote but not its own, which is *)
(*                                  not durable yet.                       *)
(***************************************************************************)
EXTENDS MCRaftAsync

\* No restart discards a write of the log that was on its way.
NoRestartLosesAWrite ==
    [][spent'["restart"] > spent["restart"] =>
          \A i \in Server : writes[i] /= << >> => log'[i] = log[i]]_mcVars

\* No leader waits on its own write with a follower's acknowledgement in hand.
NoUncountedAck ==
    ~\E i, j \in Server : \E n \in 1..Len(log[i]) :
        /\ state[i] = Leader
        /\ j /= i
        /\ matchIndex[i][j] >= n
        /\ log[i][n].term = currentTerm[i]
        /\ Len(durable[i].log) < n
        /\ commitIndex[i] < n

\* No candidate holds another server's vote without its own.
NoVoteBeforeOwn ==
    ~\E i, j \in Server :
        /\ state[i] = Candidate
        /\ j /= i
        /\ j \in votesGranted[i]
        /\ i \notin votesGranted[i]
=============================================================================
