------------------------------- MODULE MCRaft -------------------------------
(***************************************************************************)
(* Model-checking wrapper for Raft: finite bounds on terms, log length and *)
(* messages in flight, symmetry over servers, and budgets for the events   *)
(* that can otherwise recur without end, as etcd-io/raft's MCetcdraft.tla  *)
(* has them: timeouts, restarts, client requests, drops and duplicates. A  *)
(* budget counts the events of one behavior; once it is spent, that action *)
(* is disabled, so the models deadlock by design (CHECK_DEADLOCK FALSE).   *)
(* Every other action of Raft's Next is unrestricted.                      *)
(*                                                                         *)
(*   MCRaft.cfg        CI model: two terms with PreVote, one client value, *)
(*                     a reliable network (no restarts, drops, duplicates) *)
(*   MCRaftFaults.cfg  the same with one restart, one drop and one         *)
(*                     duplicate: minutes                                  *)
(*   MCRaftLarge.cfg   longer run, see the comment there                   *)
(***************************************************************************)
EXTENDS Raft, TLC

CONSTANTS MaxTerm,           \* no server's term exceeds this
          MaxLogLen,         \* no log grows longer than this
          MaxMessages,       \* at most this many distinct messages in flight
          MaxCopies,         \* at most this many copies of one message in flight
          MaxTimeouts,       \* budgets: at most this many events of each kind
          MaxRestarts,       \* in a behavior
          MaxClientRequests,
          MaxDrops,
          MaxDuplicates

\* How many events of each budget the behavior has spent so far.
VARIABLE spent

mcVars == <<vars, spent>>

\* Takes one event from budget k, if any is left.
Spend(k, max) ==
    /\ spent[k] < max
    /\ spent' = [spent EXCEPT ![k] = @ + 1]

MCInit ==
    /\ Init
    /\ spent = [k \in {"timeout", "restart", "request", "drop", "duplicate"} |-> 0]

\* Raft's actions, each charged to its budget or leaving the budgets alone.
MCRestart(i) == Restart(i) /\ Spend("restart", MaxRestarts)
MCTimeout(i) == Timeout(i) /\ Spend("timeout", MaxTimeouts)
MCBecomeCandidate(i) == BecomeCandidate(i) /\ UNCHANGED spent
MCRequestVote(i, j) == RequestVote(i, j) /\ UNCHANGED spent
MCBecomeLeader(i) == BecomeLeader(i) /\ UNCHANGED spent
MCClientRequest(i, v) == ClientRequest(i, v) /\ Spend("request", MaxClientRequests)
MCAdvanceCommitIndex(i) == AdvanceCommitIndex(i) /\ UNCHANGED spent
MCAppendEntries(i, j) == AppendEntries(i, j) /\ UNCHANGED spent
MCReceive(m) == Receive(m) /\ UNCHANGED spent
MCDuplicateMessage(m) == DuplicateMessage(m) /\ Spend("duplicate", MaxDuplicates)
MCDropMessage(m) == DropMessage(m) /\ Spend("drop", MaxDrops)

\* Raft's Next, disjunct by disjunct.
MCNext ==
    \/ \E i \in Server : MCRestart(i)
    \/ \E i \in Server : MCTimeout(i)
    \/ \E i \in Server : MCBecomeCandidate(i)
    \/ \E i, j \in Server : MCRequestVote(i, j)
    \/ \E i \in Server : MCBecomeLeader(i)
    \/ \E i \in Server, v \in Value : MCClientRequest(i, v)
    \/ \E i \in Server : MCAdvanceCommitIndex(i)
    \/ \E i, j \in Server : MCAppendEntries(i, j)
    \/ \E m \in DOMAIN messages : MCReceive(m)
    \/ \E m \in DOMAIN messages : MCDuplicateMessage(m)
    \/ \E m \in DOMAIN messages : MCDropMessage(m)

MCSpec == MCInit /\ [][MCNext]_mcVars

MCSymmetry == Permutations(Server)

MCConstraint ==
    /\ \A i \in Server : currentTerm[i] <= MaxTerm
    /\ \A i \in Server : Len(log[i]) <= MaxLogLen
    /\ Cardinality(DOMAIN messages) <= MaxMessages
    /\ \A m \in DOMAIN messages : messages[m] <= MaxCopies

=============================================================================
