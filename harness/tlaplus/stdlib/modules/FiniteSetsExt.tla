--------------------------- MODULE FiniteSetsExt ---------------------------
(***************************************************************************)
(* Community operators on finite sets, under the names the community       *)
(* module has now: SumSet and ProductSet (formerly Sum and Product, names  *)
(* many specs define themselves, such as EWD998's Sum(f, S)), FlattenSet   *)
(* (formerly Flatten), MapThenSumSet and Choices. The evaluator implements *)
(* most natively; the definitions state their meaning. Like the community  *)
(* copy, it EXTENDS (and so exports) the modules it builds on, so that a   *)
(* spec extending FiniteSetsExt may use Functions' Range.                  *)
(***************************************************************************)
EXTENDS Integers, FiniteSets, Functions, Folds

FoldSet(op(_, _), base, set) ==
    MapThenFoldSet(op, base, LAMBDA x : x, LAMBDA s : CHOOSE x \in s : TRUE, set)

SumSet(set) == FoldSet(+, 0, set)

ProductSet(set) == FoldSet(LAMBDA x, y : x * y, 1, set)

ReduceSet(op(_, _), set, base) == FoldSet(op, base, set)

MapThenSumSet(op(_), set) ==
    MapThenFoldSet(+, 0, op, LAMBDA s : CHOOSE x \in s : TRUE, set)

FlattenSet(S) == UNION S

SymDiff(A, B) == (A \ B) \cup (B \ A)

Quantify(S, P(_)) == Cardinality({s \in S : P(s)})

kSubset(k, S) == {s \in SUBSET S : Cardinality(s) = k}

\* Ksubsets is the name older versions of the module gave kSubset, arguments swapped.
Ksubsets(S, k) == kSubset(k, S)

Max(S) == CHOOSE x \in S : \A y \in S : x >= y

Min(S) == CHOOSE x \in S : \A y \in S : x <= y

\* The sets holding one element of each set of Sets.
Choices(Sets) ==
    LET ChoiceFunction(Ts) == {f \in [Ts -> UNION Ts] : \A T \in Ts : f[T] \in T}
    IN  {Range(f) : f \in ChoiceFunction(Sets)}

ChooseUnique(S, P(_)) == CHOOSE x \in S : P(x) /\ \A y \in S : P(y) => y = x
=============================================================================
