------------------------------ MODULE RaftLease ------------------------------
(***************************************************************************)
(* Lease reads of Raft (thesis 6.4.1) with explicit, drifting clocks: the  *)
(* model of RAFT-LEASE-* in spec/raft.md and of raft/lease.go.             *)
(*                                                                         *)
(* Real time advances in steps; at each step every server's clock gains   *)
(* between RateMin and RateMax ticks, so over any span no clock counts     *)
(* more than RateMax/RateMin times the ticks of another (MaxClockDrift =   *)
(* 1 - RateMin/RateMax). What the clocks time is kept as ticks left: of    *)
(* each server's vote lock and of each leader's lease, which a step of     *)
(* real time lowers by what that server's clock gained. A follower that    *)
(* hears from its leader ignores vote requests for ElectionTimeout ticks   *)
(* of its clock (the vote lock), and so does a server that restarted. A    *)
(* leader's heartbeat round, once a quorum acknowledged it, gives it a     *)
(* lease of LeaseTicks ticks of its own clock from the round's start,      *)
(* during which it answers reads at its commit index (LeaseRead). A        *)
(* leadership transfer lets the transferee be elected past the vote lock,  *)
(* so a leader that begins one forfeits its lease (ForfeitOnTransfer).     *)
(*                                                                         *)
(* The log is abstracted to what a read observes: how many writes are      *)
(* committed (committed) and how many each leader knows of (commitIndex).  *)
(* A leader commits a write, its term's no-op first, with a quorum that    *)
(* has not moved to a newer term; a new leader holds every committed write *)
(* (Leader Completeness), so its first commit makes it know them all.      *)
(* Messages are delivered at once: a delay only starts a follower's lock   *)
(* later than the round the lease counts from. LeaseReadSafety: a read     *)
(* answered under a lease is never stale (RAFT-LEASE-6).                   *)
(*                                                                         *)
(* MCRaftLease.cfg checks it with LeaseTicks = ElectionTimeout * RateMin / *)
(* RateMax; MCRaftLeaseDrift.cfg (the drift bound ignored) and             *)
(* MCRaftLeaseTransfer.cfg (the lease kept across a transfer) must fail.   *)
(***************************************************************************)
EXTENDS Naturals, FiniteSets, TLC

CONSTANTS
    Server,             \* the servers, all voters
    ElectionTimeout,    \* the vote lock, in ticks of the follower's clock
    RateMin, RateMax,   \* ticks a clock gains per step of real time
    LeaseTicks,         \* a lease, in ticks of the leader's clock
    ForfeitOnTransfer,  \* does a leader that begins a transfer give up its lease?
    MaxTerm,            \* bounds the elections
    MaxWrites,          \* bounds the writes
    MaxRestarts,        \* bounds the restarts
    MaxTransfers        \* bounds the transfers

ASSUME /\ RateMin \in Nat \ {0} /\ RateMax \in Nat /\ RateMin <= RateMax
       /\ ElectionTimeout \in Nat \ {0} /\ LeaseTicks \in Nat
       /\ ForfeitOnTransfer \in BOOLEAN

VARIABLES
    currentTerm,
    isLeader,       \* does the server believe it leads its term?
    lockLeft,       \* ticks of its clock until the server's vote lock ends (0: none)
    leaseLeft,      \* ticks of its clock until the leader's lease ends (0: none)
    commitIndex,    \* the writes a leader knows to be committed
    termCommitted,  \* has the leader committed an entry of its term?
    forfeited,      \* has the leader begun a transfer in its term?
    transferee,     \* <<server, term>>: told in term to campaign at once (TimeoutNow)
    committed,      \* the writes committed, by any leader
    restarts, transfers,
    staleRead       \* has a read under a lease returned a stale value?

vars == <<currentTerm, isLeader, lockLeft, leaseLeft, commitIndex, termCommitted, forfeited,
          transferee, committed, restarts, transfers, staleRead>>

Quorum == {Q \in SUBSET Server : 2 * Cardinality(Q) > Cardinality(Server)}

Min(a, b) == IF a < b THEN a ELSE b

TypeOK ==
    /\ currentTerm \in [Server -> 0..MaxTerm]
    /\ isLeader \in [Server -> BOOLEAN]
    /\ lockLeft \in [Server -> 0..ElectionTimeout]
    /\ leaseLeft \in [Server -> 0..LeaseTicks]
    /\ commitIndex \in [Server -> 0..MaxWrites]
    /\ termCommitted \in [Server -> BOOLEAN]
    /\ forfeited \in [Server -> BOOLEAN]
    /\ transferee \subseteq Server \X (0..MaxTerm)
    /\ committed \in 0..MaxWrites
    /\ staleRead \in BOOLEAN

Init ==
    /\ currentTerm = [s \in Server |-> 0]
    /\ isLeader = [s \in Server |-> FALSE]
    /\ lockLeft = [s \in Server |-> 0]
    /\ leaseLeft = [s \in Server |-> 0]
    /\ commitIndex = [s \in Server |-> 0]
    /\ termCommitted = [s \in Server |-> FALSE]
    /\ forfeited = [s \in Server |-> FALSE]
    /\ transferee = {}
    /\ committed = 0
    /\ restarts = 0
    /\ transfers = 0
    /\ staleRead = FALSE

\* Real time advances one step: each server's clock gains RateMin to RateMax
\* ticks (the drift bound), which its vote lock and its lease lose.
AdvanceTime ==
    \E gain \in [Server -> RateMin..RateMax] :
        /\ lockLeft' = [s \in Server |-> lockLeft[s] - Min(lockLeft[s], gain[s])]
        /\ leaseLeft' = [s \in Server |-> leaseLeft[s] - Min(leaseLeft[s], gain[s])]
        /\ UNCHANGED <<currentTerm, isLeader, commitIndex, termCommitted, forfeited, transferee,
                       committed, restarts, transfers, staleRead>>

\* The vote lock: a leader never votes for
\* another; a server that heard from its leader, or restarted, less than an
\* election timeout of its clock ago ignores vote requests. Checks RAFT-LEASE-2.
Locked(s) == isLeader[s] \/ lockLeft[s] > 0

\* Candidate c wins the election of term t with the votes of quorum Q (c's own
\* included). Voters take the new term and know no leader yet.
Elect(c, Q, t) ==
    /\ t <= MaxTerm
    /\ c \in Q
    /\ \A v \in Q : currentTerm[v] < t
    /\ currentTerm' = [s \in Server |-> IF s \in Q THEN t ELSE currentTerm[s]]
    /\ isLeader' = [s \in Server |-> IF s \in Q THEN s = c ELSE isLeader[s]]
    /\ lockLeft' = [s \in Server |-> IF s \in Q THEN 0 ELSE lockLeft[s]]
    /\ leaseLeft' = [s \in Server |-> IF s \in Q THEN 0 ELSE leaseLeft[s]]
    /\ termCommitted' = [termCommitted EXCEPT ![c] = FALSE]
    /\ forfeited' = [s \in Server |-> IF s \in Q THEN FALSE ELSE forfeited[s]]
    /\ UNCHANGED <<commitIndex, transferee, committed, restarts, transfers, staleRead>>

\* An election: no member of Q is locked (c itself campaigns only once its
\* own election timeout has passed).
BecomeLeader(c, Q) ==
    /\ \A v \in Q : ~Locked(v)
    /\ Elect(c, Q, currentTerm[c] + 1)

\* Transferee c, told in term tt to campaign at once (HandleTimeoutNow, maybe
\* long after the transfer began), wins the next term: its vote requests carry
\* the transfer mark, which every server honors, a leader of an older term
\* and a locked follower included.
TransfereeBecomesLeader(c, Q) ==
    \E x \in transferee :
        /\ x[1] = c
        /\ x[2] >= currentTerm[c]
        /\ Elect(c, Q, x[2] + 1)

\* Leader i's AppendEntries reaches quorum Q (i included): each member still
\* in i's term or an older one takes i's term and i as its leader, and so
\* restarts its vote lock; i commits one more write (its term's no-op first)
\* and, holding every committed write, knows them all.
CommitWrite(i, Q) ==
    /\ isLeader[i]
    /\ committed < MaxWrites
    /\ i \in Q
    /\ \A v \in Q : currentTerm[v] <= currentTerm[i]
    /\ committed' = committed + 1
    /\ commitIndex' = [commitIndex EXCEPT ![i] = committed + 1]
    /\ termCommitted' = [termCommitted EXCEPT ![i] = TRUE]
    /\ currentTerm' = [s \in Server |-> IF s \in Q THEN currentTerm[i] ELSE currentTerm[s]]
    /\ isLeader' = [s \in Server |-> IF s \in Q THEN s = i ELSE isLeader[s]]
    /\ lockLeft' = [s \in Server |-> IF s \in Q \ {i} THEN ElectionTimeout ELSE lockLeft[s]]
    /\ leaseLeft' = [s \in Server |-> IF s \in Q \ {i} THEN 0 ELSE leaseLeft[s]]
    /\ UNCHANGED <<forfeited, transferee, restarts, transfers, staleRead>>

\* Leader i's heartbeat round is acknowledged by quorum Q (i included): the
\* members take i's term and restart their vote lock, and i's lease runs for
\* LeaseTicks ticks of its clock from the round's start
\* (HandleHeartbeatResponse). A round whose acknowledgements come late, or
\* rounds acknowledged by different followers, start the lease no later than
\* this and the locks no earlier: they add nothing this round does not cover.
\* Checks RAFT-LEASE-3.
HeartbeatRound(i, Q) ==
    /\ isLeader[i]
    /\ i \in Q
    /\ \A v \in Q : currentTerm[v] <= currentTerm[i]
    /\ currentTerm' = [s \in Server |-> IF s \in Q THEN currentTerm[i] ELSE currentTerm[s]]
    /\ isLeader' = [s \in Server |-> IF s \in Q THEN s = i ELSE isLeader[s]]
    /\ lockLeft' = [s \in Server |-> IF s \in Q \ {i} THEN ElectionTimeout ELSE lockLeft[s]]
    /\ leaseLeft' = [s \in Server |->
                        IF s = i THEN LeaseTicks ELSE IF s \in Q THEN 0 ELSE leaseLeft[s]]
    /\ UNCHANGED <<commitIndex, termCommitted, forfeited, transferee, committed, restarts,
                   transfers, staleRead>>

\* Leader i begins a leadership transfer to t: t will campaign at once, past
\* the vote lock (TransferLeader, TimeoutNow); i forfeits its lease for the
\* rest of its term if ForfeitOnTransfer. Checks RAFT-LEASE-5.
TransferLeader(i, t) ==
    /\ isLeader[i]
    /\ t # i
    /\ transfers < MaxTransfers
    /\ transfers' = transfers + 1
    /\ transferee' = transferee \cup {<<t, currentTerm[i]>>}
    /\ forfeited' = [forfeited EXCEPT ![i] = ForfeitOnTransfer]
    /\ UNCHANGED <<currentTerm, isLeader, lockLeft, leaseLeft, commitIndex, termCommitted,
                   committed, restarts, staleRead>>

\* Server s crashes and restarts as a follower of its term, which with lease
\* reads ignores vote requests for an election timeout (the restart lock).
\* Checks RAFT-LEASE-2.
Restart(s) ==
    /\ restarts < MaxRestarts
    /\ restarts' = restarts + 1
    /\ isLeader' = [isLeader EXCEPT ![s] = FALSE]
    /\ lockLeft' = [lockLeft EXCEPT ![s] = ElectionTimeout]
    /\ leaseLeft' = [leaseLeft EXCEPT ![s] = 0]
    /\ termCommitted' = [termCommitted EXCEPT ![s] = FALSE]
    /\ UNCHANGED <<currentTerm, commitIndex, forfeited, transferee, committed, transfers,
                   staleRead>>

\* Leader i holds a lease: a quorum acknowledged a round started less than
\* LeaseTicks ticks of its clock ago, and it has not begun a transfer.
LeaseValid(i) == isLeader[i] /\ ~forfeited[i] /\ leaseLeft[i] > 0

\* Leader i answers a read under its lease at its commit index, without a
\* heartbeat round; the read is stale if a write committed before it is not in
\* it. Checks RAFT-LEASE-4.
LeaseRead(i) ==
    /\ LeaseValid(i)
    /\ termCommitted[i]
    /\ staleRead' = (staleRead \/ commitIndex[i] < committed)
    /\ UNCHANGED <<currentTerm, isLeader, lockLeft, leaseLeft, commitIndex, termCommitted,
                   forfeited, transferee, committed, restarts, transfers>>

Next ==
    \/ AdvanceTime
    \/ \E c \in Server, Q \in Quorum : BecomeLeader(c, Q)
    \/ \E c \in Server, Q \in Quorum : TransfereeBecomesLeader(c, Q)
    \/ \E i \in Server, Q \in Quorum : CommitWrite(i, Q)
    \/ \E i \in Server, Q \in Quorum : HeartbeatRound(i, Q)
    \/ \E i, t \in Server : TransferLeader(i, t)
    \/ \E s \in Server : Restart(s)
    \/ \E i \in Server : LeaseRead(i)

Spec == Init /\ [][Next]_vars

\* A read answered under a lease is never stale. Checks RAFT-LEASE-6.
LeaseReadSafety == ~staleRead

\* The same as a state predicate: a leader that could answer a read under its
\* lease knows every committed write.
LeaseHolderIsCurrent ==
    \A i \in Server : LeaseValid(i) /\ termCommitted[i] => commitIndex[i] = committed

\* The servers are interchangeable.
ServerSymmetry == Permutations(Server)

\* At most one leader per term.
ElectionSafety ==
    \A i, j \in Server : isLeader[i] /\ isLeader[j] /\ currentTerm[i] = currentTerm[j] => i = j
=============================================================================
