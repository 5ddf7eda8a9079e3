---------------------------- MODULE LamportClock ----------------------------
(***************************************************************************)
(* Lamport clocks (requirements LC in spec/clocks.md) over processes that *)
(* exchange messages. Messages may be delayed, reordered and lost (never   *)
(* received); each is received at most once.                               *)
(*                                                                         *)
(* Besides the clocks, the spec keeps a history variable: every event with *)
(* its process and timestamp, and the happened-before relation built from  *)
(* program order and send/receive pairs, independently of any clock. The   *)
(* invariant ClockCondition compares the two. Go: clocks/lamport.go.       *)
(***************************************************************************)
EXTENDS Naturals, Sequences, FiniteSets

CONSTANT Proc            \* the set of processes

VARIABLES
    clock,      \* clock[p]: process p's Lamport clock
    events,     \* the history: a sequence of [proc |-> p, ts |-> timestamp]
    last,       \* last[p]: index in events of p's latest event, 0 if none
    hb,         \* happened-before: the set of pairs <<e, f>> of event indexes with e hb f
    inflight    \* messages sent and not yet received: [ts |-> stamp, ev |-> send event index]

vars == <<clock, events, last, hb, inflight>>

Max(a, b) == IF a >= b THEN a ELSE b

Events == 1..Len(events)

TypeOK ==
    /\ clock \in [Proc -> Nat]
    /\ last \in [Proc -> 0..Len(events)]
    /\ hb \subseteq Events \X Events
    /\ \A m \in inflight : m.ev \in Events /\ m.ts \in Nat

\* Checks LC-1.
Init ==
    /\ clock = [p \in Proc |-> 0]
    /\ events = <<>>
    /\ last = [p \in Proc |-> 0]
    /\ hb = {}
    /\ inflight = {}

\* The event e together with every event that happened before it; {} for e = 0 (no event).
Past(e) == IF e = 0 THEN {} ELSE {e} \cup {x \in Events : <<x, e>> \in hb}

\* Appends an event of p stamped t whose causal past is preds.
Record(p, t, preds) ==
    LET e == Len(events) + 1 IN
    /\ events' = Append(events, [proc |-> p, ts |-> t])
    /\ last' = [last EXCEPT ![p] = e]
    /\ hb' = hb \cup {<<x, e>> : x \in preds}

\* Checks LC-2.
Tick(p) ==
    /\ clock' = [clock EXCEPT ![p] = clock[p] + 1]
    /\ Record(p, clock[p] + 1, Past(last[p]))
    /\ UNCHANGED inflight

\* Checks LC-3.
Send(p) ==
    /\ clock' = [clock EXCEPT ![p] = clock[p] + 1]
    /\ Record(p, clock[p] + 1, Past(last[p]))
    /\ inflight' = inflight \cup {[ts |-> clock[p] + 1, ev |-> Len(events) + 1]}

\* Checks LC-4.
Receive(p, m) ==
    /\ events[m.ev].proc # p
    /\ clock' = [clock EXCEPT ![p] = Max(clock[p], m.ts) + 1]
    /\ Record(p, Max(clock[p], m.ts) + 1, Past(last[p]) \cup Past(m.ev))
    /\ inflight' = inflight \ {m}

Next ==
    \E p \in Proc :
        \/ Tick(p)
        \/ Send(p)
        \/ \E m \in inflight : Receive(p, m)

Spec == Init /\ [][Next]_vars

\* Every event is stamped with its process's clock at the time.
\* Checks LC-2, LC-4.
StampsAreClocks == \A p \in Proc : last[p] # 0 => events[last[p]].ts = clock[p]

\* Checks LC-7.
ClockCondition == \A pair \in hb : events[pair[1]].ts < events[pair[2]].ts
=============================================================================
