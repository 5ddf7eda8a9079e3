------------------------------ MODULE VectorClocks ------------------------------
(***************************************************************************)
(* The community module of vector clocks over a log of events. It extends *)
(* Naturals, Sequences and Functions.                                      *)
(***************************************************************************)
EXTENDS Naturals, Sequences, Functions

LOCAL concurrent(v1, v2) ==
    \E i, j \in DOMAIN v1 : i /= j /\ v1[i] < v2[i] /\ v1[j] > v2[j]

LOCAL happenedBefore(v1, v2) ==
    /\ \A i \in DOMAIN v1 : v1[i] <= v2[i]
    /\ \E i \in DOMAIN v1 : v1[i] < v2[i]

IsCausallyOrdered(log, clock(_)) ==
    \A i \in 1 .. Len(log) :
        \A j \in 1 .. (i - 1) :
            \/ happenedBefore(clock(log[j]), clock(log[i]))
            \/ concurrent(clock(log[j]), clock(log[i]))

SortCausally(log, clock(_), node(_)) ==
    CHOOSE newlog \in {f \in [1 .. Len(log) -> Range(log)] : Range(f) = Range(log)} :
        IsCausallyOrdered(newlog, clock)
=============================================================================
