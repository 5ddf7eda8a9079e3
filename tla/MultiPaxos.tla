---------------------------- MODULE MultiPaxos -----------------------------
(***************************************************************************)
(* Multi-Paxos state machine replication (spec/paxos.md, MPAXOS-n): one    *)
(* Paxos instance per log slot, a leader per ballot that runs phase 1 once *)
(* for all slots, adopts the highest-ballot vote reported for each slot,   *)
(* fills every other slot up to the highest one reported with a no-op      *)
(* (BecomeLeader), then proposes client commands in fresh slots (Phase2a). *)
(* Acceptors vote for a run of consecutive slots in one step (Phase2b);    *)
(* replicas learn a run of chosen slots in one step from 2b votes or a     *)
(* commit notice (Learn), or a slot from one another (CatchUp), and apply  *)
(* their gap-free decided prefix.                                          *)
(* Leader change is any higher ballot running phase 1. Clients submit      *)
(* commands (Submit) and remember which commands some replica had applied *)
(* by then, which gives a client-observed linearizability property.       *)
(*                                                                         *)
(* The actions are the events paxos.Node reports to its Tracer, and        *)
(* TraceMultiPaxos.tla validates its traces against them. Reject,          *)
(* Preempted, Timeout and Restart change no variable of this spec, which   *)
(* keeps no proposer state and only durable acceptor state; each is        *)
(* enabled only when the Go step is allowed, so a trace of the core can be *)
(* checked against them. decided[r] is what replica r has ever learned: a  *)
(* restarted process forgets decisions it had not applied and learns them *)
(* again, which Learn and CatchUp allow (learning a value it already has). *)
(* Clients may submit a command again (a retry) and a leader may propose   *)
(* one command in several slots; the state machine executes it once.       *)
(*                                                                         *)
(* Log compaction (MPAXOS-12, MPAXOS-13), when the constant Compaction is   *)
(* TRUE: an acceptor drops its votes for a prefix of chosen slots (Compact)*)
(* and reports that prefix in its 1b; a new leader proposes nothing in the *)
(* slots some phase-1 acceptor compacted, which are chosen, and learns     *)
(* them from other replicas instead. A replica may catch up on a whole     *)
(* prefix at once from another's (InstallSnapshot).                        *)
(***************************************************************************)
EXTENDS Integers, FiniteSets, TLC

CONSTANTS Value,      \* client commands
          Acceptor,   \* the acceptors
          Replica,    \* the replicas (learners that apply the log)
          Q1Size, Q2Size,
          MaxBallot,  \* ballots are 0..MaxBallot, each with its own leader
          MaxSlot,    \* slots are 1..MaxSlot
          Noop,       \* a model value: the gap filler
          Compaction  \* whether acceptors compact and replicas install snapshots

ASSUME /\ Q1Size \in 1..Cardinality(Acceptor)
       /\ Q2Size \in 1..Cardinality(Acceptor)
       /\ MaxBallot \in Nat
       /\ MaxSlot \in Nat \ {0}
       /\ Noop \notin Value
       /\ Compaction \in BOOLEAN

Max(S) == CHOOSE x \in S : \A y \in S : x >= y

Ballot == 0..MaxBallot
Slot == 1..MaxSlot
Quorum1 == {Q \in SUBSET Acceptor : Cardinality(Q) = Q1Size}
Quorum2 == {Q \in SUBSET Acceptor : Cardinality(Q) = Q2Size}
Command == Value \cup {Noop}

Vote == [bal : Ballot, val : Command]

\* Per-slot state is a partial function of the slots: an acceptor's votes are
\* defined on the slots it voted in, a replica's decisions on the slots it
\* learned. (So the state does not depend on MaxSlot, which only bounds the
\* slots a leader proposes in; a trace module sets it to Go's largest slot.)
IsPartial(f, S, T) == DOMAIN f \subseteq S /\ \A x \in DOMAIN f : f[x] \in T
\* f with x mapped to y.
Set(f, x, y) == [z \in DOMAIN f \cup {x} |-> IF z = x THEN y ELSE f[z]]
\* A step changing some slots of a per-slot function f builds only those, as
\* g @@ f (TLC's: g where g is defined, f elsewhere).
NoSlots == [s \in {} |-> Noop]

Message ==
         [type : {"1a"}, bal : Ballot]
    \cup [type : {"1b"}, acc : Acceptor, bal : Ballot, votes : UNION {[S -> Vote] : S \in SUBSET Slot},
          compacted : 0..MaxSlot]
    \cup [type : {"2a"}, bal : Ballot, slot : Slot, val : Command]
    \cup [type : {"2b"}, acc : Acceptor, bal : Ballot, slot : Slot, val : Command]

VARIABLES maxBal,          \* the acceptor's promise
          accepted,        \* accepted[a][s]: a's latest vote in slot s (if a voted in s)
          msgs,            \* every message ever sent (loss = never received)
          compacted,       \* compacted[a]: a dropped its votes for slots 1..compacted[a]
          nextSlot,        \* nextSlot[b]: next free slot of b's leader, once its phase 1 ended
          decided,         \* decided[r][s]: the value replica r learned for slot s (if it did)
          submitted,       \* commands clients have submitted
          completedBefore  \* completedBefore[v]: commands applied somewhere when v was submitted

vars == <<maxBal, accepted, compacted, msgs, nextSlot, decided, submitted, completedBefore>>

TypeOK == /\ maxBal \in [Acceptor -> Ballot \cup {-1}]
          /\ DOMAIN accepted = Acceptor
          /\ \A a \in Acceptor : IsPartial(accepted[a], Slot, Vote)
          /\ compacted \in [Acceptor -> 0..MaxSlot]
          /\ msgs \subseteq Message
          /\ IsPartial(nextSlot, Ballot, 1..(MaxSlot + 1))
          /\ DOMAIN decided = Replica
          /\ \A r \in Replica : IsPartial(decided[r], Slot, Command)
          /\ submitted \subseteq Value
          /\ completedBefore \in [submitted -> SUBSET Value]

\* Init depends on the acceptors and replicas alone: ballots, slots and
\* commands enter the state as the behavior uses them.
Init == /\ maxBal = [a \in Acceptor |-> -1]
        /\ accepted = [a \in Acceptor |-> NoSlots]
        /\ compacted = [a \in Acceptor |-> 0]
        /\ msgs = {}
        /\ nextSlot = [b \in {} |-> 1]
        /\ decided = [r \in Replica |-> NoSlots]
        /\ submitted = {}
        /\ completedBefore = [v \in {} |-> {}]

Send(m) == msgs' = msgs \cup {m}

\* The votes cast in slot s, and the values chosen in s: those a phase-2 quorum
\* voted for in one ballot (the ballots and values searched are those of the
\* votes).
Votes(s) == {m \in msgs : m.type = "2b" /\ m.slot = s}
Chosen(s) == LET votes == Votes(s) IN
             {v \in {m.val : m \in votes} :
                \E b \in {m.bal : m \in votes} :
                   Cardinality({m.acc : m \in {x \in votes : x.bal = b /\ x.val = v}}) >= Q2Size}
ChosenIn(s, v) == v \in Chosen(s)

\* The gap-free decided prefix of replica r (the first slot it has not
\* learned, less one), and the commands in it.
AppliedPrefix(r) == CHOOSE k \in 0..Cardinality(DOMAIN decided[r]) :
                      /\ k + 1 \notin DOMAIN decided[r]
                      /\ \A i \in 1..k : i \in DOMAIN decided[r]
Applied(r) == {decided[r][i] : i \in 1..AppliedPrefix(r)} \ {Noop}
\* The commands some replica has applied.
AppliedSomewhere == UNION {Applied(r) : r \in Replica}

\* A client submits command v to the replicated state machine. Submitting it
\* again (a client retrying) changes nothing: completedBefore[v] is fixed by
\* the first submission.
Submit(v) == IF v \in submitted
             THEN UNCHANGED vars
             ELSE /\ submitted' = submitted \cup {v}
                  /\ completedBefore' = Set(completedBefore, v, AppliedSomewhere)
                  /\ UNCHANGED <<maxBal, accepted, compacted, msgs, nextSlot, decided>>

\* The leader of ballot b starts phase 1 for all slots.
Phase1a(b) == /\ ~ \E m \in msgs : m.type = "1a" /\ m.bal = b
              /\ Send([type |-> "1a", bal |-> b])
              /\ UNCHANGED <<maxBal, accepted, compacted, nextSlot, decided, submitted, completedBefore>>

\* Acceptor a answers the 1a message m: it promises m.bal and reports its
\* latest vote in every slot. (A 1a of the ballot it already promised is not
\* answered again: a duplicate.)
\* Checks PAXOS-2, MPAXOS-2.
Phase1b(a, m) == /\ m \in msgs
                 /\ m.type = "1a"
                 /\ m.bal > maxBal[a]
                 /\ maxBal' = [maxBal EXCEPT ![a] = m.bal]
                 /\ Send([type |-> "1b", acc |-> a, bal |-> m.bal, votes |-> accepted[a],
                          compacted |-> compacted[a]])
                 /\ UNCHANGED <<accepted, compacted, nextSlot, decided, submitted, completedBefore>>

\* With promises from a phase-1 quorum, the leader of b proposes, in every
\* slot up to the highest one reported, the highest-ballot value reported,
\* or a no-op where nothing was reported: the gap filling of MPAXOS-5. Slots
\* some promising acceptor compacted (Floor) are chosen, but their votes may
\* be gone: the leader proposes nothing there (MPAXOS-12). Nor does it in
\* slots 1..k, its own decided prefix (Go: the leader's commit), which it knows
\* are chosen; it proposes new commands after all of them.
\* Checks PAXOS-3, MPAXOS-4, MPAXOS-5, MPAXOS-12.
BecomeLeader(b, k) ==
    /\ b \notin DOMAIN nextSlot
    /\ \A s \in 1..k : Chosen(s) # {}
    /\ \E Q \in Quorum1 :
         LET Q1b == {m \in msgs : m.type = "1b" /\ m.bal = b /\ m.acc \in Q}
             Reported(s) == {m.votes[s] : m \in {r \in Q1b : s \in DOMAIN r.votes}}
             ReportedSlots == UNION {DOMAIN m.votes : m \in Q1b}
             Top == IF ReportedSlots = {} THEN 0 ELSE Max(ReportedSlots)
             Recovered(s) ==
               IF Reported(s) = {} THEN Noop
               ELSE (CHOOSE vt \in Reported(s) : \A o \in Reported(s) : vt.bal >= o.bal).val
             Floor == Max({m.compacted : m \in Q1b})
         IN  /\ \A a \in Q : \E m \in Q1b : m.acc = a
             /\ msgs' = msgs \cup {[type |-> "2a", bal |-> b, slot |-> s, val |-> Recovered(s)] :
                                   s \in (Max({Floor, k}) + 1)..Top}
             /\ nextSlot' = Set(nextSlot, b, Max({Top, Floor, k}) + 1)
    /\ UNCHANGED <<maxBal, accepted, compacted, decided, submitted, completedBefore>>

\* The leader of b proposes a submitted command in its next free slot (a
\* command submitted again may be proposed again, in another slot).
Phase2a(b, v) ==
    /\ b \in DOMAIN nextSlot
    /\ nextSlot[b] \in Slot
    /\ v \in submitted
    /\ Send([type |-> "2a", bal |-> b, slot |-> nextSlot[b], val |-> v])
    /\ nextSlot' = [nextSlot EXCEPT ![b] = @ + 1]
    /\ UNCHANGED <<maxBal, accepted, compacted, decided, submitted, completedBefore>>

\* The slots the leader of ballot b proposed in, and the value it proposed in
\* slot s (one at most: OneValuePerBallotSlot).
ProposedSlots(b) == {m.slot : m \in {x \in msgs : x.type = "2a" /\ x.bal = b}}
ProposedVal(b, s) == (CHOOSE m \in msgs : m.type = "2a" /\ m.bal = b /\ m.slot = s).val

\* Acceptor a votes in ballot b for the leader's proposals in the run of slots
\* lo..hi at once (one Accept carries a run of slots, and one Accepted names
\* the range: MPAXOS-14), unless it promised a higher ballot (or compacted the
\* slots: they are chosen, and the votes no longer needed). The vote in each
\* slot is a 2b message of its own, so a run of one slot is the single vote of
\* a Synod instance, and a run is the votes of its slots taken in one step.
\* Checks PAXOS-4, MPAXOS-12, MPAXOS-14.
Phase2b(a, b, lo, hi) ==
    /\ lo <= hi
    /\ b >= maxBal[a]
    /\ lo > compacted[a]
    /\ lo..hi \subseteq ProposedSlots(b)
    /\ maxBal' = [maxBal EXCEPT ![a] = b]
    /\ accepted' = [accepted EXCEPT ![a] = [s \in lo..hi |-> [bal |-> b, val |-> ProposedVal(b, s)]] @@ @]
    /\ msgs' = msgs \cup {[type |-> "2b", acc |-> a, bal |-> b, slot |-> s, val |-> ProposedVal(b, s)] :
                          s \in lo..hi}
    /\ UNCHANGED <<compacted, nextSlot, decided, submitted, completedBefore>>

\* Replica r learns the run of slots lo..hi at once, each chosen: from a
\* phase-2 quorum of votes in one ballot, or from a commit notice (a decided
\* prefix) in the ballot of its own votes, which are for the same values
\* (MPAXOS-6, MPAXOS-14). A slot learned already keeps its value (the same).
\* Checks PAXOS-7, MPAXOS-6, MPAXOS-14.
Learn(r, lo, hi) ==
    /\ lo <= hi
    /\ \A s \in lo..hi : /\ Chosen(s) # {}
                         /\ s \in DOMAIN decided[r] => decided[r][s] \in Chosen(s)
    /\ decided' = [decided EXCEPT ![r] = @ @@ [s \in lo..hi \ DOMAIN @ |-> CHOOSE v \in Chosen(s) : TRUE]]
    /\ UNCHANGED <<maxBal, accepted, compacted, msgs, nextSlot, submitted, completedBefore>>

\* Replica r learns slot s from replica q (commit notice, decision, catch-up).
\* Checks MPAXOS-9.
CatchUp(r, q, s) == /\ s \in DOMAIN decided[q]
                    /\ s \in DOMAIN decided[r] => decided[r][s] = decided[q][s]
                    /\ decided' = [decided EXCEPT ![r] = Set(@, s, decided[q][s])]
                    /\ UNCHANGED <<maxBal, accepted, compacted, msgs, nextSlot, submitted, completedBefore>>

\* Acceptor a drops its votes for slots 1..k, all chosen: the process has a
\* snapshot of its state machine after slot k (Go: Node.Compact). (Slots up to
\* compacted[a] are chosen already: CompactedChosen.)
\* Checks MPAXOS-12.
Compact(a, k) == /\ Compaction
                 /\ k > compacted[a]
                 /\ \A s \in (compacted[a] + 1)..k : Chosen(s) # {}
                 /\ compacted' = [compacted EXCEPT ![a] = k]
                 /\ accepted' = [accepted EXCEPT ![a] = [s \in {t \in DOMAIN accepted[a] : t > k} |-> accepted[a][s]]]
                 /\ UNCHANGED <<maxBal, msgs, nextSlot, decided, submitted, completedBefore>>

\* Replica r learns slots 1..k at once from replica q, which learned them all:
\* q's snapshot answers r's catch-up request for slots q compacted.
\* Checks MPAXOS-13.
InstallSnapshot(r, q, k) ==
    /\ Compaction
    /\ \A s \in 1..k : /\ s \in DOMAIN decided[q]
                       /\ s \in DOMAIN decided[r] => decided[r][s] = decided[q][s]
    /\ decided' = [decided EXCEPT ![r] = @ @@ [s \in 1..k \ DOMAIN @ |-> decided[q][s]]]
    /\ UNCHANGED <<maxBal, accepted, compacted, msgs, nextSlot, submitted, completedBefore>>

\* Acceptor a refuses a 1a or 2a message of ballot b below its promise and
\* answers with a reject carrying the promise (liveness only).
\* Checks PAXOS-2, PAXOS-4.
Reject(a, b) == /\ \E m \in msgs : m.type \in {"1a", "2a"} /\ m.bal = b
                /\ b < maxBal[a]
                /\ UNCHANGED vars

\* The proposer of ballot b (a candidate or leader) steps down: some message
\* of a higher ballot exists.
\* Checks MPAXOS-8.
Preempted(b) == /\ \E m \in msgs : m.bal > b
                /\ UNCHANGED vars

\* A follower's election timer fires; it will start a higher ballot.
\* Checks MPAXOS-8.
Timeout == UNCHANGED vars

\* Process p restarts: its acceptor state is durable and so unchanged; its
\* replica keeps what it ever learned (see Learn).
\* Checks PAXOS-6.
Restart(p) == UNCHANGED vars

Next == \/ \E v \in Value : Submit(v)
        \/ \E b \in Ballot : \/ Phase1a(b)
                             \/ \E k \in 0..MaxSlot : BecomeLeader(b, k)
                             \/ \E v \in Value : Phase2a(b, v)
                             \/ Preempted(b)
        \/ \E a \in Acceptor, m \in msgs : Phase1b(a, m)
        \/ \E a \in Acceptor, b \in Ballot, lo, hi \in Slot : Phase2b(a, b, lo, hi)
        \/ \E a \in Acceptor, b \in Ballot : Reject(a, b)
        \/ \E r \in Replica, lo, hi \in Slot : Learn(r, lo, hi)
        \/ \E r, q \in Replica, s \in Slot : CatchUp(r, q, s)
        \/ \E p \in Acceptor \cup Replica : Restart(p)
        \/ Timeout
        \/ \E a \in Acceptor, k \in Slot : Compact(a, k)
        \/ \E r, q \in Replica, k \in Slot : InstallSnapshot(r, q, k)

Spec == Init /\ [][Next]_vars

\* Checks MPAXOS-10.
PerSlotAgreement ==
    \A r1, r2 \in Replica : \A s \in DOMAIN decided[r1] \cap DOMAIN decided[r2] :
        decided[r1][s] = decided[r2][s]

\* Checks MPAXOS-10, PAXOS-9.
ChosenUnique == \A s \in Slot : Cardinality(Chosen(s)) <= 1

\* Checks PAXOS-7.
LearnedIsChosen == \A r \in Replica : \A s \in DOMAIN decided[r] : ChosenIn(s, decided[r][s])

\* Applied logs are prefixes of one another.
\* Checks MPAXOS-7, MPAXOS-10.
PrefixConsistency ==
    \A r1, r2 \in Replica :
        \A i \in 1..AppliedPrefix(r1) :
            i <= AppliedPrefix(r2) => decided[r1][i] = decided[r2][i]

\* A leader's proposals in its ballot cover a gap-free run of slots from 1,
\* apart from chosen slots it skipped because they were compacted: if they
\* get through, no slot below its highest is left empty.
\* Checks MPAXOS-5, MPAXOS-12.
NoHoles == \A b \in DOMAIN nextSlot : \A s \in 1..(nextSlot[b] - 1) :
               \/ \E m \in msgs : m.type = "2a" /\ m.bal = b /\ m.slot = s
               \/ Chosen(s) # {}

\* An acceptor compacts only chosen slots, and keeps no vote for them.
\* Checks MPAXOS-12.
CompactedChosen == \A a \in Acceptor : \A s \in 1..compacted[a] :
                       /\ Chosen(s) # {}
                       /\ s \notin DOMAIN accepted[a]

\* One proposal per ballot and slot.
\* Checks PAXOS-3, MPAXOS-4.
OneValuePerBallotSlot ==
    \A m1, m2 \in msgs : /\ m1.type = "2a" /\ m2.type = "2a"
                         /\ m1.bal = m2.bal /\ m1.slot = m2.slot
                         => m1.val = m2.val

\* Client-observed linearizability (real-time order): if command v1 was
\* applied at some replica before command v2 was submitted, then in every
\* replica's applied log v1 comes before v2.
\* Checks MPAXOS-10, MPAXOS-11.
Linearizable ==
    \A v2 \in submitted, v1 \in Value, r \in Replica :
        v1 \in completedBefore[v2] =>
            \A j \in 1..AppliedPrefix(r) :
                decided[r][j] = v2 => \E i \in 1..(j - 1) : decided[r][i] = v1

\* Every applied command was submitted by a client.
\* Checks PAXOS-9.
Validity == \A r \in Replica : \A s \in DOMAIN decided[r] : decided[r][s] \in submitted \cup {Noop}

Inv == /\ TypeOK /\ PerSlotAgreement /\ ChosenUnique /\ LearnedIsChosen
       /\ PrefixConsistency /\ NoHoles /\ OneValuePerBallotSlot /\ Linearizable /\ Validity
       /\ CompactedChosen
=============================================================================
