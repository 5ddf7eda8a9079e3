---------------------------- MODULE MCRaftLive ----------------------------
(***************************************************************************)
(* Liveness of leader election in the bounded model of MCRaft.tla: with    *)
(* one timeout in the whole behavior (MaxTimeouts = 1), a reliable network *)
(* and the steps that carry an election through weakly fair, some server  *)
(* is eventually leader (LeaderElected). With more timeouts, campaigns may *)
(* keep interrupting each other for ever, which weak fairness cannot rule  *)
(* out: Raft's liveness rests on randomized election timeouts.             *)
(*                                                                         *)
(* Why it holds: the timeout is enabled until it is taken, so some server  *)
(* times out and becomes a pre-candidate; it is the only campaign of the   *)
(* behavior, no server has heard from a leader, so every vote request it   *)
(* sends is granted; requests and responses are received (Receive is fair *)
(* and no message is lost or duplicated); a quorum of pre-votes makes it a *)
(* candidate, a quorum of votes a leader. Step-downs, transfers, restarts  *)
(* and further timeouts have no budget.                                    *)
(*                                                                         *)
(* MCRaftLive.cfg checks it (no SYMMETRY: see the checker's doc on         *)
(* symmetry and liveness); MCRaftLiveUnfair.cfg drops the fairness of     *)
(* Receive, and a vote request left in flight for ever violates it.       *)
(***************************************************************************)
EXTENDS MCRaft

\* A vote request from i to j is in flight.
Requested(i, j) ==
    \E m \in DOMAIN messages : /\ m.msource = i /\ m.mdest = j
                              /\ m.mtype \in {PreVoteRequest, RequestVoteRequest}

\* Only the first request to each voter is fair: Raft may send it again while it is in flight,
\* but a copy the bounds of MCConstraint cut off is no step of the model, and fairness of such a
\* step would rule out every behavior waiting for an answer, making the check vacuous.
ElectionFairness ==
    /\ WF_mcVars(\E i \in Server : MCTimeout(i))
    /\ WF_mcVars(\E i, j \in Server : ~Requested(i, j) /\ RequestVote(i, j) /\ UNCHANGED spent)
    /\ WF_mcVars(\E i \in Server : BecomeCandidate(i) /\ UNCHANGED spent)
    /\ WF_mcVars(\E i \in Server : BecomeLeader(i) /\ UNCHANGED spent)

LiveSpec ==
    /\ MCSpec
    /\ ElectionFairness
    /\ WF_mcVars(\E m \in DOMAIN messages : Receive(m) /\ UNCHANGED spent)

\* A planted bug: without the fairness of Receive, messages may stay in flight for ever.
LiveSpecUnfair == MCSpec /\ ElectionFairness

LeaderElected == <>(\E i \in Server : state[i] = Leader)

\* Once a leader is elected, LeaderElected holds whatever follows: the model stops there
\* (ACTION_CONSTRAINT), which keeps it small.
NoStepAfterElection == \A i \in Server : state[i] /= Leader
=============================================================================
