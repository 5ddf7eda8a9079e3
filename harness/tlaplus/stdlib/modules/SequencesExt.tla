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

\* As the community module's: not FoldSeq(\o, << >>, seqs), so that TLC flattens strings.
FlattenSeq(seqs) ==
    IF Len(seqs) = 0 THEN seqs
    ELSE LET flatten[i \in 1 .. Len(seqs)] ==
                 IF i = 1 THEN seqs[i] ELSE flatten[i - 1] \o seqs[i]
         IN  flatten[Len(seqs)]

Zip(s, t) ==
    LET l == IF Len(s) <= Len(t) THEN Len(s) ELSE Len(t)
    IN  [i \in 1 .. l |-> <<s[i], t[i]>>]

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

\* The operators below are those the community module added later; they run as defined here.

ToBag(s) == [x \in Range(s) |-> Cardinality({i \in DOMAIN s : s[i] = x})]

SetToSeqs(S) ==
    LET D == 1 .. Cardinality(S)
    IN  {f \in [D -> S] : \A i, j \in D : i /= j => f[i] /= f[j]}

SetToAllKPermutations(S) == UNION {SetToSeqs(s) : s \in SUBSET S}

TupleOf(set, n) == [1 .. n -> set]

IsSorted(s, op(_, _)) == \A i, j \in 1 .. Len(s) : i < j => op(s[i], s[j])

SelectInSubSeq(seq, from, to, Test(_)) == SelectInSeq(SubSeq(seq, from, to), Test)

SelectLastInSubSeq(seq, from, to, Test(_)) == SelectLastInSeq(SubSeq(seq, from, to), Test)

RemoveFirst(s, e) ==
    IF \E i \in 1 .. Len(s) : s[i] = e
    THEN RemoveAt(s, SelectInSeq(s, LAMBDA v : v = e))
    ELSE s

RemoveFirstMatch(s, Test(_)) ==
    IF \E i \in 1 .. Len(s) : Test(s[i])
    THEN RemoveAt(s, SelectInSeq(s, Test))
    ELSE s

Snoc(elt, seq) == Append(seq, elt)

CommonPrefixes(S) ==
    LET P == UNION {Prefixes(seq) : seq \in S}
    IN  {prefix \in P : \A t \in S : IsPrefix(prefix, t)}

LongestCommonPrefix(S) ==
    CHOOSE longest \in CommonPrefixes(S) :
        \A other \in CommonPrefixes(S) : Len(other) <= Len(longest)

\* a modulo b in 1 .. b, for indexing sequences cyclically.
SeqMod(a, b) == IF a % b = 0 THEN b ELSE a % b

FoldLeftDomain(op(_, _), base, seq) == FoldLeft(op, base, [i \in DOMAIN seq |-> i])

FoldRightDomain(op(_, _), seq, base) == FoldRight(op, [i \in DOMAIN seq |-> i], base)

\* <<<<s[1]>>, <<t[1]>>, <<s[2]>>, <<t[2]>>, ...>>, for sequences of equal length.
Interleave(s, t) ==
    CASE Len(s) = Len(t) /\ Len(s) > 0 ->
            LET u[i \in 1 .. Len(s)] ==
                    IF i = 1 THEN << <<s[i]>> >> \o << <<t[i]>> >>
                    ELSE u[i - 1] \o << <<s[i]>> >> \o << <<t[i]>> >>
            IN  Last(u)
      [] Len(s) = Len(t) /\ Len(s) = 0 -> << >>

SubSeqs(s) == {SubSeq(s, i + 1, j) : i, j \in 0 .. Len(s)}

AllSubSeqs(s) == {FoldFunction(Snoc, << >>, [i \in D |-> s[i]]) : D \in SUBSET DOMAIN s}

IndexFirstSubSeq(s, t) ==
    LET last == CHOOSE i \in 0 .. Len(t) :
                    /\ s \in SubSeqs(SubSeq(t, 1, i))
                    /\ \A j \in 0 .. i - 1 : s \notin SubSeqs(SubSeq(t, 1, j))
    IN  last - (Len(s) - 1)

ReplaceSubSeqAt(i, r, s, t) ==
    LET prefix == SubSeq(t, 1, i - 1)
        suffix == SubSeq(t, i + Len(s), Len(t))
    IN  prefix \o r \o suffix

ReplaceFirstSubSeq(r, s, t) ==
    IF s \in SubSeqs(t) THEN ReplaceSubSeqAt(IndexFirstSubSeq(s, t), r, s, t) ELSE t

\* t with every occurrence of s replaced by r, the leftmost of overlapping ones first.
ReplaceAllSubSeqs(r, s, t) ==
    CASE s = t -> r
      [] r = s -> t
      [] s /= t /\ Len(s) = 0 ->
            LET z == Interleave([i \in 1 .. Len(t) |-> r], [i \in 1 .. Len(t) |-> <<t[i]>>])
            IN  FlattenSeq(FlattenSeq(z))
      [] s /= t /\ Len(s) > 0 /\ s \in SubSeqs(t) ->
            LET match(f) == {i \in 1 .. Len(f) : s = f[i]}
                comp(p, q) == \A i \in 1 .. Len(p) : p[i] <= q[i]
                R == BoundedSeq(BoundedSeq(Range(t), Len(t)), Len(t))
                S == {f \in R : FlattenSeq(f) = t}
                T == {f \in S : \A g \in S : Cardinality(match(g)) <= Cardinality(match(f))}
                u == CHOOSE f \in T :
                        \A g \in T : comp(SetToSortSeq(match(f), <), SetToSortSeq(match(g), <))
            IN  FlattenSeq([i \in 1 .. Len(u) |-> IF s = u[i] THEN r ELSE u[i]])
      [] OTHER -> t
=============================================================================
