-------------------------------- MODULE Raft --------------------------------
(***************************************************************************)
(* Raft consensus, in the style of Diego Ongaro's raft.tla (thesis,        *)
(* appendix), extended to every step the Go core in raft/ takes, so that   *)
(* traces of its runs can be validated against this module (TraceRaft.tla) *)
(* and not only its invariants model-checked (MCRaft.tla):                 *)
(*                                                                         *)
(*  - PreVote (thesis 9.6) and CheckQuorum (6.2): a leader may step down   *)
(*    when it has lost touch with a quorum, a voter that knows a leader    *)
(*    may ignore vote requests for a higher term, and a node answers an    *)
(*    AppendEntries or heartbeat from a deposed leader with its term;      *)
(*  - leader knowledge (leader): a server that knows the leader of its     *)
(*    term does not vote for anyone else in it;                            *)
(*  - a candidate that a quorum rejected gives up (LoseElection);          *)
(*  - replication as the core does it: an AppendEntries request carries    *)
(*    any number of entries from any point of the leader's log at or after *)
(*    what the follower is known to hold (pipelining, MaxSizePerMsg and    *)
(*    fast backtracking only choose which), a rejection carries the        *)
(*    conflict hint, heartbeats are their own messages and carry the       *)
(*    commit index the follower can safely take and a ReadIndex context;   *)
(*  - the no-op entry a new leader appends;                                *)
(*  - leadership transfer (TransferLeader, TimeoutNow, HandleTimeoutNow)   *)
(*    and ReadIndex (thesis 6.4: ReadIndex, AnswerRead);                   *)
(*  - restarts keep the term, the vote and the log (RAFT-PERSIST-1) and a  *)
(*    commit index no later than the one before the crash;                 *)
(*  - snapshots and compaction: a server's application snapshots its state *)
(*    at a committed index and compacts its log up to it (CompactLog); a   *)
(*    leader sends its snapshot to a follower that needs entries it no     *)
(*    longer has (SendSnapshot, once per chunk the core sends), and the    *)
(*    follower installs it (InstallSnapshot) or, with chunks still to come *)
(*    or the snapshot already covered, only answers (HandleSnapshotRequest)*)
(*    . The log keeps the compacted entries, as the state the snapshot     *)
(*    stands for; snapshotIndex says which a server can no longer send;    *)
(*  - asynchronous storage writes (AsyncWrites, etcd's AsyncStorageWrites)*)
(*    : a server hands its state to its storage (StorageAppend) and goes   *)
(*    on; writes become durable in order (HandleStorageAppendResponse),    *)
(*    and a restart restores the last durable one (durable). Answers that  *)
(*    report the log or the vote wait for the write that makes it durable *)
(*    (outbox), a leader counts its own log and a candidate its own vote   *)
(*    only once durable;                                                   *)
(*  - membership changes (thesis chapter 4, etcd's ConfChangeV2): a       *)
(*    configuration entry carries the whole configuration it leads to, and *)
(*    every server uses the configuration of the latest configuration      *)
(*    entry in its log, committed or not (config); decisions need a        *)
(*    majority of the incoming voters and, in a joint configuration, of    *)
(*    the outgoing ones too; a leader appends a change only after it       *)
(*    committed an entry of its term and once the previous change is       *)
(*    committed (ProposeConfChange), and steps down once its removal is    *)
(*    committed (StepDownRemoved); servers outside their configuration     *)
(*    never campaign. Servers in Joining start outside the configuration. *)
(*                                                                         *)
(* Messages travel in a bag and may be reordered, duplicated and dropped.  *)
(* Requirements are in spec/raft.md; the core names its trace events after *)
(* these actions.                                                          *)
(***************************************************************************)
EXTENDS Naturals, Integers, Sequences, FiniteSets, TLC

CONSTANTS Server,          \* the set of server IDs
          Value,           \* the set of client values
          PreVote,         \* TRUE to run the PreVote phase before elections
          CheckQuorum,     \* TRUE for CheckQuorum and the leader lease it implies
          ReadContext,     \* the contexts (request IDs) of ReadIndex requests
          NoContext,       \* the context of a heartbeat no read waits for
          Joining,         \* servers that start outside the configuration (they join later)
          AsyncWrites      \* TRUE: servers persist in the background (etcd's AsyncStorageWrites)

CONSTANTS Follower, PreCandidate, Candidate, Leader
CONSTANTS Nil
CONSTANTS RequestVoteRequest, RequestVoteResponse,
          PreVoteRequest, PreVoteResponse,
          AppendEntriesRequest, AppendEntriesResponse,
          HeartbeatRequest, HeartbeatResponse,
          TimeoutNowRequest,
          SnapshotRequest, SnapshotResponse

VARIABLE messages          \* bag of messages in flight: message -> count > 0
VARIABLE currentTerm, state, votedFor
VARIABLE leader            \* the leader a server knows of in its current term, or Nil
VARIABLE log, commitIndex
VARIABLE snapshotIndex     \* the last index a server's snapshot covers (0: none)
VARIABLE config            \* the configuration of the latest configuration entry in a server's log
VARIABLE votesResponded, votesGranted
VARIABLE matchIndex
VARIABLE reads             \* a leader's pending ReadIndex requests, oldest first
\* With AsyncWrites (otherwise they keep their initial values): the state a
\* server's storage holds, which a restart restores; the writes a server has
\* handed to its storage, oldest first, each the state it had then and the
\* answers to send once it is durable; the answers waiting for the next write.
VARIABLE durable, writes, outbox
\* History variables, used only by the invariants.
VARIABLE elections         \* set of <<term, leader>> pairs, one per BecomeLeader
VARIABLE everCommitted     \* set of [index, term, entry]: entry committed by a leader of term

serverVars == <<currentTerm, state, votedFor, leader>>
logVars == <<log, commitIndex, snapshotIndex, config>>
candidateVars == <<votesResponded, votesGranted>>
leaderVars == <<matchIndex, reads>>
historyVars == <<elections, everCommitted>>
storageVars == <<durable, writes, outbox>>
vars == <<messages, serverVars, logVars, candidateVars, leaderVars, historyVars, storageVars>>

----
\* Helpers

\* A configuration: the voters (of the incoming half, when joint), the voters
\* of the outgoing half of a joint configuration, the learners (non-voting
\* members), the outgoing voters that become learners when the joint
\* configuration is left, and whether the leader leaves it by itself.
\* Checks RAFT-CONF-1.
ConfigRecord(v, o, l, n, a) ==
    [voters |-> v, outgoing |-> o, learners |-> l, learnersNext |-> n, autoLeave |-> a]
\* The configuration of a server that has not joined, and the mark of a log
\* entry that is not a configuration entry.
NoConfig == ConfigRecord({}, {}, {}, {}, FALSE)
InitConfig == ConfigRecord(Server \ Joining, {}, {}, {}, FALSE)
InitConfigOf(i) == IF i \in Joining THEN NoConfig ELSE InitConfig

Voters(c) == c.voters \cup c.outgoing
Members(c) == Voters(c) \cup c.learners \cup c.learnersNext
IsJoint(c) == c.outgoing /= {}

\* Q holds a majority of V; an empty V imposes nothing (quorum/joint.go).
Majority(Q, V) == V = {} \/ Cardinality(Q \cap V) * 2 > Cardinality(V)
\* Q is a quorum of configuration c: a majority of each half. Checks RAFT-CONF-2.
IsQuorum(Q, c) == Majority(Q, c.voters) /\ Majority(Q, c.outgoing)
Quorum(c) == {Q \in SUBSET Server : IsQuorum(Q, c)}

Min(s) == CHOOSE x \in s : \A y \in s : x <= y
Max(s) == CHOOSE x \in s : \A y \in s : x >= y

LastTerm(xlog) == IF Len(xlog) = 0 THEN 0 ELSE xlog[Len(xlog)].term
TermAt(xlog, n) == IF n = 0 THEN 0 ELSE xlog[n].term

\* xlog ends at (lastIndex, lastTerm) no later than a log ending at (idx, trm).
\* Checks RAFT-ELECT-4.
UpToDate(idx, trm, xlog) ==
    \/ trm > LastTerm(xlog)
    \/ /\ trm = LastTerm(xlog)
       /\ idx >= Len(xlog)

\* The configuration of the latest configuration entry among the first k
\* entries of xlog, or default if there is none.
RECURSIVE LastConfig(_, _, _)
LastConfig(xlog, k, default) ==
    IF k = 0 THEN default
    ELSE IF xlog[k].config /= NoConfig THEN xlog[k].config
    ELSE LastConfig(xlog, k - 1, default)

\* The configuration server i uses with log xlog. Checks RAFT-CONF-1.
ConfigOf(i, xlog) == LastConfig(xlog, Len(xlog), InitConfigOf(i))

\* The configuration entries of a log: a change is pending while the latest
\* is not committed.
RECURSIVE LastConfigIndex(_, _)
LastConfigIndex(xlog, k) ==
    IF k = 0 THEN 0
    ELSE IF xlog[k].config /= NoConfig THEN k
    ELSE LastConfigIndex(xlog, k - 1)

\* Server i may campaign: it is a voter of its configuration, or of the one
\* before while the latest, which removes it, is not committed: the others
\* may still need it to commit that entry (thesis 4.2.2). It then counts the
\* votes of its latest configuration. Checks RAFT-CONF-6.
Promotable(i) ==
    LET last == LastConfigIndex(log[i], Len(log[i]))
    IN \/ i \in Voters(config[i])
       \/ /\ last > commitIndex[i]
          /\ i \in Voters(LastConfig(log[i], last - 1, InitConfigOf(i)))

\* The configurations a change may lead to from c (etcd's confchange.Changer):
\* without a joint configuration, any with at most one voter more or less
\* (a single-server change) or a joint one whose outgoing half is c's voters;
\* from a joint configuration, only leaving it. Every result has a voter and
\* no server in two roles. Checks RAFT-CONF-3.
SimpleChanges(c) ==
    {ConfigRecord(v, {}, l, {}, FALSE) :
        v \in {w \in SUBSET Server : w /= {} /\ Cardinality((w \ c.voters) \cup (c.voters \ w)) <= 1},
        l \in SUBSET Server}
JointChanges(c) ==
    {ConfigRecord(v, c.voters, l, n, a) :
        v \in (SUBSET Server) \ {{}}, l \in SUBSET (Server \ c.voters), n \in SUBSET c.voters, a \in BOOLEAN}
LeaveJoint(c) == ConfigRecord(c.voters, {}, c.learners \cup c.learnersNext, {}, FALSE)
NextConfigs(c) ==
    IF IsJoint(c) THEN {LeaveJoint(c)}
    ELSE {d \in SimpleChanges(c) \cup JointChanges(c) :
            /\ d.voters \cap d.learners = {}
            /\ d.learnersNext \cap (d.voters \cup d.learners) = {}}

\* The entries a committed index covers: the highest index committed by a
\* leader so far (0 if none).
MaxCommitted == IF everCommitted = {} THEN 0
                ELSE Max({c.index : c \in everCommitted})

WithMessage(m, msgs) ==
    IF m \in DOMAIN msgs
    THEN [msgs EXCEPT ![m] = msgs[m] + 1]
    ELSE msgs @@ (m :> 1)

WithoutMessage(m, msgs) ==
    IF msgs[m] <= 1
    THEN [n \in DOMAIN msgs \ {m} |-> msgs[n]]
    ELSE [msgs EXCEPT ![m] = msgs[m] - 1]

RECURSIVE WithMessages(_, _)
WithMessages(ms, msgs) ==
    IF ms = << >> THEN msgs ELSE WithMessages(Tail(ms), WithMessage(Head(ms), msgs))

Send(m) == messages' = WithMessage(m, messages)
Discard(m) == messages' = WithoutMessage(m, messages)
Reply(response, request) ==
    messages' = WithoutMessage(request, WithMessage(response, messages))

\* An answer that reports i's log or vote (AppendEntriesResponse,
\* RequestVoteResponse): sent as i handles the request or, with asynchronous
\* writes, held until a write makes what it reports durable.
\* Checks RAFT-PERSIST-1, RAFT-PERSIST-5.
ReplyDurable(i, response, request) ==
    IF AsyncWrites
    THEN /\ Discard(request)
         /\ outbox' = [outbox EXCEPT ![i] = Append(@, response)]
    ELSE /\ Reply(response, request)
         /\ UNCHANGED outbox

\* The state a server's storage holds (AsyncWrites): what a restart restores.
StorageState(t, v, xlog, c, s) ==
    [term |-> t, vote |-> v, log |-> xlog, commit |-> c, snapshotIndex |-> s]
StateOf(i) == StorageState(currentTerm[i], votedFor[i], log[i], commitIndex[i], snapshotIndex[i])

\* The votes a candidate starts with: its own, except with asynchronous writes,
\* where it counts its own vote once it is durable (HandleStorageAppendResponse).
OwnVote(i) == IF AsyncWrites THEN {} ELSE {i}

\* The servers a leader counts as holding its entry n: itself (its log is
\* durable as it appends, or, with asynchronous writes, up to what a write of
\* its term made durable) and the followers that acknowledged n.
Acked(i, n) ==
    {k \in Server : matchIndex[i][k] >= n} \cup (IF AsyncWrites THEN {} ELSE {i})

\* With asynchronous writes, an application snapshots only what it applied,
\* which is durable: its storage's log agrees with the server's up to s, and
\* the storage's snapshot moves there.
SnapshotDurable(i, s) ==
    IF AsyncWrites
    THEN /\ s <= Len(durable[i].log)
         /\ SubSeq(durable[i].log, 1, s) = SubSeq(log[i], 1, s)
         /\ durable' = [durable EXCEPT ![i].snapshotIndex = Max({@, s})]
    ELSE UNCHANGED durable

\* What a server forgets when its role changes (the core's reset): votes,
\* replication progress and pending reads.
ForgetRole(i) ==
    /\ votesResponded' = [votesResponded EXCEPT ![i] = {}]
    /\ votesGranted' = [votesGranted EXCEPT ![i] = {}]
    /\ matchIndex' = [matchIndex EXCEPT ![i] = [j \in Server |-> 0]]
    /\ reads' = [reads EXCEPT ![i] = << >>]

\* The fast-backtracking hint of a follower whose log does not hold
\* prevLogIndex n with the leader's term: the first index of the run of
\* entries of the term it holds at n, but no lower than the entry after its
\* commit index c, or its last index + 1 (term 0) if its log is shorter.
\* Checks RAFT-LOG-4.
HintIndex(xlog, n, c) ==
    IF n > Len(xlog) THEN Len(xlog) + 1
    ELSE Min({k \in Min({n, c + 1})..n : \A x \in k..n : xlog[x].term = xlog[n].term})
HintTerm(xlog, n) == IF n > Len(xlog) THEN 0 ELSE xlog[n].term

AppendEntriesResponseMsg(i, j, success, index, hintIndex, hintTerm) ==
    [mtype       |-> AppendEntriesResponse,
     mterm       |-> currentTerm[i],
     msuccess    |-> success,
     mindex      |-> index,
     mhintIndex  |-> hintIndex,
     mhintTerm   |-> hintTerm,
     msource     |-> i,
     mdest       |-> j]

\* The context a leader's heartbeats carry: its newest pending read's.
ReadContextOf(i) ==
    IF reads[i] = << >> THEN NoContext ELSE reads[i][Len(reads[i])].ctx

----
\* Initial state

Init ==
    /\ messages = [m \in {} |-> 0]
    /\ currentTerm = [i \in Server |-> 0]
    /\ state = [i \in Server |-> Follower]
    /\ votedFor = [i \in Server |-> Nil]
    /\ leader = [i \in Server |-> Nil]
    /\ log = [i \in Server |-> << >>]
    /\ commitIndex = [i \in Server |-> 0]
    /\ snapshotIndex = [i \in Server |-> 0]
    /\ config = [i \in Server |-> InitConfigOf(i)]
    /\ votesResponded = [i \in Server |-> {}]
    /\ votesGranted = [i \in Server |-> {}]
    /\ matchIndex = [i \in Server |-> [j \in Server |-> 0]]
    /\ reads = [i \in Server |-> << >>]
    /\ elections = {}
    /\ everCommitted = {}
    /\ durable = [i \in Server |-> StorageState(0, Nil, << >>, 0, 0)]
    /\ writes = [i \in Server |-> << >>]
    /\ outbox = [i \in Server |-> << >>]

----
\* Actions of one server

\* Server i restarts from stable storage: term, vote, snapshot and log
\* survive, and a commit index no later than the one it had (it persists its
\* commit index lazily) but no earlier than its snapshot. With asynchronous
\* writes, stable storage is the state of its last durable write: the writes
\* still on their way, and the answers waiting for them, are lost.
\* Checks RAFT-PERSIST-1, RAFT-PERSIST-3, RAFT-PERSIST-5, RAFT-SNAP-1.
Restart(i) ==
    /\ state' = [state EXCEPT ![i] = Follower]
    /\ leader' = [leader EXCEPT ![i] = Nil]
    /\ ForgetRole(i)
    /\ IF AsyncWrites
       THEN LET d == durable[i] IN
            /\ currentTerm' = [currentTerm EXCEPT ![i] = d.term]
            /\ votedFor' = [votedFor EXCEPT ![i] = d.vote]
            /\ log' = [log EXCEPT ![i] = d.log]
            /\ snapshotIndex' = [snapshotIndex EXCEPT ![i] = d.snapshotIndex]
            /\ config' = [config EXCEPT ![i] = ConfigOf(i, d.log)]
            \* The snapshot may be ahead of the commit index its write persisted.
            /\ \E c \in d.snapshotIndex..Max({d.commit, d.snapshotIndex}) :
                  commitIndex' = [commitIndex EXCEPT ![i] = c]
            /\ writes' = [writes EXCEPT ![i] = << >>]
            /\ outbox' = [outbox EXCEPT ![i] = << >>]
            /\ UNCHANGED <<messages, durable, historyVars>>
       ELSE /\ \E c \in snapshotIndex[i]..commitIndex[i] : commitIndex' = [commitIndex EXCEPT ![i] = c]
            /\ UNCHANGED <<messages, currentTerm, votedFor, log, snapshotIndex, config, historyVars, storageVars>>

\* Server i times out. With PreVote it becomes a pre-candidate without
\* touching its term or vote; otherwise it starts an election directly.
\* Checks RAFT-ELECT-1, RAFT-ELECT-7.
Timeout(i) ==
    /\ state[i] \in {Follower, PreCandidate, Candidate}
    /\ Promotable(i)
    /\ IF PreVote
       THEN /\ state' = [state EXCEPT ![i] = PreCandidate]
            /\ UNCHANGED <<currentTerm, votedFor>>
       ELSE /\ state' = [state EXCEPT ![i] = Candidate]
            /\ currentTerm' = [currentTerm EXCEPT ![i] = currentTerm[i] + 1]
            /\ votedFor' = [votedFor EXCEPT ![i] = i]
    /\ leader' = [leader EXCEPT ![i] = Nil]
    /\ votesResponded' = [votesResponded EXCEPT ![i] = IF PreVote THEN {i} ELSE OwnVote(i)]
    /\ votesGranted' = [votesGranted EXCEPT ![i] = IF PreVote THEN {i} ELSE OwnVote(i)]
    /\ UNCHANGED <<messages, leaderVars, logVars, historyVars, storageVars>>

\* A pre-candidate with a quorum of PreVotes starts the real election.
BecomeCandidate(i) ==
    /\ state[i] = PreCandidate
    /\ IsQuorum(votesGranted[i], config[i])
    /\ state' = [state EXCEPT ![i] = Candidate]
    /\ currentTerm' = [currentTerm EXCEPT ![i] = currentTerm[i] + 1]
    /\ votedFor' = [votedFor EXCEPT ![i] = i]
    /\ leader' = [leader EXCEPT ![i] = Nil]
    /\ votesResponded' = [votesResponded EXCEPT ![i] = OwnVote(i)]
    /\ votesGranted' = [votesGranted EXCEPT ![i] = OwnVote(i)]
    /\ UNCHANGED <<messages, leaderVars, logVars, historyVars, storageVars>>

\* A (pre-)candidate rejected by more voters than a quorum can spare gives up
\* and waits as a follower. Checks RAFT-ELECT-5.
LoseElection(i) ==
    /\ state[i] \in {PreCandidate, Candidate}
    /\ ~IsQuorum(Server \ (votesResponded[i] \ votesGranted[i]), config[i])
    /\ state' = [state EXCEPT ![i] = Follower]
    /\ leader' = [leader EXCEPT ![i] = Nil]
    /\ ForgetRole(i)
    /\ UNCHANGED <<messages, currentTerm, votedFor, logVars, historyVars, storageVars>>

\* Candidate (or pre-candidate) i asks server j for a vote.
RequestVote(i, j) ==
    /\ state[i] \in {PreCandidate, Candidate}
    /\ j \in Voters(config[i])
    /\ j \notin votesResponded[i]
    /\ Send([mtype         |-> IF state[i] = Candidate THEN RequestVoteRequest ELSE PreVoteRequest,
             mterm         |-> IF state[i] = Candidate THEN currentTerm[i] ELSE currentTerm[i] + 1,
             mlastLogTerm  |-> LastTerm(log[i]),
             mlastLogIndex |-> Len(log[i]),
             msource       |-> i,
             mdest         |-> j])
    /\ UNCHANGED <<serverVars, candidateVars, leaderVars, logVars, historyVars, storageVars>>

\* Leader i sends j the n entries that follow index prev of its log (none for
\* a probe or a commit notice), from anywhere at or after what j is known to
\* hold and what i's snapshot covers. Checks RAFT-LOG-5, RAFT-LOG-6.
AppendEntries(i, j, prev, n) ==
    /\ i /= j
    /\ state[i] = Leader
    /\ j \in Members(config[i])
    /\ prev \in Max({matchIndex[i][j], snapshotIndex[i]})..Len(log[i])
    /\ n \in 0..(Len(log[i]) - prev)
    /\ Send([mtype          |-> AppendEntriesRequest,
             mterm          |-> currentTerm[i],
             mprevLogIndex  |-> prev,
             mprevLogTerm   |-> TermAt(log[i], prev),
             mentries       |-> SubSeq(log[i], prev + 1, prev + n),
             mcommitIndex   |-> commitIndex[i],
             msource        |-> i,
             mdest          |-> j])
    /\ UNCHANGED <<serverVars, candidateVars, leaderVars, logVars, historyVars, storageVars>>

\* Leader i sends j a heartbeat: the commit index as far as j is known to hold
\* the log, and the context of the newest read waiting for confirmation.
\* Checks RAFT-ELECT-6, RAFT-COMMIT-4, RAFT-READ-2.
Heartbeat(i, j) ==
    /\ i /= j
    /\ state[i] = Leader
    /\ j \in Members(config[i])
    /\ Send([mtype          |-> HeartbeatRequest,
             mterm          |-> currentTerm[i],
             mcommitIndex   |-> Min({matchIndex[i][j], commitIndex[i]}),
             mcontext       |-> ReadContextOf(i),
             msource        |-> i,
             mdest          |-> j])
    /\ UNCHANGED <<serverVars, candidateVars, leaderVars, logVars, historyVars, storageVars>>

\* Candidate i with a quorum of votes becomes leader and appends a no-op of its
\* term, so that entries of earlier terms can be committed. With asynchronous
\* writes its own vote, durable, is among them: a leader whose term a crash
\* lost could otherwise win the same term again and append other entries at
\* indexes it had sent. Checks RAFT-ELECT-5, RAFT-COMMIT-3, RAFT-PERSIST-5.
BecomeLeader(i) ==
    /\ state[i] = Candidate
    /\ IsQuorum(votesGranted[i], config[i])
    /\ AsyncWrites => i \in votesGranted[i]
    /\ state' = [state EXCEPT ![i] = Leader]
    /\ leader' = [leader EXCEPT ![i] = i]
    /\ ForgetRole(i)
    /\ log' = [log EXCEPT ![i] = Append(log[i], [term |-> currentTerm[i], value |-> Nil, config |-> NoConfig])]
    /\ elections' = elections \cup {<<currentTerm[i], i>>}
    /\ UNCHANGED <<messages, currentTerm, votedFor, commitIndex, snapshotIndex, config, everCommitted, storageVars>>

\* Leader i appends a client value to its log.
\* Checks RAFT-LOG-1.
ClientRequest(i, v) ==
    /\ state[i] = Leader
    /\ log' = [log EXCEPT ![i] = Append(log[i], [term |-> currentTerm[i], value |-> v, config |-> NoConfig])]
    /\ UNCHANGED <<messages, serverVars, candidateVars, leaderVars, commitIndex, snapshotIndex, config, historyVars, storageVars>>

\* Leader i commits up to index n, an entry of its term stored on a quorum
\* of its configuration (itself included, if a voter: Acked). The history
\* records the configuration that decided. Checks RAFT-COMMIT-1,
\* RAFT-COMMIT-2, RAFT-CONF-2, RAFT-PERSIST-5.
AdvanceCommitIndex(i, n) ==
    /\ state[i] = Leader
    /\ n > commitIndex[i]
    /\ n <= Len(log[i])
    /\ log[i][n].term = currentTerm[i]
    /\ IsQuorum(Acked(i, n), config[i])
    /\ commitIndex' = [commitIndex EXCEPT ![i] = n]
    /\ everCommitted' = everCommitted \cup
          {[index |-> k, term |-> currentTerm[i], entry |-> log[i][k], config |-> config[i]] :
              k \in (commitIndex[i] + 1)..n}
    /\ UNCHANGED <<messages, serverVars, candidateVars, leaderVars, log, snapshotIndex, config, elections, storageVars>>

\* Leader i appends a configuration entry leading to configuration c, which
\* it uses from then on (as every server does once the entry is in its log):
\* only after it committed an entry of its own term (the 2015 fix of thesis
\* 4.1: an uncommitted change of an earlier leader might still be pending),
\* only once the previous change is committed (one change at a time), and
\* only to a configuration the change rules allow. The leader leaving a joint
\* configuration by itself is this step too. The entry's value is Nil. The
\* leader knows nothing yet of what a server new to its configuration holds
\* (one that left and comes back included). Checks RAFT-CONF-1, RAFT-CONF-3,
\* RAFT-CONF-5.
ProposeConfChange(i, c) ==
    /\ state[i] = Leader
    /\ commitIndex[i] > 0
    /\ log[i][commitIndex[i]].term = currentTerm[i]
    /\ LastConfigIndex(log[i], Len(log[i])) <= commitIndex[i]
    /\ c \in NextConfigs(config[i])
    /\ log' = [log EXCEPT ![i] = Append(log[i], [term |-> currentTerm[i], value |-> Nil, config |-> c])]
    /\ config' = [config EXCEPT ![i] = c]
    /\ matchIndex' = [matchIndex EXCEPT ![i] =
                        [j \in Server |-> IF j \in Members(config[i]) THEN matchIndex[i][j] ELSE 0]]
    /\ UNCHANGED <<messages, serverVars, candidateVars, reads, commitIndex, snapshotIndex, historyVars, storageVars>>

\* A leader whose configuration, committed, no longer counts it as a voter
\* steps down (thesis 4.2.2); it no longer campaigns (Promotable).
\* Checks RAFT-CONF-6.
StepDownRemoved(i) ==
    /\ state[i] = Leader
    /\ i \notin Voters(config[i])
    /\ LastConfigIndex(log[i], Len(log[i])) <= commitIndex[i]
    /\ state' = [state EXCEPT ![i] = Follower]
    /\ leader' = [leader EXCEPT ![i] = Nil]
    /\ ForgetRole(i)
    /\ UNCHANGED <<messages, currentTerm, votedFor, logVars, historyVars, storageVars>>

\* A leader with CheckQuorum that has not heard from a quorum within an
\* election timeout steps down; the specification has no clocks, so it may
\* do so at any time. Checks RAFT-ELECT-10.
CheckQuorumStepDown(i) ==
    /\ CheckQuorum
    /\ state[i] = Leader
    /\ state' = [state EXCEPT ![i] = Follower]
    /\ leader' = [leader EXCEPT ![i] = Nil]
    /\ ForgetRole(i)
    /\ UNCHANGED <<messages, currentTerm, votedFor, logVars, historyVars, storageVars>>

\* Leader i agrees to hand leadership to j: it brings j's log up to date
\* (AppendEntries) and then tells it to campaign (TimeoutNow).
\* Checks RAFT-TRANSFER-1.
TransferLeader(i, j) ==
    /\ state[i] = Leader
    /\ j /= i
    /\ UNCHANGED vars

\* Leader i tells j, whose log holds all of i's, to start an election now.
\* Checks RAFT-TRANSFER-1.
TimeoutNow(i, j) ==
    /\ state[i] = Leader
    /\ j /= i
    /\ matchIndex[i][j] = Len(log[i])
    /\ Send([mtype |-> TimeoutNowRequest, mterm |-> currentTerm[i], msource |-> i, mdest |-> j])
    /\ UNCHANGED <<serverVars, candidateVars, leaderVars, logVars, historyVars, storageVars>>

\* Leader i, which has committed an entry of its term, takes a ReadIndex
\* request: it records its commit index as the read index, and it answers
\* only once a quorum has acknowledged a heartbeat sent after the request.
\* floor is history: the highest index committed when the request arrived.
\* Checks RAFT-READ-1, RAFT-READ-2.
ReadIndex(i, ctx) ==
    /\ state[i] = Leader
    /\ commitIndex[i] > 0
    /\ log[i][commitIndex[i]].term = currentTerm[i]
    /\ \A k \in 1..Len(reads[i]) : reads[i][k].ctx /= ctx
    /\ reads' = [reads EXCEPT ![i] = Append(reads[i],
                    [ctx |-> ctx, index |-> commitIndex[i], acks |-> {i}, floor |-> MaxCommitted])]
    /\ UNCHANGED <<messages, serverVars, candidateVars, matchIndex, logVars, historyVars, storageVars>>

\* Leader i answers its oldest pending read once it or a later one has been
\* acknowledged by a quorum. Checks RAFT-READ-2, RAFT-READ-3.
AnswerRead(i) ==
    /\ state[i] = Leader
    /\ reads[i] /= << >>
    /\ \E k \in 1..Len(reads[i]) : IsQuorum(reads[i][k].acks, config[i])
    /\ reads' = [reads EXCEPT ![i] = Tail(reads[i])]
    /\ UNCHANGED <<messages, serverVars, candidateVars, matchIndex, logVars, historyVars, storageVars>>

----
\* Message handlers: i receives m from j

\* Any message with a newer term moves i to that term as a follower, except a
\* PreVote request and a granted PreVote response; i learns the leader from
\* the leader's own messages. The message is handled in a later step, in the
\* new term. Checks RAFT-ELECT-2.
UpdateTerm(i, j, m) ==
    /\ m.mterm > currentTerm[i]
    /\ m.mtype /= PreVoteRequest
    /\ ~(m.mtype = PreVoteResponse /\ m.mvoteGranted)
    /\ currentTerm' = [currentTerm EXCEPT ![i] = m.mterm]
    /\ state' = [state EXCEPT ![i] = Follower]
    /\ votedFor' = [votedFor EXCEPT ![i] = Nil]
    /\ leader' = [leader EXCEPT ![i] =
                    IF m.mtype \in {AppendEntriesRequest, HeartbeatRequest, TimeoutNowRequest, SnapshotRequest}
                    THEN j ELSE Nil]
    /\ ForgetRole(i)
    /\ UNCHANGED <<messages, logVars, historyVars, storageVars>>

\* With CheckQuorum, a server that knows a leader ignores a vote request for a
\* higher term (the leader lease); ignoring a message is always safe.
\* Checks RAFT-ELECT-8.
IgnoreVoteRequest(i, j, m) ==
    /\ CheckQuorum
    /\ leader[i] /= Nil
    /\ m.mtype \in {RequestVoteRequest, PreVoteRequest}
    /\ m.mterm > currentTerm[i]
    /\ Discard(m)
    /\ UNCHANGED <<serverVars, candidateVars, leaderVars, logVars, historyVars, storageVars>>

\* A message of an older term is not processed: a deposed leader's
\* AppendEntries or heartbeat is answered with the current term (with PreVote
\* or CheckQuorum), a stale PreVote request is rejected, anything else is
\* dropped. Checks RAFT-ELECT-9.
DropStaleMessage(i, j, m) ==
    /\ m.mterm < currentTerm[i]
    /\ CASE m.mtype \in {AppendEntriesRequest, HeartbeatRequest} /\ (PreVote \/ CheckQuorum) ->
              ReplyDurable(i, AppendEntriesResponseMsg(i, j, TRUE, 0, 0, 0), m)
         [] m.mtype = PreVoteRequest ->
              /\ Reply([mtype        |-> PreVoteResponse,
                        mterm        |-> currentTerm[i],
                        mvoteGranted |-> FALSE,
                        msource      |-> i,
                        mdest        |-> j], m)
              /\ UNCHANGED outbox
         [] OTHER -> Discard(m) /\ UNCHANGED outbox
    /\ UNCHANGED <<serverVars, candidateVars, leaderVars, logVars, historyVars, durable, writes>>

\* A vote is granted at most once per term, only to an up-to-date log, and
\* not while i knows another leader of the term.
\* Checks RAFT-ELECT-3, RAFT-ELECT-4.
HandleRequestVoteRequest(i, j, m) ==
    LET logOk == UpToDate(m.mlastLogIndex, m.mlastLogTerm, log[i])
        grant == /\ logOk
                 /\ \/ votedFor[i] = j
                    \/ votedFor[i] = Nil /\ leader[i] = Nil
    IN /\ m.mterm = currentTerm[i]
       /\ \/ grant /\ votedFor' = [votedFor EXCEPT ![i] = j]
          \/ ~grant /\ UNCHANGED votedFor
       /\ ReplyDurable(i, [mtype        |-> RequestVoteResponse,
                           mterm        |-> currentTerm[i],
                           mvoteGranted |-> grant,
                           msource      |-> i,
                           mdest        |-> j],
                        m)
       /\ UNCHANGED <<state, currentTerm, leader, candidateVars, leaderVars, logVars, historyVars, durable, writes>>

\* A PreVote is granted for a future term, or in the current term as a vote
\* would be, to an up-to-date log; it changes nothing on the voter.
\* Checks RAFT-ELECT-7.
HandlePreVoteRequest(i, j, m) ==
    LET logOk == UpToDate(m.mlastLogIndex, m.mlastLogTerm, log[i])
        grant == /\ logOk
                 /\ \/ m.mterm > currentTerm[i]
                    \/ votedFor[i] = j
                    \/ votedFor[i] = Nil /\ leader[i] = Nil
    IN /\ m.mterm >= currentTerm[i]
       /\ Reply([mtype        |-> PreVoteResponse,
                 mterm        |-> IF grant THEN m.mterm ELSE currentTerm[i],
                 mvoteGranted |-> grant,
                 msource      |-> i,
                 mdest        |-> j],
                 m)
       /\ UNCHANGED <<serverVars, candidateVars, leaderVars, logVars, historyVars, storageVars>>

\* A candidate counts the first answer of each voter.
HandleRequestVoteResponse(i, j, m) ==
    /\ m.mterm = currentTerm[i]
    /\ state[i] = Candidate
    /\ IF j \in votesResponded[i]
       THEN UNCHANGED candidateVars
       ELSE /\ votesResponded' = [votesResponded EXCEPT ![i] = votesResponded[i] \cup {j}]
            /\ IF m.mvoteGranted
               THEN votesGranted' = [votesGranted EXCEPT ![i] = votesGranted[i] \cup {j}]
               ELSE UNCHANGED votesGranted
    /\ Discard(m)
    /\ UNCHANGED <<serverVars, leaderVars, logVars, historyVars, storageVars>>

\* A pre-candidate counts the first answer of each voter: a grant carries the
\* term it asked for (or its own, if it has moved to it since), a rejection
\* its own term.
HandlePreVoteResponse(i, j, m) ==
    /\ state[i] = PreCandidate
    /\ m.mterm >= currentTerm[i]
    /\ m.mvoteGranted \/ m.mterm = currentTerm[i]
    /\ IF j \in votesResponded[i]
       THEN UNCHANGED candidateVars
       ELSE /\ votesResponded' = [votesResponded EXCEPT ![i] = votesResponded[i] \cup {j}]
            /\ IF m.mvoteGranted
               THEN votesGranted' = [votesGranted EXCEPT ![i] = votesGranted[i] \cup {j}]
               ELSE UNCHANGED votesGranted
    /\ Discard(m)
    /\ UNCHANGED <<serverVars, leaderVars, logVars, historyVars, storageVars>>

\* A (pre-)candidate learns of the leader of its term and becomes its
\* follower; the message is handled in a later step. Checks RAFT-ELECT-2.
StepDownToLeader(i, j) ==
    /\ state[i] \in {PreCandidate, Candidate}
    /\ state' = [state EXCEPT ![i] = Follower]
    /\ leader' = [leader EXCEPT ![i] = j]
    /\ ForgetRole(i)
    /\ UNCHANGED <<messages, currentTerm, votedFor, logVars, historyVars, storageVars>>

\* The consistency check, then truncation only from the first conflicting
\* entry. A request reaching below the commit index is answered with the
\* commit index, which is known to match. A conflict with a committed entry
\* (only a leader breaking Log Matching sends one) is not accepted.
\* Checks RAFT-LOG-2, RAFT-LOG-3, RAFT-LOG-4, RAFT-COMMIT-4.
HandleAppendEntriesRequest(i, j, m) ==
    LET prev == m.mprevLogIndex
        logOk == \/ prev = 0
                 \/ /\ prev > 0
                    /\ prev <= Len(log[i])
                    /\ log[i][prev].term = m.mprevLogTerm
        lastNew == prev + Len(m.mentries)
        conflicts == {k \in 1..Len(m.mentries) :
                        \/ prev + k > Len(log[i])
                        \/ log[i][prev + k].term /= m.mentries[k].term}
    IN /\ m.mterm = currentTerm[i]
       /\ \/ StepDownToLeader(i, j)
          \/ /\ state[i] = Follower
             /\ leader' = [leader EXCEPT ![i] = j]
             /\ \/ /\ prev < commitIndex[i]
                   /\ ReplyDurable(i, AppendEntriesResponseMsg(i, j, TRUE, commitIndex[i], 0, 0), m)
                   /\ UNCHANGED logVars
                \/ /\ prev >= commitIndex[i]
                   /\ logOk
                   /\ IF conflicts = {} THEN TRUE ELSE prev + Min(conflicts) > commitIndex[i]
                   /\ IF conflicts = {}
                      THEN UNCHANGED <<log, config>>
                      ELSE LET kept == prev + Min(conflicts) - 1
                               suffix == SubSeq(m.mentries, Min(conflicts), Len(m.mentries))
                               added == LastConfig(suffix, Len(suffix), NoConfig)
                           IN /\ log' = [log EXCEPT ![i] = SubSeq(log[i], 1, kept) \o suffix]
                              \* The latest configuration entry: a new one, or, if
                              \* entries were truncated, the latest left.
                              /\ config' = [config EXCEPT ![i] =
                                    IF added /= NoConfig THEN added
                                    ELSE IF kept >= Len(log[i]) THEN config[i]
                                    ELSE ConfigOf(i, SubSeq(log[i], 1, kept))]
                   /\ commitIndex' = [commitIndex EXCEPT ![i] =
                                        Max({commitIndex[i], Min({m.mcommitIndex, lastNew})})]
                   /\ UNCHANGED snapshotIndex
                   /\ ReplyDurable(i, AppendEntriesResponseMsg(i, j, TRUE, lastNew, 0, 0), m)
                \/ /\ prev >= commitIndex[i]
                   /\ ~logOk
                   /\ ReplyDurable(i, AppendEntriesResponseMsg(i, j, FALSE, prev,
                                                     HintIndex(log[i], prev, commitIndex[i]), HintTerm(log[i], prev)), m)
                   /\ UNCHANGED logVars
             /\ UNCHANGED <<currentTerm, state, votedFor, candidateVars, leaderVars, durable, writes>>
       /\ UNCHANGED historyVars

\* A leader records how far j's log matches; a rejection only changes which
\* entries it sends next. Checks RAFT-LOG-5.
HandleAppendEntriesResponse(i, j, m) ==
    /\ m.mterm = currentTerm[i]
    /\ state[i] = Leader
    /\ m.msuccess => m.mindex <= Len(log[i])
    /\ IF m.msuccess
       THEN matchIndex' = [matchIndex EXCEPT ![i][j] = Max({matchIndex[i][j], m.mindex})]
       ELSE UNCHANGED matchIndex
    /\ Discard(m)
    /\ UNCHANGED <<serverVars, candidateVars, reads, logVars, historyVars, storageVars>>

\* A follower takes the commit index a heartbeat vouches for and echoes its
\* read context. Checks RAFT-COMMIT-4, RAFT-READ-2.
HandleHeartbeatRequest(i, j, m) ==
    /\ m.mterm = currentTerm[i]
    /\ \/ StepDownToLeader(i, j)
       \/ /\ state[i] = Follower
          /\ leader' = [leader EXCEPT ![i] = j]
          /\ commitIndex' = [commitIndex EXCEPT ![i] =
                               Max({commitIndex[i], Min({m.mcommitIndex, Len(log[i])})})]
          /\ UNCHANGED snapshotIndex
          /\ Reply([mtype    |-> HeartbeatResponse,
                    mterm    |-> currentTerm[i],
                    mcontext |-> m.mcontext,
                    msource  |-> i,
                    mdest    |-> j], m)
          /\ UNCHANGED <<currentTerm, state, votedFor, log, config, candidateVars, leaderVars, storageVars>>
    /\ UNCHANGED historyVars

\* A leader counts j's acknowledgement toward the read whose context the
\* heartbeat carried. Checks RAFT-READ-2.
HandleHeartbeatResponse(i, j, m) ==
    /\ m.mterm = currentTerm[i]
    /\ state[i] = Leader
    /\ reads' = [reads EXCEPT ![i] =
                   [k \in 1..Len(reads[i]) |->
                      IF reads[i][k].ctx = m.mcontext
                      THEN [reads[i][k] EXCEPT !.acks = @ \cup {j}]
                      ELSE reads[i][k]]]
    /\ Discard(m)
    /\ UNCHANGED <<serverVars, candidateVars, matchIndex, logVars, historyVars, storageVars>>

\* Server i's application snapshots its state machine at a committed index s
\* and compacts its log up to it. Checks RAFT-SNAP-2.
CompactLog(i, s) ==
    /\ s > snapshotIndex[i]
    /\ s <= commitIndex[i]
    /\ snapshotIndex' = [snapshotIndex EXCEPT ![i] = s]
    /\ SnapshotDurable(i, s)
    /\ UNCHANGED <<messages, serverVars, candidateVars, leaderVars, log, commitIndex, config, historyVars, writes, outbox>>

\* Leader i sends j its snapshot, at a committed index s that covers an entry
\* j is not known to hold (its application compacts up to s first, if it
\* had not yet). The message stands for one chunk of the snapshot; its
\* contents are i's log up to s, which no step changes once committed and
\* snapshotted (CommittedEntriesStable), so the receiver takes them from
\* there. Checks RAFT-SNAP-3.
SendSnapshot(i, j, s) ==
    /\ i /= j
    /\ state[i] = Leader
    /\ j \in Members(config[i])
    /\ s >= Max({snapshotIndex[i], 1})
    /\ s <= commitIndex[i]
    /\ matchIndex[i][j] < s
    /\ snapshotIndex' = [snapshotIndex EXCEPT ![i] = s]
    /\ Send([mtype      |-> SnapshotRequest,
             mterm      |-> currentTerm[i],
             msnapIndex |-> s,
             msnapTerm  |-> log[i][s].term,
             msource    |-> i,
             mdest      |-> j])
    /\ SnapshotDurable(i, s)
    /\ UNCHANGED <<serverVars, candidateVars, leaderVars, log, commitIndex, config, historyVars, writes, outbox>>

\* Follower i takes a chunk of the leader's snapshot without installing it:
\* more chunks are to come (it answers with how much it holds, which the
\* specification does not track), or the snapshot is at or below its commit
\* index (it answers with its commit index). A (pre-)candidate first learns
\* of the leader of its term. Checks RAFT-SNAP-4, RAFT-SNAP-6.
HandleSnapshotRequest(i, j, m) ==
    /\ m.mterm = currentTerm[i]
    /\ \/ StepDownToLeader(i, j)
       \/ /\ state[i] = Follower
          /\ leader' = [leader EXCEPT ![i] = j]
          /\ IF m.msnapIndex <= commitIndex[i]
             THEN ReplyDurable(i, AppendEntriesResponseMsg(i, j, TRUE, commitIndex[i], 0, 0), m)
             ELSE /\ Reply([mtype      |-> SnapshotResponse,
                            mterm      |-> currentTerm[i],
                            msnapIndex |-> m.msnapIndex,
                            msnapTerm  |-> m.msnapTerm,
                            msource    |-> i,
                            mdest      |-> j], m)
                  /\ UNCHANGED outbox
          /\ UNCHANGED <<currentTerm, state, votedFor, logVars, candidateVars, leaderVars, durable, writes>>
    /\ UNCHANGED historyVars

\* Follower i, with the last chunk of a snapshot newer than its commit index,
\* installs it: its log becomes the snapshot's (the leader's log up to it),
\* committed, unless it already holds the snapshot's last entry, in which
\* case it keeps its log and only commits up to it. Either way it answers
\* that its log matches the leader's up to the snapshot's index, and no
\* further: entries after it may be of a stale term. It never loses an entry
\* it committed: the snapshot covers them. Checks RAFT-SNAP-5, RAFT-SNAP-6.
InstallSnapshot(i, j, m) ==
    /\ m.mterm = currentTerm[i]
    /\ state[i] = Follower
    /\ m.msnapIndex > commitIndex[i]
    /\ leader' = [leader EXCEPT ![i] = j]
    /\ commitIndex' = [commitIndex EXCEPT ![i] = m.msnapIndex]
    /\ IF m.msnapIndex <= Len(log[i]) /\ log[i][m.msnapIndex].term = m.msnapTerm
       THEN /\ UNCHANGED <<log, snapshotIndex, config>>
            \* Only the entries up to the snapshot are known to match the leader's.
            /\ ReplyDurable(i, AppendEntriesResponseMsg(i, j, TRUE, m.msnapIndex, 0, 0), m)
       ELSE /\ log' = [log EXCEPT ![i] = SubSeq(log[j], 1, m.msnapIndex)]
            \* The snapshot's configuration: as of its last entry.
            /\ config' = [config EXCEPT ![i] = ConfigOf(i, SubSeq(log[j], 1, m.msnapIndex))]
            /\ snapshotIndex' = [snapshotIndex EXCEPT ![i] = m.msnapIndex]
            /\ ReplyDurable(i, AppendEntriesResponseMsg(i, j, TRUE, m.msnapIndex, 0, 0), m)
    /\ UNCHANGED <<currentTerm, state, votedFor, candidateVars, leaderVars, historyVars, durable, writes>>

\* A leader learns how much of its snapshot j holds, which the specification
\* does not track. Checks RAFT-SNAP-4.
HandleSnapshotResponse(i, j, m) ==
    /\ m.mterm = currentTerm[i]
    /\ state[i] = Leader
    /\ Discard(m)
    /\ UNCHANGED <<serverVars, candidateVars, leaderVars, logVars, historyVars, storageVars>>

\* A follower told by the leader of its term to campaign starts an election
\* at once, skipping PreVote. Checks RAFT-TRANSFER-2.
HandleTimeoutNow(i, j, m) ==
    /\ m.mterm = currentTerm[i]
    /\ state[i] = Follower
    /\ Promotable(i)
    /\ state' = [state EXCEPT ![i] = Candidate]
    /\ currentTerm' = [currentTerm EXCEPT ![i] = currentTerm[i] + 1]
    /\ votedFor' = [votedFor EXCEPT ![i] = i]
    /\ leader' = [leader EXCEPT ![i] = Nil]
    /\ votesResponded' = [votesResponded EXCEPT ![i] = OwnVote(i)]
    /\ votesGranted' = [votesGranted EXCEPT ![i] = OwnVote(i)]
    /\ Discard(m)
    /\ UNCHANGED <<leaderVars, logVars, historyVars, storageVars>>

\* With asynchronous writes, server i hands its state to its storage (a
\* Ready's MsgStorageAppend), with the answers waiting for it, when it has
\* something to write: a state unlike its last write's, or answers.
\* Checks RAFT-PERSIST-5.
StorageAppend(i) ==
    LET last == IF writes[i] = << >> THEN durable[i] ELSE writes[i][Len(writes[i])].state
    IN /\ AsyncWrites
       /\ StateOf(i) /= last \/ outbox[i] /= << >>
       /\ writes' = [writes EXCEPT ![i] = Append(@, [state |-> StateOf(i), msgs |-> outbox[i]])]
       /\ outbox' = [outbox EXCEPT ![i] = << >>]
       /\ UNCHANGED <<messages, serverVars, candidateVars, leaderVars, logVars, historyVars, durable>>

\* With asynchronous writes, server i's oldest write is durable (writes
\* complete in order): its storage holds the state i had when it handed the
\* write out (with any later snapshot of its application), and the answers
\* waiting for it are sent. If i's term has not changed since, a leader counts
\* its own log up to the write's, and a candidate its own vote if the write
\* holds it (a write of an earlier term says nothing of the state since).
\* Checks RAFT-PERSIST-5, RAFT-COMMIT-1.
HandleStorageAppendResponse(i) ==
    LET s == Head(writes[i]).state
    IN /\ AsyncWrites
       /\ writes[i] /= << >>
       /\ writes' = [writes EXCEPT ![i] = Tail(@)]
       /\ durable' = [durable EXCEPT ![i] = [s EXCEPT !.snapshotIndex = Max({@, durable[i].snapshotIndex})]]
       /\ messages' = WithMessages(Head(writes[i]).msgs, messages)
       /\ IF s.term = currentTerm[i] /\ state[i] = Leader
          THEN matchIndex' = [matchIndex EXCEPT ![i][i] = Max({@, Len(s.log)})]
          ELSE UNCHANGED matchIndex
       /\ IF s.term = currentTerm[i] /\ state[i] = Candidate /\ s.vote = i
          THEN /\ votesResponded' = [votesResponded EXCEPT ![i] = @ \cup {i}]
               /\ votesGranted' = [votesGranted EXCEPT ![i] = @ \cup {i}]
          ELSE UNCHANGED candidateVars
       /\ UNCHANGED <<serverVars, reads, logVars, historyVars, outbox>>

Receive(m) ==
    LET i == m.mdest
        j == m.msource
    IN \/ UpdateTerm(i, j, m)
       \/ IgnoreVoteRequest(i, j, m)
       \/ DropStaleMessage(i, j, m)
       \/ m.mtype = RequestVoteRequest /\ HandleRequestVoteRequest(i, j, m)
       \/ m.mtype = PreVoteRequest /\ HandlePreVoteRequest(i, j, m)
       \/ m.mtype = RequestVoteResponse /\ HandleRequestVoteResponse(i, j, m)
       \/ m.mtype = PreVoteResponse /\ HandlePreVoteResponse(i, j, m)
       \/ m.mtype = AppendEntriesRequest /\ HandleAppendEntriesRequest(i, j, m)
       \/ m.mtype = AppendEntriesResponse /\ HandleAppendEntriesResponse(i, j, m)
       \/ m.mtype = HeartbeatRequest /\ HandleHeartbeatRequest(i, j, m)
       \/ m.mtype = HeartbeatResponse /\ HandleHeartbeatResponse(i, j, m)
       \/ m.mtype = TimeoutNowRequest /\ HandleTimeoutNow(i, j, m)
       \/ m.mtype = SnapshotRequest /\ HandleSnapshotRequest(i, j, m)
       \/ m.mtype = SnapshotRequest /\ InstallSnapshot(i, j, m)
       \/ m.mtype = SnapshotResponse /\ HandleSnapshotResponse(i, j, m)

\* The network duplicates or loses a message.
DuplicateMessage(m) ==
    /\ Send(m)
    /\ UNCHANGED <<serverVars, candidateVars, leaderVars, logVars, historyVars, storageVars>>

DropMessage(m) ==
    /\ Discard(m)
    /\ UNCHANGED <<serverVars, candidateVars, leaderVars, logVars, historyVars, storageVars>>

----
Next ==
    \/ \E i \in Server : Restart(i)
    \/ \E i \in Server : Timeout(i)
    \/ \E i \in Server : BecomeCandidate(i)
    \/ \E i \in Server : LoseElection(i)
    \/ \E i, j \in Server : RequestVote(i, j)
    \/ \E i \in Server : BecomeLeader(i)
    \/ \E i \in Server, v \in Value : ClientRequest(i, v)
    \/ \E i \in Server : \E n \in 1..Len(log[i]) : AdvanceCommitIndex(i, n)
    \/ \E i, j \in Server : \E prev, n \in 0..Len(log[i]) : AppendEntries(i, j, prev, n)
    \/ \E i, j \in Server : Heartbeat(i, j)
    \/ \E i \in Server : CheckQuorumStepDown(i)
    \/ \E i \in Server : \E c \in NextConfigs(config[i]) : ProposeConfChange(i, c)
    \/ \E i \in Server : StepDownRemoved(i)
    \/ \E i, j \in Server : TransferLeader(i, j)
    \/ \E i, j \in Server : TimeoutNow(i, j)
    \/ \E i \in Server, ctx \in ReadContext : ReadIndex(i, ctx)
    \/ \E i \in Server : AnswerRead(i)
    \/ \E i \in Server : \E s \in 1..commitIndex[i] : CompactLog(i, s)
    \/ \E i, j \in Server : \E s \in 1..commitIndex[i] : SendSnapshot(i, j, s)
    \/ \E i \in Server : StorageAppend(i)
    \/ \E i \in Server : HandleStorageAppendResponse(i)
    \/ \E m \in DOMAIN messages : Receive(m)
    \/ \E m \in DOMAIN messages : DuplicateMessage(m)
    \/ \E m \in DOMAIN messages : DropMessage(m)

Spec == Init /\ [][Next]_vars

----
\* Invariants

TypeOK ==
    /\ currentTerm \in [Server -> Nat]
    /\ state \in [Server -> {Follower, PreCandidate, Candidate, Leader}]
    /\ votedFor \in [Server -> Server \cup {Nil}]
    /\ leader \in [Server -> Server \cup {Nil}]
    /\ commitIndex \in [Server -> Nat]
    /\ \A i \in Server : commitIndex[i] <= Len(log[i])
    /\ snapshotIndex \in [Server -> Nat]
    /\ \A m \in DOMAIN messages : messages[m] > 0
    /\ \A i \in Server : reads[i] /= << >> => state[i] = Leader
    /\ AsyncWrites \/ \A i \in Server : writes[i] = << >> /\ outbox[i] = << >>

\* Every server uses the configuration of the latest configuration entry in
\* its log. Checks RAFT-CONF-1.
ConfigIsLatestEntry ==
    \A i \in Server : config[i] = ConfigOf(i, log[i])

\* At most one leader per term, over the whole history.
\* Checks RAFT-ELECT-3, RAFT-ELECT-5.
ElectionSafety ==
    \A e, f \in elections : e[1] = f[1] => e[2] = f[2]

\* If two logs hold an entry with the same index and term, they agree on every
\* entry up to that index.
\* Checks RAFT-LOG-2.
LogMatching ==
    \A i, j \in Server :
        \A n \in 1..Min({Len(log[i]), Len(log[j])}) :
            log[i][n].term = log[j][n].term =>
                SubSeq(log[i], 1, n) = SubSeq(log[j], 1, n)

\* A leader of a term after the one in which an entry was committed holds it.
\* Checks RAFT-COMMIT-2, RAFT-ELECT-4.
LeaderCompleteness ==
    \A c \in everCommitted :
        \A l \in Server :
            (state[l] = Leader /\ currentTerm[l] > c.term) =>
                /\ Len(log[l]) >= c.index
                /\ log[l][c.index] = c.entry

\* No two servers apply different entries at the same index.
\* Checks RAFT-COMMIT-4.
StateMachineSafety ==
    \A i, j \in Server :
        \A n \in 1..Min({commitIndex[i], commitIndex[j]}) :
            log[i][n] = log[j][n]

\* Every entry ever committed is still stored on a quorum.
\* Checks RAFT-PERSIST-1, RAFT-LOG-3.
CommittedEntriesNeverLost ==
    \A c \in everCommitted :
        \E Q \in Quorum(c.config) :
            \A s \in Q : Len(log[s]) >= c.index /\ log[s][c.index] = c.entry

\* A snapshot covers only entries its server has committed, as they were
\* committed. Checks RAFT-SNAP-2, RAFT-SNAP-6.
SnapshotsCommitted ==
    \A i \in Server :
        /\ snapshotIndex[i] <= commitIndex[i]
        /\ \A n \in 1..snapshotIndex[i] :
              \E c \in everCommitted : c.index = n /\ c.entry = log[i][n]

\* No step changes an entry a server has committed: a follower never loses one
\* by installing a snapshot, nor by truncating its log. An action property.
\* Checks RAFT-SNAP-6, RAFT-LOG-3.
CommittedEntriesStable ==
    [][\A i \in Server :
          \A n \in 1..commitIndex[i] : n <= Len(log'[i]) /\ log'[i][n] = log[i][n]]_vars

\* A leader knows only itself as leader, and a server knows at most the one
\* leader of its term. Checks RAFT-ELECT-2.
LeaderKnowledge ==
    \A i \in Server :
        /\ state[i] = Leader => leader[i] = i
        /\ leader[i] /= Nil => <<currentTerm[i], leader[i]>> \in elections

\* A read a leader may answer (it, or a later one, has a quorum of
\* acknowledgements) returns every entry committed before it was asked: its
\* read index is at least the highest index committed by then, so the read
\* is linearizable. Checks RAFT-READ-1, RAFT-READ-2.
ReadIndexSafety ==
    \A i \in Server :
        \A k \in 1..Len(reads[i]) :
            (\E h \in k..Len(reads[i]) : IsQuorum(reads[i][h].acks, config[i])) =>
                reads[i][k].index >= reads[i][k].floor

=============================================================================
