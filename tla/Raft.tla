-------------------------------- MODULE Raft --------------------------------
(***************************************************************************)
(* Raft consensus, in the style of Diego Ongaro's raft.tla (thesis,        *)
(* appendix), extended with PreVote (thesis 9.6) and with the no-op entry  *)
(* a new leader appends. Messages travel in a bag and may be reordered,    *)
(* duplicated and dropped; servers may restart, keeping currentTerm,       *)
(* votedFor and log (the persistence contract, RAFT-PERSIST-1).            *)
(*                                                                         *)
(* The Go core in raft/ names its trace events after these actions.        *)
(* Optimizations that cannot affect safety are not modeled: fast           *)
(* backtracking (the leader here decrements nextIndex by one),             *)
(* pipelining, CheckQuorum and the leader lease that makes voters ignore   *)
(* disruptive vote requests (ignoring a message is always safe), ReadIndex *)
(* and leadership transfer. Requirements are in spec/raft.md.             *)
(***************************************************************************)
EXTENDS Naturals, Integers, Sequences, FiniteSets, TLC

CONSTANTS Server,          \* the set of server IDs
          Value,           \* the set of client values
          PreVote          \* TRUE to run the PreVote phase before elections

CONSTANTS Follower, PreCandidate, Candidate, Leader
CONSTANTS Nil
CONSTANTS RequestVoteRequest, RequestVoteResponse,
          PreVoteRequest, PreVoteResponse,
          AppendEntriesRequest, AppendEntriesResponse

VARIABLE messages          \* bag of messages in flight: message -> count > 0
VARIABLE currentTerm, state, votedFor
VARIABLE log, commitIndex
VARIABLE votesResponded, votesGranted
VARIABLE nextIndex, matchIndex
\* History variables, used only by the invariants.
VARIABLE elections         \* set of <<term, leader>> pairs, one per BecomeLeader
VARIABLE everCommitted     \* set of [index, term, entry]: entry committed by a leader of term

serverVars == <<currentTerm, state, votedFor>>
logVars == <<log, commitIndex>>
candidateVars == <<votesResponded, votesGranted>>
leaderVars == <<nextIndex, matchIndex>>
historyVars == <<elections, everCommitted>>
vars == <<messages, serverVars, logVars, candidateVars, leaderVars, historyVars>>

----
\* Helpers

Quorum == {Q \in SUBSET Server : Cardinality(Q) * 2 > Cardinality(Server)}

Min(s) == CHOOSE x \in s : \A y \in s : x <= y
Max(s) == CHOOSE x \in s : \A y \in s : x >= y

LastTerm(xlog) == IF Len(xlog) = 0 THEN 0 ELSE xlog[Len(xlog)].term

\* xlog ends at (lastIndex, lastTerm) no later than a log ending at (idx, trm).
\* Checks RAFT-ELECT-4.
UpToDate(idx, trm, xlog) ==
    \/ trm > LastTerm(xlog)
    \/ /\ trm = LastTerm(xlog)
       /\ idx >= Len(xlog)

WithMessage(m, msgs) ==
    IF m \in DOMAIN msgs
    THEN [msgs EXCEPT ![m] = msgs[m] + 1]
    ELSE msgs @@ (m :> 1)

WithoutMessage(m, msgs) ==
    IF msgs[m] <= 1
    THEN [n \in DOMAIN msgs \ {m} |-> msgs[n]]
    ELSE [msgs EXCEPT ![m] = msgs[m] - 1]

Send(m) == messages' = WithMessage(m, messages)
Discard(m) == messages' = WithoutMessage(m, messages)
Reply(response, request) ==
    messages' = WithoutMessage(request, WithMessage(response, messages))

----
\* Initial state

Init ==
    /\ messages = [m \in {} |-> 0]
    /\ currentTerm = [i \in Server |-> 0]
    /\ state = [i \in Server |-> Follower]
    /\ votedFor = [i \in Server |-> Nil]
    /\ log = [i \in Server |-> << >>]
    /\ commitIndex = [i \in Server |-> 0]
    /\ votesResponded = [i \in Server |-> {}]
    /\ votesGranted = [i \in Server |-> {}]
    /\ nextIndex = [i \in Server |-> [j \in Server |-> 1]]
    /\ matchIndex = [i \in Server |-> [j \in Server |-> 0]]
    /\ elections = {}
    /\ everCommitted = {}

----
\* Actions of one server

\* Server i restarts from stable storage: term, vote and log survive.
\* Checks RAFT-PERSIST-3.
Restart(i) ==
    /\ state' = [state EXCEPT ![i] = Follower]
    /\ votesResponded' = [votesResponded EXCEPT ![i] = {}]
    /\ votesGranted' = [votesGranted EXCEPT ![i] = {}]
    /\ nextIndex' = [nextIndex EXCEPT ![i] = [j \in Server |-> 1]]
    /\ matchIndex' = [matchIndex EXCEPT ![i] = [j \in Server |-> 0]]
    /\ commitIndex' = [commitIndex EXCEPT ![i] = 0]
    /\ UNCHANGED <<messages, currentTerm, votedFor, log, historyVars>>

\* Server i times out. With PreVote it becomes a pre-candidate without
\* touching its term or vote; otherwise it starts an election directly.
\* Checks RAFT-ELECT-1, RAFT-ELECT-7.
Timeout(i) ==
    /\ state[i] \in {Follower, PreCandidate, Candidate}
    /\ IF PreVote
       THEN /\ state' = [state EXCEPT ![i] = PreCandidate]
            /\ UNCHANGED <<currentTerm, votedFor>>
       ELSE /\ state' = [state EXCEPT ![i] = Candidate]
            /\ currentTerm' = [currentTerm EXCEPT ![i] = currentTerm[i] + 1]
            /\ votedFor' = [votedFor EXCEPT ![i] = i]
    /\ votesResponded' = [votesResponded EXCEPT ![i] = {i}]
    /\ votesGranted' = [votesGranted EXCEPT ![i] = {i}]
    /\ UNCHANGED <<messages, leaderVars, logVars, historyVars>>

\* A pre-candidate with a quorum of PreVotes starts the real election.
BecomeCandidate(i) ==
    /\ state[i] = PreCandidate
    /\ votesGranted[i] \in Quorum
    /\ state' = [state EXCEPT ![i] = Candidate]
    /\ currentTerm' = [currentTerm EXCEPT ![i] = currentTerm[i] + 1]
    /\ votedFor' = [votedFor EXCEPT ![i] = i]
    /\ votesResponded' = [votesResponded EXCEPT ![i] = {i}]
    /\ votesGranted' = [votesGranted EXCEPT ![i] = {i}]
    /\ UNCHANGED <<messages, leaderVars, logVars, historyVars>>

\* Candidate (or pre-candidate) i asks server j for a vote.
RequestVote(i, j) ==
    /\ state[i] \in {PreCandidate, Candidate}
    /\ j \notin votesResponded[i]
    /\ Send([mtype         |-> IF state[i] = Candidate THEN RequestVoteRequest ELSE PreVoteRequest,
             mterm         |-> IF state[i] = Candidate THEN currentTerm[i] ELSE currentTerm[i] + 1,
             mlastLogTerm  |-> LastTerm(log[i]),
             mlastLogIndex |-> Len(log[i]),
             msource       |-> i,
             mdest         |-> j])
    /\ UNCHANGED <<serverVars, candidateVars, leaderVars, logVars, historyVars>>

\* Leader i sends j an AppendEntries request with at most one entry.
AppendEntries(i, j) ==
    /\ i /= j
    /\ state[i] = Leader
    /\ LET prevLogIndex == nextIndex[i][j] - 1
           prevLogTerm == IF prevLogIndex > 0 THEN log[i][prevLogIndex].term ELSE 0
           lastEntry == Min({Len(log[i]), nextIndex[i][j]})
           entries == SubSeq(log[i], nextIndex[i][j], lastEntry)
       IN Send([mtype          |-> AppendEntriesRequest,
                mterm          |-> currentTerm[i],
                mprevLogIndex  |-> prevLogIndex,
                mprevLogTerm   |-> prevLogTerm,
                mentries       |-> entries,
                mcommitIndex   |-> Min({commitIndex[i], lastEntry}),
                msource        |-> i,
                mdest          |-> j])
    /\ UNCHANGED <<serverVars, candidateVars, leaderVars, logVars, historyVars>>

\* Candidate i with a quorum of votes becomes leader and appends a no-op of its
\* term, so that entries of earlier terms can be committed.
\* Checks RAFT-ELECT-5, RAFT-COMMIT-3.
BecomeLeader(i) ==
    /\ state[i] = Candidate
    /\ votesGranted[i] \in Quorum
    /\ state' = [state EXCEPT ![i] = Leader]
    /\ nextIndex' = [nextIndex EXCEPT ![i] = [j \in Server |-> Len(log[i]) + 1]]
    /\ matchIndex' = [matchIndex EXCEPT ![i] = [j \in Server |-> 0]]
    /\ log' = [log EXCEPT ![i] = Append(log[i], [term |-> currentTerm[i], value |-> Nil])]
    /\ elections' = elections \cup {<<currentTerm[i], i>>}
    /\ UNCHANGED <<messages, currentTerm, votedFor, candidateVars, commitIndex, everCommitted>>

\* Leader i appends a client value to its log.
\* Checks RAFT-LOG-1.
ClientRequest(i, v) ==
    /\ state[i] = Leader
    /\ log' = [log EXCEPT ![i] = Append(log[i], [term |-> currentTerm[i], value |-> v])]
    /\ UNCHANGED <<messages, serverVars, candidateVars, leaderVars, commitIndex, historyVars>>

\* Leader i commits the highest index stored on a quorum, if it is of its term.
\* Checks RAFT-COMMIT-1, RAFT-COMMIT-2.
AdvanceCommitIndex(i) ==
    /\ state[i] = Leader
    /\ LET Agree(index) == {i} \cup {k \in Server : matchIndex[i][k] >= index}
           agreeIndexes == {index \in 1..Len(log[i]) : Agree(index) \in Quorum}
           newCommitIndex ==
               IF /\ agreeIndexes /= {}
                  /\ log[i][Max(agreeIndexes)].term = currentTerm[i]
               THEN Max(agreeIndexes)
               ELSE commitIndex[i]
       IN /\ newCommitIndex > commitIndex[i]
          /\ commitIndex' = [commitIndex EXCEPT ![i] = newCommitIndex]
          /\ everCommitted' = everCommitted \cup
                {[index |-> n, term |-> currentTerm[i], entry |-> log[i][n]] :
                    n \in (commitIndex[i] + 1)..newCommitIndex}
    /\ UNCHANGED <<messages, serverVars, candidateVars, leaderVars, log, elections>>

----
\* Message handlers: i receives m from j

\* Any message with a newer term moves i to that term as a follower, except a
\* PreVote request and a granted PreVote response.
\* Checks RAFT-ELECT-2.
UpdateTerm(i, j, m) ==
    /\ m.mterm > currentTerm[i]
    /\ m.mtype /= PreVoteRequest
    /\ ~(m.mtype = PreVoteResponse /\ m.mvoteGranted)
    /\ currentTerm' = [currentTerm EXCEPT ![i] = m.mterm]
    /\ state' = [state EXCEPT ![i] = Follower]
    /\ votedFor' = [votedFor EXCEPT ![i] = Nil]
    \* Candidate and leader bookkeeping is meaningless in the new role; clearing it
    \* (as Restart does) keeps the state space small without changing behaviors.
    /\ votesResponded' = [votesResponded EXCEPT ![i] = {}]
    /\ votesGranted' = [votesGranted EXCEPT ![i] = {}]
    /\ nextIndex' = [nextIndex EXCEPT ![i] = [k \in Server |-> 1]]
    /\ matchIndex' = [matchIndex EXCEPT ![i] = [k \in Server |-> 0]]
    \* the message is handled in a later step, in the new term
    /\ UNCHANGED <<messages, logVars, historyVars>>

\* Checks RAFT-ELECT-3, RAFT-ELECT-4.
HandleRequestVoteRequest(i, j, m) ==
    LET logOk == UpToDate(m.mlastLogIndex, m.mlastLogTerm, log[i])
        grant == /\ m.mterm = currentTerm[i]
                 /\ logOk
                 /\ votedFor[i] \in {Nil, j}
    IN /\ m.mterm <= currentTerm[i]
       /\ \/ grant /\ votedFor' = [votedFor EXCEPT ![i] = j]
          \/ ~grant /\ UNCHANGED votedFor
       /\ Reply([mtype        |-> RequestVoteResponse,
                 mterm        |-> currentTerm[i],
                 mvoteGranted |-> grant,
                 msource      |-> i,
                 mdest        |-> j],
                 m)
       /\ UNCHANGED <<state, currentTerm, candidateVars, leaderVars, logVars, historyVars>>

\* A PreVote is granted for a future term to an up-to-date log; it changes
\* nothing on the voter.
\* Checks RAFT-ELECT-7.
HandlePreVoteRequest(i, j, m) ==
    LET logOk == UpToDate(m.mlastLogIndex, m.mlastLogTerm, log[i])
        grant == /\ logOk
                 /\ \/ m.mterm > currentTerm[i]
                    \/ m.mterm = currentTerm[i] /\ votedFor[i] \in {Nil, j}
    IN /\ Reply([mtype        |-> PreVoteResponse,
                 mterm        |-> IF grant THEN m.mterm ELSE currentTerm[i],
                 mvoteGranted |-> grant,
                 msource      |-> i,
                 mdest        |-> j],
                 m)
       /\ UNCHANGED <<serverVars, candidateVars, leaderVars, logVars, historyVars>>

HandleRequestVoteResponse(i, j, m) ==
    /\ m.mterm = currentTerm[i]
    /\ state[i] = Candidate
    /\ votesResponded' = [votesResponded EXCEPT ![i] = votesResponded[i] \cup {j}]
    /\ IF m.mvoteGranted
       THEN votesGranted' = [votesGranted EXCEPT ![i] = votesGranted[i] \cup {j}]
       ELSE UNCHANGED votesGranted
    /\ Discard(m)
    /\ UNCHANGED <<serverVars, leaderVars, logVars, historyVars>>

HandlePreVoteResponse(i, j, m) ==
    /\ state[i] = PreCandidate
    /\ IF m.mvoteGranted THEN m.mterm = currentTerm[i] + 1 ELSE m.mterm = currentTerm[i]
    /\ votesResponded' = [votesResponded EXCEPT ![i] = votesResponded[i] \cup {j}]
    /\ IF m.mvoteGranted
       THEN votesGranted' = [votesGranted EXCEPT ![i] = votesGranted[i] \cup {j}]
       ELSE UNCHANGED votesGranted
    /\ Discard(m)
    /\ UNCHANGED <<serverVars, leaderVars, logVars, historyVars>>

\* The consistency check, then truncation only from the first conflicting entry.
\* Checks RAFT-LOG-2, RAFT-LOG-3, RAFT-COMMIT-4.
HandleAppendEntriesRequest(i, j, m) ==
    LET logOk == \/ m.mprevLogIndex = 0
                 \/ /\ m.mprevLogIndex > 0
                    /\ m.mprevLogIndex <= Len(log[i])
                    /\ m.mprevLogTerm = log[i][m.mprevLogIndex].term
        index == m.mprevLogIndex + 1
        lastNew == m.mprevLogIndex + Len(m.mentries)
    IN /\ m.mterm <= currentTerm[i]
       /\ \/ \* reject
             /\ \/ m.mterm < currentTerm[i]
                \/ /\ m.mterm = currentTerm[i]
                   /\ state[i] = Follower
                   /\ ~logOk
             /\ Reply([mtype        |-> AppendEntriesResponse,
                       mterm        |-> currentTerm[i],
                       msuccess     |-> FALSE,
                       mmatchIndex  |-> 0,
                       msource      |-> i,
                       mdest        |-> j],
                       m)
             /\ UNCHANGED <<serverVars, logVars>>
          \/ \* a (pre-)candidate learns of the leader of its term
             /\ m.mterm = currentTerm[i]
             /\ state[i] \in {PreCandidate, Candidate}
             /\ state' = [state EXCEPT ![i] = Follower]
             /\ UNCHANGED <<currentTerm, votedFor, logVars, messages>>
          \/ \* accept
             /\ m.mterm = currentTerm[i]
             /\ state[i] = Follower
             /\ logOk
             /\ IF \/ m.mentries = << >>
                   \/ /\ Len(log[i]) >= index
                      /\ log[i][index].term = m.mentries[1].term
                THEN UNCHANGED log
                ELSE log' = [log EXCEPT ![i] = Append(SubSeq(log[i], 1, m.mprevLogIndex), m.mentries[1])]
             /\ commitIndex' = [commitIndex EXCEPT ![i] =
                                   Max({commitIndex[i], Min({m.mcommitIndex, lastNew})})]
             /\ Reply([mtype        |-> AppendEntriesResponse,
                       mterm        |-> currentTerm[i],
                       msuccess     |-> TRUE,
                       mmatchIndex  |-> lastNew,
                       msource      |-> i,
                       mdest        |-> j],
                       m)
             /\ UNCHANGED serverVars
       /\ UNCHANGED <<candidateVars, leaderVars, historyVars>>

\* Checks RAFT-LOG-5.
HandleAppendEntriesResponse(i, j, m) ==
    /\ m.mterm = currentTerm[i]
    /\ state[i] = Leader
    /\ IF m.msuccess
       THEN /\ nextIndex' = [nextIndex EXCEPT ![i][j] = Max({nextIndex[i][j], m.mmatchIndex + 1})]
            /\ matchIndex' = [matchIndex EXCEPT ![i][j] = Max({matchIndex[i][j], m.mmatchIndex})]
       ELSE /\ nextIndex' = [nextIndex EXCEPT ![i][j] = Max({nextIndex[i][j] - 1, matchIndex[i][j] + 1})]
            /\ UNCHANGED matchIndex
    /\ Discard(m)
    /\ UNCHANGED <<serverVars, candidateVars, logVars, historyVars>>

\* Responses from an older term (and vote responses to a server that moved on)
\* carry no information.
DropStaleResponse(i, j, m) ==
    /\ m.mtype \in {RequestVoteResponse, PreVoteResponse, AppendEntriesResponse}
    /\ \/ m.mterm < currentTerm[i]
       \/ m.mtype = RequestVoteResponse /\ state[i] /= Candidate /\ m.mterm = currentTerm[i]
       \/ m.mtype = PreVoteResponse /\ state[i] /= PreCandidate /\ m.mterm <= currentTerm[i] + 1
       \/ m.mtype = AppendEntriesResponse /\ state[i] /= Leader /\ m.mterm = currentTerm[i]
    /\ Discard(m)
    /\ UNCHANGED <<serverVars, candidateVars, leaderVars, logVars, historyVars>>

Receive(m) ==
    LET i == m.mdest
        j == m.msource
    IN \/ UpdateTerm(i, j, m)
       \/ m.mtype = RequestVoteRequest /\ HandleRequestVoteRequest(i, j, m)
       \/ m.mtype = PreVoteRequest /\ HandlePreVoteRequest(i, j, m)
       \/ m.mtype = RequestVoteResponse /\ HandleRequestVoteResponse(i, j, m)
       \/ m.mtype = PreVoteResponse /\ HandlePreVoteResponse(i, j, m)
       \/ m.mtype = AppendEntriesRequest /\ HandleAppendEntriesRequest(i, j, m)
       \/ m.mtype = AppendEntriesResponse /\ HandleAppendEntriesResponse(i, j, m)
       \/ DropStaleResponse(i, j, m)

\* The network duplicates or loses a message.
DuplicateMessage(m) ==
    /\ Send(m)
    /\ UNCHANGED <<serverVars, candidateVars, leaderVars, logVars, historyVars>>

DropMessage(m) ==
    /\ Discard(m)
    /\ UNCHANGED <<serverVars, candidateVars, leaderVars, logVars, historyVars>>

----
Next ==
    \/ \E i \in Server : Restart(i)
    \/ \E i \in Server : Timeout(i)
    \/ \E i \in Server : BecomeCandidate(i)
    \/ \E i, j \in Server : RequestVote(i, j)
    \/ \E i \in Server : BecomeLeader(i)
    \/ \E i \in Server, v \in Value : ClientRequest(i, v)
    \/ \E i \in Server : AdvanceCommitIndex(i)
    \/ \E i, j \in Server : AppendEntries(i, j)
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
    /\ commitIndex \in [Server -> Nat]
    /\ \A i \in Server : commitIndex[i] <= Len(log[i])
    /\ \A m \in DOMAIN messages : messages[m] > 0

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
        \E Q \in Quorum :
            \A s \in Q : Len(log[s]) >= c.index /\ log[s][c.index] = c.entry

=============================================================================
