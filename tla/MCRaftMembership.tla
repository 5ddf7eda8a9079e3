------------------------- MODULE MCRaftMembership -------------------------
(***************************************************************************)
(* Model checking of Raft's membership changes (wrapper of MCRaft.tla):    *)
(* the budgets of MCRaft plus one for configuration changes, and a history *)
(* of every decision a quorum made, for the invariant that no two disjoint *)
(* majorities ever decide conflicting things across a reconfiguration.   *)
(*                                                                         *)
(*   MCRaftMembershipFast.cfg  two voters and a server that joins, one     *)
(*                             change and two elections: a leader elected  *)
(*                             after the change (slow tier)                *)
(*   MCRaftMembershipPromote.cfg the same servers, two changes in one term *)
(*                             (a learner added, then promoted)            *)
(*   MCRaftMembership.cfg      three voters, two elections around one     *)
(*                             change (a new leader takes over mid-change) *)
(*   MCRaftMembershipJoint.cfg joint configurations: two changes of up to  *)
(*                             three roles                                 *)
(*   MCRaftMembershipBroken.cfg a leader that appends a change while the   *)
(*                             previous one is not committed              *)
(*                             (BrokenProposeConfChange): must fail        *)
(***************************************************************************)
EXTENDS MCRaft

CONSTANTS MaxConfChanges     \* at most this many configuration changes in a behavior

\* Every decision a quorum made: each election (the voters that granted it,
\* counted in the candidate's configuration, and the log the new leader
\* had) and each commitment (the voters holding the entry, counted in the
\* leader's configuration).
VARIABLE decisions

mmVars == <<vars, spent, decisions>>

MMInit ==
    /\ Init
    /\ spent = [k \in {"timeout", "restart", "request", "drop", "duplicate", "stepdown",
                       "transfer", "read", "compact", "snapshot", "conf"} |-> 0]
    /\ decisions = {}

\* The decisions a step made, read off the history it extended.
Decided ==
    decisions' = decisions
        \cup {[kind |-> "elect", term |-> e[1],
               quorum |-> votesGranted[e[2]] \cap Voters(config[e[2]]), log |-> log[e[2]]] :
                 e \in elections' \ elections}
        \cup {LET i == CHOOSE s \in Server : state[s] = Leader /\ commitIndex'[s] /= commitIndex[s]
              IN [kind |-> "commit", term |-> c.term, index |-> c.index, entry |-> c.entry,
                  quorum |-> ({i} \cup {k \in Server : matchIndex[i][k] >= c.index}) \cap Voters(config[i])] :
                 c \in everCommitted' \ everCommitted}

\* The role of server s in configuration c.
Role(c, s) ==
    CASE s \in c.voters /\ s \in c.outgoing -> "both"
      [] s \in c.voters -> "voter"
      [] s \in c.outgoing -> "outgoing"
      [] s \in c.learners -> "learner"
      [] OTHER -> "none"

\* To keep the models small, a change alters the role of at most MaxRoleChanges
\* servers (the joint configuration that replaces a voter alters two).
CONSTANTS MaxRoleChanges
MMNextConfigs(c) ==
    {d \in NextConfigs(c) : Cardinality({s \in Server : Role(c, s) /= Role(d, s)}) <= MaxRoleChanges}

MMProposeConfChange(i, c) == ProposeConfChange(i, c) /\ Spend("conf", MaxConfChanges)

MMNext ==
    /\ \/ MCNext
       \/ \E i \in Server : /\ state[i] = Leader
                             /\ spent["conf"] < MaxConfChanges
                             /\ \E c \in MMNextConfigs(config[i]) : MMProposeConfChange(i, c)
       \/ \E i \in Server : StepDownRemoved(i) /\ UNCHANGED spent
    /\ Decided

MMSpec == MMInit /\ [][MMNext]_mmVars

\* The joining servers are not interchangeable with the others.
MMSymmetry == Permutations(Server \ Joining) \cup Permutations(Joining)

\* No two disjoint majorities ever decide conflicting things: an election
\* whose quorum shares no voter with the quorum that committed an entry in an
\* earlier term elected a leader that already held that entry. (With one
\* configuration every two majorities intersect; across reconfigurations
\* they may not, and the rules of ProposeConfChange are what keep this.)
\* Checks RAFT-CONF-2, RAFT-CONF-3.
DisjointQuorumsAgree ==
    \A c, e \in decisions :
        (/\ c.kind = "commit" /\ e.kind = "elect"
         /\ e.term > c.term
         /\ c.quorum \cap e.quorum = {}) =>
            /\ Len(e.log) >= c.index
            /\ e.log[c.index] = c.entry

\* A leader that appends a change while the previous one is not committed:
\* two single-server changes in flight at once (the mutant model).
BrokenProposeConfChange(i, c) ==
    /\ state[i] = Leader
    /\ commitIndex[i] > 0
    /\ log[i][commitIndex[i]].term = currentTerm[i]
    /\ c \in NextConfigs(config[i])
    /\ log' = [log EXCEPT ![i] = Append(log[i], [term |-> currentTerm[i], value |-> Nil, config |-> c])]
    /\ config' = [config EXCEPT ![i] = c]
    /\ matchIndex' = [matchIndex EXCEPT ![i] =
                        [j \in Server |-> IF j \in Members(config[i]) THEN matchIndex[i][j] ELSE 0]]
    /\ UNCHANGED <<messages, serverVars, candidateVars, reads, commitIndex, snapshotIndex, historyVars, storageVars>>

BrokenNext ==
    /\ \/ MCNext
       \/ \E i \in Server : /\ state[i] = Leader
                             /\ spent["conf"] < MaxConfChanges
                             /\ \E c \in MMNextConfigs(config[i]) :
                                   BrokenProposeConfChange(i, c) /\ Spend("conf", MaxConfChanges)
       \/ \E i \in Server : StepDownRemoved(i) /\ UNCHANGED spent
    /\ Decided

=============================================================================
