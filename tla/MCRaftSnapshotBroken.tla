-------------------------- MODULE MCRaftSnapshotBroken --------------------------
(***************************************************************************)
(* Two mutants of the snapshot steps, each kept as a model that MUST fail: *)
(*                                                                         *)
(*   MCRaftSnapshotBroken.cfg: a leader snapshots and sends entries it has *)
(*   not committed (BrokenSendSnapshot); SnapshotsCommitted is violated.   *)
(*   MCRaftSnapshotStale.cfg: a follower installs any snapshot it is sent, *)
(*   even one at or below its commit index, which takes away committed    *)
(*   entries after the snapshot's index (BrokenInstallSnapshot, against    *)
(*   RAFT-SNAP-6); CommittedEntriesNeverLost is violated.                  *)
(*                                                                         *)
(* Each mutant only adds behaviors to the correct step, so its next-state  *)
(* relation is MCNext or the mutant step.                                  *)
(***************************************************************************)
EXTENDS MCRaft

BrokenSendSnapshot(i, j, s) ==
    /\ i /= j
    /\ state[i] = Leader
    /\ s >= Max({snapshotIndex[i], 1})
    /\ s <= Len(log[i])
    /\ matchIndex[i][j] < s
    /\ snapshotIndex' = [snapshotIndex EXCEPT ![i] = s]
    /\ Send([mtype      |-> SnapshotRequest,
             mterm      |-> currentTerm[i],
             msnapIndex |-> s,
             msnapTerm  |-> log[i][s].term,
             msource    |-> i,
             mdest      |-> j])
    /\ UNCHANGED <<serverVars, candidateVars, leaderVars, log, commitIndex, config, historyVars, storageVars>>

BrokenInstallSnapshot(i, j, m) ==
    /\ m.mterm = currentTerm[i]
    /\ state[i] = Follower
    /\ leader' = [leader EXCEPT ![i] = j]
    /\ commitIndex' = [commitIndex EXCEPT ![i] = m.msnapIndex]
    /\ log' = [log EXCEPT ![i] = SubSeq(log[j], 1, m.msnapIndex)]
    /\ config' = [config EXCEPT ![i] = ConfigOf(i, SubSeq(log[j], 1, m.msnapIndex))]
    /\ snapshotIndex' = [snapshotIndex EXCEPT ![i] = m.msnapIndex]
    /\ Reply(AppendEntriesResponseMsg(i, j, TRUE, m.msnapIndex, 0, 0), m)
    /\ UNCHANGED <<currentTerm, state, votedFor, candidateVars, leaderVars, historyVars, storageVars>>
\* The next-state relations of the two mutants (NEXT in the .cfg files).
BrokenSendNext ==
    \/ MCNext
    \/ \E i, j \in Server : \E s \in 1..Len(log[i]) :
          BrokenSendSnapshot(i, j, s) /\ Spend("snapshot", MaxSnapshots)

BrokenInstallNext ==
    \/ MCNext
    \/ \E m \in DOMAIN messages :
          m.mtype = SnapshotRequest /\ BrokenInstallSnapshot(m.mdest, m.msource, m) /\ UNCHANGED spent
=============================================================================
