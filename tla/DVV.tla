-------------------------------- MODULE DVV --------------------------------
(***************************************************************************)
(* Dotted version vector sets (requirements DVV in spec/clocks.md) holding *)
(* one multi-writer register on a set of replicas, which are also the     *)
(* nodes that coordinate writes. Clients read a replica's causal context, *)
(* later write through any replica with any context they read (so stale   *)
(* contexts are covered), and replicas run anti-entropy in any direction. *)
(*                                                                         *)
(* A reference model that never looks at dots or counters runs alongside: *)
(* the writes each replica knows of, and for each write the writes its    *)
(* client had read. ExactSiblings checks that every replica keeps exactly *)
(* the known writes that no known write overwrote. Values are write IDs.  *)
(* Go: clocks/dvv.go.                                                      *)
(***************************************************************************)
EXTENDS Naturals, Sequences, FiniteSets

CONSTANT Replica         \* the replicas, also the nodes that coordinate writes

VARIABLES
    dvv,        \* dvv[r][m] = [n |-> counter, vals |-> write IDs, newest first] for node m
    reads,      \* contexts clients have read: [ctx |-> version vector, seen |-> write IDs]
    known,      \* known[r]: the writes replica r knows of (reference model)
    overwrote   \* overwrote[w]: the writes the client of write w had read (reference model)

vars == <<dvv, reads, known, overwrote>>

Max(a, b) == IF a >= b THEN a ELSE b

Range(s) == {s[i] : i \in DOMAIN s}

EmptyEntry == [n |-> 0, vals |-> <<>>]

TypeOK ==
    /\ dvv \in [Replica -> [Replica -> [n : Nat, vals : Seq(Nat)]]]
    /\ \A r \in Replica : known[r] \subseteq 1..Len(overwrote)
    /\ \A rd \in reads : rd.ctx \in [Replica -> Nat]

Init ==
    /\ dvv = [r \in Replica |-> [m \in Replica |-> EmptyEntry]]
    /\ reads = {}
    /\ known = [r \in Replica |-> {}]
    /\ overwrote = <<>>

\* Merge two entries of one node: a value survives unless one side has seen its dot without
\* keeping it. The side with the larger counter holds every survivor, newest first.
\* Checks DVV-3.
SyncEntry(x, y) ==
    LET hi    == IF x.n >= y.n THEN x ELSE y
        floor == Max(x.n - Len(x.vals), y.n - Len(y.vals))
    IN  [n |-> hi.n, vals |-> SubSeq(hi.vals, 1, hi.n - floor)]

\* Checks DVV-3.
Sync(d, e) == [m \in Replica |-> SyncEntry(d[m], e[m])]

\* Checks DVV-4.
Join(d) == [m \in Replica |-> d[m].n]

Values(d) == UNION {Range(d[m].vals) : m \in Replica}

\* Update(context, r, w): sync the context in as a set without values, then add w with the
\* next dot of r.
\* Checks DVV-2.
Update(d, ctx, r, w) ==
    LET s == Sync(d, [m \in Replica |-> [n |-> ctx[m], vals |-> <<>>]])
    IN  [s EXCEPT ![r] = [n |-> s[r].n + 1, vals |-> <<w>> \o s[r].vals]]

\* A client reads replica r: its siblings and causal context.
\* Checks DVV-4, DVV-5.
Read(r) ==
    /\ reads' = reads \cup {[ctx |-> Join(dvv[r]), seen |-> known[r]]}
    /\ UNCHANGED <<dvv, known, overwrote>>

\* A client that read rd (a blind write when rd is the empty context) writes through r.
Write(r, rd) ==
    LET w == Len(overwrote) + 1 IN
    /\ dvv' = [dvv EXCEPT ![r] = Update(dvv[r], rd.ctx, r, w)]
    /\ overwrote' = Append(overwrote, rd.seen)
    /\ known' = [known EXCEPT ![r] = known[r] \cup rd.seen \cup {w}]
    /\ UNCHANGED reads

BlindRead == [ctx |-> [m \in Replica |-> 0], seen |-> {}]

\* Anti-entropy: replica a absorbs replica b.
AntiEntropy(a, b) ==
    /\ a # b
    /\ dvv' = [dvv EXCEPT ![a] = Sync(dvv[a], dvv[b])]
    /\ known' = [known EXCEPT ![a] = known[a] \cup known[b]]
    /\ UNCHANGED <<reads, overwrote>>

Next ==
    \E r \in Replica :
        \/ Read(r)
        \/ \E rd \in reads \cup {BlindRead} : Write(r, rd)
        \/ \E b \in Replica : AntiEntropy(r, b)

Spec == Init /\ [][Next]_vars

\* The writes replica r knows of that no write it knows of overwrote.
Expected(r) == {w \in known[r] : \A x \in known[r] : w \notin overwrote[x]}

\* Concurrent siblings are never lost and overwritten ones never kept.
\* Checks DVV-8.
ExactSiblings == \A r \in Replica : Values(dvv[r]) = Expected(r)

\* Each sibling is stored once: dots are unique.
\* Checks DVV-1.
NoDuplicateSiblings ==
    \A r, m1, m2 \in Replica :
        \A i \in DOMAIN dvv[r][m1].vals, j \in DOMAIN dvv[r][m2].vals :
            dvv[r][m1].vals[i] = dvv[r][m2].vals[j] => (m1 = m2 /\ i = j)

\* A node's stored values never outnumber its counter.
\* Checks DVV-1.
ValuesWithinCounter == \A r, m \in Replica : Len(dvv[r][m].vals) <= dvv[r][m].n
=============================================================================
