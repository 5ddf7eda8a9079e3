------------------------------- MODULE MCRaft -------------------------------
(***************************************************************************)
(* Model-checking wrapper for Raft: finite bounds on terms, log length and *)
(* messages in flight, symmetry over servers, and budgets for the events   *)
(* that can otherwise recur without end, as etcd-io/raft's MCetcdraft.tla  *)
(* has them: timeouts, restarts, client requests, drops, duplicates,       *)
(* CheckQuorum step-downs, leadership transfers and ReadIndex requests. A  *)
(* budget counts the events of one behavior; once it is spent, that action *)
(* is disabled, so the models deadlock by design (CHECK_DEADLOCK FALSE).   *)
(* Every other action of Raft's Next is unrestricted.                      *)
(*                                                                         *)
(*   MCRaft.cfg        CI model: two terms with PreVote, one client value, *)
(*                     a reliable network (no restarts, drops, duplicates) *)
(*   MCRaftFaults.cfg  the same with one restart, one drop and one         *)
(*                     duplicate: over an hour, not counted yet            *)
(*   MCRaftLarge.cfg   longer run, see the comment there                   *)
(*   MCRaftAsync.cfg   asynchronous storage writes (etcd's                 *)
(*                     AsyncStorageWrites) with a crash that loses writes  *)
(*                     (wrapper MCRaftAsync.tla)                           *)
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
          MaxDuplicates,
          MaxStepDowns,
          MaxTransfers,
          MaxReads,
          MaxCompactions,
          MaxSnapshots,      \* SendSnapshot steps (one per chunk the core sends)
          MaxAppendBatch,    \* at most this many entries in one AppendEntries request
          MaxWrites,         \* AsyncWrites: at most this many writes on their way per server
          Heartbeats         \* FALSE to leave heartbeats out (commit spreads by AppendEntries)

\* How many events of each budget the behavior has spent so far.
VARIABLE spent

mcVars == <<vars, spent>>

\* Takes one event from budget k, if any is left.
Spend(k, max) ==
    /\ spent[k] < max
    /\ spent' = [spent EXCEPT ![k] = @ + 1]

MCInit ==
    /\ Init
    /\ spent = [k \in {"timeout", "restart", "request", "drop", "duplicate",
                       "stepdown", "transfer", "read", "compact", "snapshot"} |-> 0]

\* Raft's actions, each charged to its budget or leaving the budgets alone.
MCRestart(i) == Restart(i) /\ Spend("restart", MaxRestarts)
MCTimeout(i) == Timeout(i) /\ Spend("timeout", MaxTimeouts)
MCClientRequest(i, v) == ClientRequest(i, v) /\ Spend("request", MaxClientRequests)
MCDuplicateMessage(m) == DuplicateMessage(m) /\ Spend("duplicate", MaxDuplicates)
MCDropMessage(m) == DropMessage(m) /\ Spend("drop", MaxDrops)
MCCheckQuorumStepDown(i) == CheckQuorumStepDown(i) /\ Spend("stepdown", MaxStepDowns)
MCTimeoutNow(i, j) == TimeoutNow(i, j) /\ Spend("transfer", MaxTransfers)
MCReadIndex(i, ctx) == ReadIndex(i, ctx) /\ Spend("read", MaxReads)
MCCompactLog(i, s) == CompactLog(i, s) /\ Spend("compact", MaxCompactions)
MCSendSnapshot(i, j, s) == SendSnapshot(i, j, s) /\ Spend("snapshot", MaxSnapshots)

\* Raft's Next, disjunct by disjunct.
MCNext ==
    \/ \E i \in Server : MCRestart(i)
    \/ \E i \in Server : MCTimeout(i)
    \/ \E i \in Server : BecomeCandidate(i) /\ UNCHANGED spent
    \/ \E i \in Server : LoseElection(i) /\ UNCHANGED spent
    \/ \E i, j \in Server : RequestVote(i, j) /\ UNCHANGED spent
    \/ \E i \in Server : BecomeLeader(i) /\ UNCHANGED spent
    \/ \E i \in Server, v \in Value : MCClientRequest(i, v)
    \/ \E i \in Server : \E n \in 1..Len(log[i]) : AdvanceCommitIndex(i, n) /\ UNCHANGED spent
    \/ \E i, j \in Server : \E prev \in 0..Len(log[i]), n \in 0..MaxAppendBatch :
          AppendEntries(i, j, prev, n) /\ UNCHANGED spent
    \/ \E i, j \in Server : Heartbeats /\ Heartbeat(i, j) /\ UNCHANGED spent
    \/ \E i \in Server : MCCheckQuorumStepDown(i)
    \/ \E i, j \in Server : TransferLeader(i, j) /\ UNCHANGED spent
    \/ \E i, j \in Server : MCTimeoutNow(i, j)
    \/ \E i \in Server, ctx \in ReadContext : MCReadIndex(i, ctx)
    \/ \E i \in Server : AnswerRead(i) /\ UNCHANGED spent
    \/ \E i \in Server : \E s \in 1..commitIndex[i] : MCCompactLog(i, s)
    \/ \E i, j \in Server : \E s \in 1..commitIndex[i] : MCSendSnapshot(i, j, s)
    \/ \E i \in Server : StorageAppend(i) /\ UNCHANGED spent
    \/ \E i \in Server : HandleStorageAppendResponse(i) /\ UNCHANGED spent
    \/ \E m \in DOMAIN messages : Receive(m) /\ UNCHANGED spent
    \/ \E m \in DOMAIN messages : MCDuplicateMessage(m)
    \/ \E m \in DOMAIN messages : MCDropMessage(m)

MCSpec == MCInit /\ [][MCNext]_mcVars

MCSymmetry == Permutations(Server)

MCConstraint ==
    /\ \A i \in Server : currentTerm[i] <= MaxTerm
    /\ \A i \in Server : Len(log[i]) <= MaxLogLen
    /\ Cardinality(DOMAIN messages) <= MaxMessages
    /\ \A m \in DOMAIN messages : messages[m] <= MaxCopies
    /\ \A i \in Server : Len(writes[i]) <= MaxWrites

=============================================================================
