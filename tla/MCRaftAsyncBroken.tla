--------------------------- MODULE MCRaftAsyncBroken ---------------------------
(***************************************************************************)
(* A mutant of asynchronous storage writes, kept as a model that MUST     *)
(* fail (MCRaftAsyncBroken.cfg): a leader counts its own log toward a      *)
(* commit as soon as it appends, before its write is durable               *)
(* (BrokenAdvanceCommitIndex, against RAFT-PERSIST-5). With one follower's *)
(* acknowledgement it commits an entry only that follower holds durably,   *)
(* and a crash of the leader loses its copy: CommittedEntriesNeverLost is *)
(* violated. The Go twin is the planted bug raft/count-unpersisted.        *)
(*                                                                         *)
(* The mutant only adds behaviors to the correct step, so its next-state   *)
(* relation is MCNext or the mutant step.                                  *)
(***************************************************************************)
EXTENDS MCRaftAsync

BrokenAdvanceCommitIndex(i, n) ==
    /\ state[i] = Leader
    /\ n > commitIndex[i]
    /\ n <= Len(log[i])
    /\ log[i][n].term = currentTerm[i]
    /\ IsQuorum({i} \cup {k \in Server : matchIndex[i][k] >= n}, config[i])
    /\ commitIndex' = [commitIndex EXCEPT ![i] = n]
    /\ everCommitted' = everCommitted \cup
          {[index |-> k, term |-> currentTerm[i], entry |-> log[i][k], config |-> config[i]] :
              k \in (commitIndex[i] + 1)..n}
    /\ UNCHANGED <<messages, serverVars, candidateVars, leaderVars, log, snapshotIndex, config, elections, storageVars>>

\* The next-state relation of the mutant (NEXT in MCRaftAsyncBroken.cfg).
BrokenAsyncNext ==
    \/ MCNext
    \/ \E i \in Server : \E n \in 1..Len(log[i]) : BrokenAdvanceCommitIndex(i, n) /\ UNCHANGED spent
=============================================================================
