-------------------------------- MODULE HLC --------------------------------
(***************************************************************************)
(* Hybrid logical clocks (Kulkarni, Demirbas et al. 2014; requirements HLC *)
(* in spec/clocks.md) over processes that exchange messages; messages may  *)
(* be delayed, reordered and lost, and are received at most once.          *)
(*                                                                         *)
(* Each process has a physical clock pt that only moves forward, one unit  *)
(* at a time, and never more than Epsilon ahead of any other process's     *)
(* clock: the clock-synchronisation assumption of the paper. A timestamp   *)
(* is a record [l, c] ordered lexicographically. A history variable keeps  *)
(* every event with its timestamp and physical time, and happened-before   *)
(* built from program order and send/receive pairs alone.                  *)
(* Go: clocks/hlc.go (Now is SendOrLocal, Update is Receive).              *)
(***************************************************************************)
EXTENDS Naturals, Sequences, FiniteSets

CONSTANTS
    Proc,       \* the set of processes
    Epsilon     \* the largest difference between two physical clocks

VARIABLES
    pt,         \* pt[p]: process p's physical clock
    hlc,        \* hlc[p]: process p's timestamp [l |-> .., c |-> ..]
    events,     \* the history: a sequence of [proc, l, c, pt]
    last,       \* last[p]: index in events of p's latest event, 0 if none
    hb,         \* happened-before: the set of pairs <<e, f>> of event indexes with e hb f
    inflight    \* messages sent and not yet received: [l, c, ev |-> send event index]

vars == <<pt, hlc, events, last, hb, inflight>>

Max(a, b) == IF a >= b THEN a ELSE b

Events == 1..Len(events)

\* Lexicographic order on (l, c).
\* Checks HLC-9.
TSLess(s, t) == s.l < t.l \/ (s.l = t.l /\ s.c < t.c)

TypeOK ==
    /\ pt \in [Proc -> Nat]
    /\ hlc \in [Proc -> [l : Nat, c : Nat]]
    /\ last \in [Proc -> 0..Len(events)]
    /\ hb \subseteq Events \X Events
    /\ \A m \in inflight : m.ev \in Events

Init ==
    /\ pt = [p \in Proc |-> 1]    \* physical time is positive, so l = 0 is below every pt
    /\ hlc = [p \in Proc |-> [l |-> 0, c |-> 0]]
    /\ events = <<>>
    /\ last = [p \in Proc |-> 0]
    /\ hb = {}
    /\ inflight = {}

\* The timestamp of a local or send event at p.
\* Checks HLC-1.
LocalTS(p) ==
    LET nl == Max(hlc[p].l, pt[p]) IN
    [l |-> nl, c |-> IF nl = hlc[p].l THEN hlc[p].c + 1 ELSE 0]

\* The timestamp of the receipt of m at p.
\* Checks HLC-2.
ReceiveTS(p, m) ==
    LET nl == Max(Max(hlc[p].l, m.l), pt[p]) IN
    [l |-> nl,
     c |-> IF nl = hlc[p].l /\ nl = m.l THEN Max(hlc[p].c, m.c) + 1
           ELSE IF nl = hlc[p].l THEN hlc[p].c + 1
           ELSE IF nl = m.l THEN m.c + 1
           ELSE 0]

Past(e) == IF e = 0 THEN {} ELSE {e} \cup {x \in Events : <<x, e>> \in hb}

Record(p, ts, preds) ==
    LET e == Len(events) + 1 IN
    /\ hlc' = [hlc EXCEPT ![p] = ts]
    /\ events' = Append(events, [proc |-> p, l |-> ts.l, c |-> ts.c, pt |-> pt[p]])
    /\ last' = [last EXCEPT ![p] = e]
    /\ hb' = hb \cup {<<x, e>> : x \in preds}

\* Physical time passes at p, keeping every pair of clocks within Epsilon.
AdvancePhysical(p) ==
    /\ \A q \in Proc : pt[p] + 1 <= pt[q] + Epsilon
    /\ pt' = [pt EXCEPT ![p] = pt[p] + 1]
    /\ UNCHANGED <<hlc, events, last, hb, inflight>>

\* Checks HLC-1.
SendOrLocal(p) ==
    /\ Record(p, LocalTS(p), Past(last[p]))
    /\ \/ UNCHANGED inflight                              \* a local event
       \/ inflight' = inflight \cup                        \* a send event
              {[l |-> LocalTS(p).l, c |-> LocalTS(p).c, ev |-> Len(events) + 1]}
    /\ UNCHANGED pt

\* Checks HLC-2.
Receive(p, m) ==
    /\ events[m.ev].proc # p
    /\ Record(p, ReceiveTS(p, m), Past(last[p]) \cup Past(m.ev))
    /\ inflight' = inflight \ {m}
    /\ UNCHANGED pt

Next ==
    \E p \in Proc :
        \/ AdvancePhysical(p)
        \/ SendOrLocal(p)
        \/ \E m \in inflight : Receive(p, m)

Spec == Init /\ [][Next]_vars

\* Checks HLC-5.
ClockCondition == \A pair \in hb : TSLess(events[pair[1]], events[pair[2]])

\* Checks HLC-4.
Monotonic == \A pair \in hb :
    events[pair[1]].proc = events[pair[2]].proc => TSLess(events[pair[1]], events[pair[2]])

\* Checks HLC-6.
LAtLeastPT == \A e \in Events : events[e].l >= events[e].pt

\* Checks HLC-7.
LWithinEpsilon == \A e \in Events : events[e].l <= events[e].pt + Epsilon

\* c counts, at most, the earlier events in the causal past that share l.
\* Checks HLC-8.
CBounded ==
    \A f \in Events :
        events[f].c <= Cardinality({e \in Events : <<e, f>> \in hb /\ events[e].l = events[f].l})
=============================================================================
