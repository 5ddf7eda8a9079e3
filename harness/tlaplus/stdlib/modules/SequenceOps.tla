---------------------------- MODULE SequenceOps ----------------------------
(***************************************************************************)
(* The TLAPS library module of further operators on sequences; module      *)
(* SequenceOpTheorems states facts about them.                             *)
(***************************************************************************)
EXTENDS Sequences, Integers, Functions

Cons(elt, seq) == <<elt>> \o seq

InsertAt(seq, i, elt) == SubSeq(seq, 1, i-1) \o <<elt>> \o SubSeq(seq, i, Len(seq))

RemoveAt(seq, i) == SubSeq(seq, 1, i-1) \o SubSeq(seq, i+1, Len(seq))

Front(seq) == SubSeq(seq, 1, Len(seq)-1)

Last(seq) == seq[Len(seq)]

Reverse(seq) == [j \in 1 .. Len(seq) |-> seq[Len(seq)-j+1]]

IsPrefix(s, t) == \E u \in Seq(Range(t)) : t = s \o u

IsStrictPrefix(s, t) == IsPrefix(s, t) /\ s # t

IsSuffix(s, t) == \E u \in Seq(Range(t)) : t = u \o s

IsStrictSuffix(s, t) == IsSuffix(s, t) /\ s # t
=============================================================================
