------------------------------ MODULE Session ------------------------------
(***************************************************************************)
(* Client sessions of a replicated state machine (Ongaro's thesis, 6.3):   *)
(* the session table of raft/session, which makes each numbered command of *)
(* a client take effect once however often it is committed.                *)
(*                                                                         *)
(* The replicated log is what consensus gives the replicas (Raft.tla       *)
(* proves that every replica applies the same entry at each index), so it  *)
(* is one sequence here. Clients append to it: a register entry opens a    *)
(* session whose ID is the entry's index (RAFT-SESSION-1); a request       *)
(* carries the session, the command's number, the lowest number whose      *)
(* answer the client has not received (the acknowledgement) and the log    *)
(* time the leader stamped on it. Leaders' clocks disagree, so stamps come *)
(* in any order. A client may append a command again at any time (a retry  *)
(* or a stale copy committed late), with the acknowledgement of the time   *)
(* it sent that copy.                                                      *)
(*                                                                         *)
(* Each replica applies the log in order through its table (ApplyEntry),   *)
(* exactly as raft/session's Table does: log time is the largest stamp     *)
(* applied, and sessions idle for longer than Timeout are removed first    *)
(* (RAFT-SESSION-4); registering when the table is full evicts the least   *)
(* recently active session; a request of an unknown session is refused; a *)
(* request whose answer is cached is a duplicate and returns it            *)
(* (RAFT-SESSION-2); an acknowledgement discards the cached answers below  *)
(* it, and the oldest answer goes when a session holds MaxResponses, each  *)
(* raising the session's floor: a request at or below the floor without a *)
(* cached answer ran before and is refused (RAFT-SESSION-3). Otherwise the *)
(* command runs: the state machine's state is the sequence of commands it  *)
(* ran (store), and a command's answer is its position there. A replica    *)
(* may restart empty, snapshot its state at an index and install a         *)
(* snapshot (RAFT-SESSION-5: the table is part of the snapshot).           *)
(*                                                                         *)
(* ExactlyOnce: no replica runs a command twice. Two planted bugs, the     *)
(* twins of raft/session's mutations, break it: Dedupe = FALSE runs every  *)
(* copy (no-dedupe), RememberDiscarded = FALSE discards answers without    *)
(* raising the floor, so a late copy runs again (forget-discarded).        *)
(*                                                                         *)
(* TraceSession.tla validates the Go table's traces against this module.   *)
(***************************************************************************)
EXTENDS Naturals, Sequences, FiniteSets, TLC

CONSTANTS Client,            \* the clients
          Replica,           \* the replicas applying the log
          Timeout,           \* log time a session may stay idle (0: sessions never expire)
          MaxSessions,       \* the most sessions a table holds
          MaxResponses,      \* the most answers a session caches
          Time,              \* the log times a leader may stamp on an entry
          MaxSeq,            \* the most commands a client issues in one session
          Dedupe,            \* TRUE; FALSE plants the bug no-dedupe
          RememberDiscarded  \* TRUE; FALSE plants the bug forget-discarded

VARIABLES log,     \* the committed log: register and request entries
          client,  \* client[c]: its session, the commands it issued, the ones answered
          rep,     \* rep[r]: replica r's state machine (see Empty)
          snaps    \* snaps[k]: a replica's state after applying index k, as snapshotted

vars == <<log, client, rep, snaps>>

\* The outcomes of applying a request, as raft/session's trace events name them.
Outcomes == {"Registered", "Ran", "Duplicate", "UnknownSession", "Discarded"}

RegisterEntry(id, t) == [kind |-> "register", session |-> id, seq |-> 0, ack |-> 0, time |-> t]
RequestEntry(s, q, a, t) == [kind |-> "request", session |-> s, seq |-> q, ack |-> a, time |-> t]

\* A replica's state machine before it applies anything: the log position it
\* applied, its log time, its sessions (ID -> last activity, floor, cached
\* answers: number -> answer), their order from the least recently active
\* (lru), and the commands it ran, in order (store).
Empty == [applied |-> 0, now |-> 0, sessions |-> <<>>, lru |-> <<>>, store |-> <<>>]

Max(a, b) == IF a >= b THEN a ELSE b
Min(S) == CHOOSE x \in S : \A y \in S : x <= y
Remove(f, S) == [x \in DOMAIN f \ S |-> f[x]]
Drop(seq, S) == SelectSeq(seq, LAMBDA x : x \notin S)

\* Moves log time to t (never backwards) and removes the sessions idle for
\* longer than Timeout (Table.Advance). The lru order is the order of last
\* activity, so these are the front of it, as the Go table pops them.
Advance(x, t) ==
    LET now == Max(x.now, t)
        expired == IF Timeout = 0 THEN {}
                   ELSE {s \in DOMAIN x.sessions : now - x.sessions[s].last > Timeout}
    IN [x EXCEPT !.now = now, !.sessions = Remove(x.sessions, expired),
                 !.lru = Drop(x.lru, expired)]

\* Register (Table.Register): a new session, evicting the least recently
\* active one when the table is full.
Register(x, id) ==
    LET evict == IF Len(x.lru) >= MaxSessions THEN {Head(x.lru)} ELSE {}
        kept == Remove(x.sessions, evict)
    IN [x EXCEPT !.sessions = [s \in DOMAIN kept \cup {id} |->
                                 IF s = id THEN [last |-> x.now, floor |-> 0, cache |-> <<>>]
                                 ELSE kept[s]],
                 !.lru = Append(Drop(x.lru, evict), id)]

\* The session s after a request numbered q acknowledging a: active now, the
\* answers below a discarded and (unless the planted bug forgets) the floor
\* raised to a - 1.
Touched(ses, now, a) ==
    LET keep == {q \in DOMAIN ses.cache : a <= 1 \/ q >= a}
    IN [last |-> now,
        floor |-> IF a > 1 /\ RememberDiscarded THEN Max(ses.floor, a - 1) ELSE ses.floor,
        cache |-> [q \in keep |-> ses.cache[q]]]

\* What applying request entry e does to a state y that has advanced to its
\* time and holds its session: Duplicate, Discarded or Ran.
RequestOutcome(ses, q) ==
    IF Dedupe /\ q \in DOMAIN ses.cache THEN "Duplicate"
    ELSE IF q <= ses.floor THEN "Discarded"
    ELSE "Ran"

\* Runs command q of session s on y, whose session record (touched) is ses:
\* the store gains it, its answer (its position in the store) is cached, and
\* when the session already caches MaxResponses answers the oldest goes (the
\* floor rises to it unless the planted bug forgets).
Run(y, s, ses, q) ==
    LET store == Append(y.store, <<s, q>>)
        full == Cardinality(DOMAIN ses.cache) >= MaxResponses
        oldest == IF full THEN Min(DOMAIN ses.cache) ELSE 0
        floor == IF full /\ RememberDiscarded THEN Max(ses.floor, oldest) ELSE ses.floor
        cached == {p \in DOMAIN ses.cache : ~full \/ p # oldest} \cup {q}
    IN [y EXCEPT !.store = store,
                 !.sessions[s] = [last |-> ses.last, floor |-> floor,
                                  cache |-> [p \in cached |-> IF p = q THEN Len(store)
                                                              ELSE ses.cache[p]]]]

\* The outcome of applying entry e to state x.
Outcome(x, e) ==
    IF e.kind = "register" THEN "Registered"
    ELSE LET y == Advance(x, e.time)
         IN IF e.session \notin DOMAIN y.sessions THEN "UnknownSession"
            ELSE RequestOutcome(Touched(y.sessions[e.session], y.now, e.ack), e.seq)

\* The state after applying entry e to state x (Table.Register or Table.Apply).
Apply(x, e) ==
    LET y == Advance(x, e.time)
        z == IF e.kind = "register" THEN Register(y, e.session)
             ELSE IF e.session \notin DOMAIN y.sessions THEN y
             ELSE LET s == e.session
                      ses == Touched(y.sessions[s], y.now, e.ack)
                      t == [y EXCEPT !.sessions[s] = ses, !.lru = Append(Drop(y.lru, {s}), s)]
                  IN IF RequestOutcome(ses, e.seq) = "Ran" THEN Run(t, s, ses, e.seq) ELSE t
    IN [z EXCEPT !.applied = x.applied + 1]

----
\* Clients.

\* The lowest number of c's session whose answer c has not received.
Ack(c) == Min({q \in 1..(client[c].issued + 1) : q \notin client[c].answered})

\* Some replica applied c's register entry and no longer holds the session
\* (expired or evicted): c learns so from a refused request and registers anew.
Lost(c) == \E r \in Replica : /\ rep[r].applied >= client[c].session
                              /\ client[c].session \notin DOMAIN rep[r].sessions

Commit(e) == log' = Append(log, e)

\* c opens a session: its ID is the register entry's index.
\* Checks RAFT-SESSION-1.
RegisterClient(c, t) ==
    /\ client[c].session = 0 \/ Lost(c)
    /\ Commit(RegisterEntry(Len(log) + 1, t))
    /\ client' = [client EXCEPT ![c] = [session |-> Len(log) + 1, issued |-> 0, answered |-> {}]]
    /\ UNCHANGED <<rep, snaps>>

\* c issues its next command.
Issue(c, t) ==
    /\ client[c].session # 0
    /\ client[c].issued < MaxSeq
    /\ Commit(RequestEntry(client[c].session, client[c].issued + 1, Ack(c), t))
    /\ client' = [client EXCEPT ![c].issued = @ + 1]
    /\ UNCHANGED <<rep, snaps>>

\* A copy of c's command q is committed again: a retry, or a copy c sent
\* before it received q's answer and that is committed late. It carries the
\* acknowledgement c sent with it: c's present one, or q if c has received
\* q's answer since (the copy was sent before).
Retry(c, q, t) ==
    /\ client[c].session # 0
    /\ q \in 1..client[c].issued
    /\ Commit(RequestEntry(client[c].session, q, Min({Ack(c), q}), t))
    /\ UNCHANGED <<client, rep, snaps>>

----
\* Replicas.

\* Replica r applies its next entry. The client hears the answer.
\* Checks RAFT-SESSION-2, RAFT-SESSION-3 and RAFT-SESSION-4.
ApplyEntry(r) ==
    /\ rep[r].applied < Len(log)
    /\ LET e == log[rep[r].applied + 1]
       IN /\ rep' = [rep EXCEPT ![r] = Apply(rep[r], e)]
          /\ client' = [c \in Client |->
                          IF /\ e.kind = "request"
                             /\ client[c].session = e.session
                             /\ Outcome(rep[r], e) \in {"Ran", "Duplicate"}
                          THEN [client[c] EXCEPT !.answered = @ \cup {e.seq}]
                          ELSE client[c]]
    /\ UNCHANGED <<log, snaps>>

\* Replica r restarts with an empty state machine (it re-applies the log or
\* installs a snapshot).
Restart(r) ==
    /\ rep' = [rep EXCEPT ![r] = Empty]
    /\ UNCHANGED <<log, client, snaps>>

\* Replica r snapshots its state machine, table included, at index k (the
\* position it applied; a trace names the log index of the implementation).
\* Snapshots at one index agree.
TakeSnapshot(r, k) ==
    /\ k \in DOMAIN snaps => snaps[k] = rep[r]
    /\ snaps' = [i \in DOMAIN snaps \cup {k} |-> IF i = k THEN rep[r] ELSE snaps[i]]
    /\ UNCHANGED <<log, client, rep>>

\* Replica r installs the snapshot at index k, which is not behind it.
\* Checks RAFT-SESSION-5.
Restore(r, k) ==
    /\ k \in DOMAIN snaps
    /\ snaps[k].applied >= rep[r].applied
    /\ rep' = [rep EXCEPT ![r] = snaps[k]]
    /\ UNCHANGED <<log, client, snaps>>

----
Init == /\ log = <<>>
        /\ client = [c \in Client |-> [session |-> 0, issued |-> 0, answered |-> {}]]
        /\ rep = [r \in Replica |-> Empty]
        /\ snaps = <<>>

Next == \/ \E c \in Client, t \in Time :
              \/ RegisterClient(c, t)
              \/ Issue(c, t)
              \/ \E q \in 1..MaxSeq : Retry(c, q, t)
        \/ \E r \in Replica :
              \/ ApplyEntry(r)
              \/ Restart(r)
              \/ TakeSnapshot(r, rep[r].applied)
              \/ \E k \in DOMAIN snaps : Restore(r, k)

Spec == Init /\ [][Next]_vars

----
\* Invariants.

\* No replica runs a command twice. Checks RAFT-SESSION-2.
ExactlyOnce ==
    \A r \in Replica : \A i, j \in DOMAIN rep[r].store : i # j => rep[r].store[i] # rep[r].store[j]

\* A cached answer is the answer of the command's run: a duplicate returns
\* what its first copy returned. Checks RAFT-SESSION-2.
CachedIsFirstRun ==
    \A r \in Replica : \A s \in DOMAIN rep[r].sessions :
        \A q \in DOMAIN rep[r].sessions[s].cache :
            LET p == rep[r].sessions[s].cache[q]
            IN p \in DOMAIN rep[r].store /\ rep[r].store[p] = <<s, q>>

\* Memory is bounded. Checks RAFT-SESSION-3.
Bounded ==
    \A r \in Replica :
        /\ Cardinality(DOMAIN rep[r].sessions) <= MaxSessions
        /\ \A s \in DOMAIN rep[r].sessions : Cardinality(DOMAIN rep[r].sessions[s].cache) <= MaxResponses

\* No session outlives its timeout in log time, and the lru order is the
\* order of last activity, which Advance relies on. Checks RAFT-SESSION-4.
ExpiredByLogTime ==
    \A r \in Replica :
        /\ Timeout > 0 => \A s \in DOMAIN rep[r].sessions : rep[r].now - rep[r].sessions[s].last <= Timeout
        /\ {rep[r].lru[i] : i \in DOMAIN rep[r].lru} = DOMAIN rep[r].sessions
        /\ \A i, j \in DOMAIN rep[r].lru :
              i < j => rep[r].sessions[rep[r].lru[i]].last <= rep[r].sessions[rep[r].lru[j]].last

\* Replicas that applied as much are in the same state: the table changes
\* only with the log, never with a replica's clock. Checks RAFT-SESSION-4.
ReplicasAgree ==
    \A r1, r2 \in Replica : rep[r1].applied = rep[r2].applied => rep[r1] = rep[r2]
=============================================================================
