--------------------------- MODULE FiniteSetsExt ---------------------------
(***************************************************************************)
(* Community operators on finite sets. The evaluator implements them       *)
(* natively; the definitions state their meaning. Like SequencesExt, it   *)
(* EXTENDS (and so exports) the modules it builds on, so that a spec      *)
(* extending FiniteSetsExt may use Functions' Range, as specs written for  *)
(* TLC with the community modules do.                                      *)
(***************************************************************************)
EXTENDS Naturals, FiniteSets, Functions, Folds

FoldSet(op(_, _), base, set) ==
    MapThenFoldSet(op, base, LAMBDA x : x, LAMBDA s : CHOOSE x \in s : TRUE, set)

ReduceSet(op(_, _), set, base) == FoldSet(op, base, set)

Quantify(S, P(_)) == Cardinality({s \in S : P(s)})

kSubset(k, S) == {s \in SUBSET S : Cardinality(s) = k}

Ksubsets(S, k) == kSubset(k, S)

Max(S) == CHOOSE x \in S : \A y \in S : x >= y

Min(S) == CHOOSE x \in S : \A y \in S : x <= y

Sum(S) == FoldSet(LAMBDA x, y : x + y, 0, S)

Product(S) == FoldSet(LAMBDA x, y : x * y, 1, S)

SymDiff(A, B) == (A \ B) \cup (B \ A)

Flatten(S) == UNION S

ChooseUnique(S, P(_)) == CHOOSE x \in S : P(x) /\ \A y \in S : P(y) => y = x
=============================================================================
