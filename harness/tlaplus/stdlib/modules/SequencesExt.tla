---------------------------- MODULE SequencesExt ----------------------------
(***************************************************************************)
(* Community operators on sequences. The evaluator implements them         *)
(* natively; the definitions state their meaning.                          *)
(* Like the community module's current copy, it EXTENDS (and so exports)   *)
(* the modules it builds on: a spec extending SequencesExt may use Range,  *)
(* Max, IsInjective, Len or :> without extending their modules itself.    *)
EXTENDS Sequences, Naturals, FiniteSets, FiniteSetsExt, Folds, Functions, Bags, TLC

ToSet(s) == {s[i] : i \in DOMAIN s}

SetToSeq(S) == CHOOSE f \in [1 .. Cardinality(S) -> S] : IsInjective(f)

SetToSortSeq(S, op(_, _)) ==
    CHOOSE f \in [1 .. Cardinality(S) -> S] :
        /\ IsInjective(f)
        /\ \A i \in 1 .. (Cardinality(S) - 1) : op(f[i], f[i + 1])

Reverse(s) == [i \in 1 .. Len(s) |-> s[(Len(s) - i) + 1]]

Contains(s, e) == \E i \in 1 .. Len(s) : s[i] = e

Remove(s, e) == SelectSeq(s, LAMBDA t : t /= e)

ReplaceAll(s, old, new) == [i \in 1 .. Len(s) |-> IF s[i] = old THEN new ELSE s[i]]

InsertAt(s, i, e) == SubSeq(s, 1, i - 1) \o <<e>> \o SubSeq(s, i, Len(s))

RemoveAt(s, i) == SubSeq(s, 1, i - 1) \o SubSeq(s, i + 1, Len(s))

ReplaceAt(s, i, e) == [s EXCEPT ![i] = e]

Front(s) == SubSeq(s, 1, Len(s) - 1)

Last(s) == s[Len(s)]

Cons(elt, seq) == <<elt>> \o seq

IsPrefix(s, t) == Len(s) <= Len(t) /\ SubSeq(s, 1, Len(s)) = SubSeq(t, 1, Len(s))

IsStrictPrefix(s, t) == IsPrefix(s, t) /\ s /= t

IsSuffix(s, t) == IsPrefix(Reverse(s), Reverse(t))

IsStrictSuffix(s, t) == IsSuffix(s, t) /\ s /= t

Indices(s) == DOMAIN s

FoldLeft(op(_, _), base, seq) ==
    MapThenFoldSet(LAMBDA x, y : op(y, x), base, LAMBDA i : seq[i],
                   LAMBDA S : CHOOSE i \in S : \A j \in S : i >= j, DOMAIN seq)

FoldRight(op(_, _), seq, base) ==
    MapThenFoldSet(op, base, LAMBDA i : seq[i],
                   LAMBDA S : CHOOSE i \in S : \A j \in S : i <= j, DOMAIN seq)

FoldSeq(op(_, _), base, seq) == FoldFunction(op, base, seq)

FlattenSeq(seqs) == FoldLeft(LAMBDA a, b : a \o b, << >>, seqs)

Zip(s, t) == [i \in DOMAIN s |-> <<s[i], t[i]>>]

SelectInSeq(seq, Test(_)) ==
    LET I == {i \in 1 .. Len(seq) : Test(seq[i])}
    IN  IF I /= {} THEN CHOOSE i \in I : \A j \in I : i <= j ELSE 0

SelectLastInSeq(seq, Test(_)) ==
    LET I == {i \in 1 .. Len(seq) : Test(seq[i])}
    IN  IF I /= {} THEN CHOOSE i \in I : \A j \in I : i >= j ELSE 0

BoundedSeq(S, N) == UNION {[1 .. n -> S] : n \in 0 .. N}

SeqOf(S, n) == BoundedSeq(S, n)

Prefixes(s) == {SubSeq(s, 1, l) : l \in 0 .. Len(s)}

Suffixes(s) == {SubSeq(s, l, Len(s)) : l \in 1 .. (Len(s) + 1)}
=============================================================================
