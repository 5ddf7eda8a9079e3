---------------------------- MODULE VectorClock ----------------------------
(***************************************************************************)
(* Vector clocks (requirements VC in spec/clocks.md) over processes that   *)
(* exchange messages; messages may be delayed, reordered and lost, and are *)
(* received at most once. Each process ticks its own entry on every event  *)
(* and merges (pointwise max) the message's clock on receipt.             *)
(*                                                                         *)
(* A history variable records every event with its process and vector     *)
(* clock, and the happened-before relation built from program order and   *)
(* send/receive pairs alone. StrongClockCondition checks that the clocks   *)
(* capture happened-before exactly. Go: clocks/vector.go, clocks/dense.go. *)
(* Vectors here are total functions on Proc; the Go Vector type reads a    *)
(* missing entry as 0, which is the same clock.                            *)
(***************************************************************************)
EXTENDS Naturals, Sequences, FiniteSets

CONSTANT Proc            \* the set of processes

VARIABLES
    vc,         \* vc[p]: process p's vector clock, a function Proc -> Nat
    events,     \* the history: a sequence of [proc |-> p, vc |-> clock after the event]
    last,       \* last[p]: index in events of p's latest event, 0 if none
    hb,         \* happened-before: the set of pairs <<e, f>> of event indexes with e hb f
    inflight    \* messages sent and not yet received: [vc |-> clock, ev |-> send event index]

vars == <<vc, events, last, hb, inflight>>

Max(a, b) == IF a >= b THEN a ELSE b

Events == 1..Len(events)

Zero == [q \in Proc |-> 0]

\* Checks VC-3.
Merge(a, b) == [q \in Proc |-> Max(a[q], b[q])]

\* Checks VC-2.
TickAt(v, p) == [v EXCEPT ![p] = v[p] + 1]

\* a < b: no entry larger and the clocks differ (Compare returns Before).
\* Checks VC-4.
Less(a, b) == (\A q \in Proc : a[q] <= b[q]) /\ a # b

TypeOK ==
    /\ vc \in [Proc -> [Proc -> Nat]]
    /\ last \in [Proc -> 0..Len(events)]
    /\ hb \subseteq Events \X Events
    /\ \A m \in inflight : m.ev \in Events

Init ==
    /\ vc = [p \in Proc |-> Zero]
    /\ events = <<>>
    /\ last = [p \in Proc |-> 0]
    /\ hb = {}
    /\ inflight = {}

Past(e) == IF e = 0 THEN {} ELSE {e} \cup {x \in Events : <<x, e>> \in hb}

Record(p, v, preds) ==
    LET e == Len(events) + 1 IN
    /\ events' = Append(events, [proc |-> p, vc |-> v])
    /\ last' = [last EXCEPT ![p] = e]
    /\ hb' = hb \cup {<<x, e>> : x \in preds}

\* Checks VC-2.
Tick(p) ==
    /\ vc' = [vc EXCEPT ![p] = TickAt(vc[p], p)]
    /\ Record(p, TickAt(vc[p], p), Past(last[p]))
    /\ UNCHANGED inflight

\* Checks VC-2.
Send(p) ==
    /\ vc' = [vc EXCEPT ![p] = TickAt(vc[p], p)]
    /\ Record(p, TickAt(vc[p], p), Past(last[p]))
    /\ inflight' = inflight \cup {[vc |-> TickAt(vc[p], p), ev |-> Len(events) + 1]}

\* Checks VC-3.
Receive(p, m) ==
    LET v == TickAt(Merge(vc[p], m.vc), p) IN
    /\ events[m.ev].proc # p
    /\ vc' = [vc EXCEPT ![p] = v]
    /\ Record(p, v, Past(last[p]) \cup Past(m.ev))
    /\ inflight' = inflight \ {m}

Next ==
    \E p \in Proc :
        \/ Tick(p)
        \/ Send(p)
        \/ \E m \in inflight : Receive(p, m)

Spec == Init /\ [][Next]_vars

\* e hb f if and only if vc(e) < vc(f); so two events are concurrent exactly when neither
\* clock is below the other.
\* Checks VC-5.
StrongClockCondition ==
    \A e, f \in Events :
        e # f => (<<e, f>> \in hb <=> Less(events[e].vc, events[f].vc))

\* Distinct events never carry equal clocks, so Compare reports Equal only for the same event.
\* Checks VC-4.
DistinctEventsDistinctClocks ==
    \A e, f \in Events : e # f => events[e].vc # events[f].vc
=============================================================================
